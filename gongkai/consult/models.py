"""政务咨询 / 留言: public questions addressed to a unit, answered on a working-day promise.

Status flow (voice.md §2.4, simplified to what the platform records):

    submitted ──answer──▶ answered            (publication chosen after: see Publication)
        │ ├──transfer──▶ submitted (another unit; the clock is NOT restarted)
        │ ├──merge────▶ merged     (a duplicate of a message that got, or will get, the answer)
        │ ├──convert──▶ converted  (an 依申请公开 application made from it; terminal)
        └─┴──reject───▶ invalid    (with a reason; shown on the board, never hidden)
"""
from django.conf import settings
from django.db import models

from gongkai.crypto.fields import EncryptedTextField
from gongkai.domain.consultation import DEFAULT_PROMISE_WORKDAYS, MAX_PROMISE_WORKDAYS
from gongkai.units.models import Unit


class Category(models.TextChoices):
    """留言类别."""

    CONSULT = "consult", "咨询"
    SUGGEST = "suggest", "建议"
    COMPLAIN = "complain", "投诉"
    HELP = "help", "求助"
    OTHER = "other", "其他"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待答复"
    ANSWERED = "answered", "已答复"
    MERGED = "merged", "已合并（重复留言）"
    CONVERTED = "converted", "已转为政府信息公开申请"
    INVALID = "invalid", "不予受理"


OPEN_STATUSES = (Status.SUBMITTED,)
CLOSED_STATUSES = (Status.ANSWERED, Status.CONVERTED)   # 办结 (counts as answered)


class InvalidReason(models.TextChoices):
    """无效留言的理由 (voice.md §2.1 local practice)."""

    NO_CONTACT = "no_contact", "无有效联系方式"
    NO_CONTENT = "no_content", "无具体内容"
    AD_SPAM = "ad_spam", "广告或垃圾信息"
    ABUSE = "abuse", "谣言、诽谤或辱骂"
    PETITION = "petition", "信访、投诉、举报事项（已告知通过相应渠道反映）"


class Publication(models.TextChoices):
    """公开答复 state of an answered message."""

    NONE = "none", "未选择"
    PENDING = "pending", "待审核公开"
    PUBLISHED = "published", "已公开"
    NOT_PUBLISHED = "not_published", "不公开"


class ConsultationPolicy(models.Model):
    """A unit's promise and publication rule (UnitConsultationPolicy, voice.md §2.3)."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="consultation_policy")
    promise_workdays = models.PositiveSmallIntegerField(
        "答复承诺期限（工作日）", default=DEFAULT_PROMISE_WORKDAYS,
        help_text=f"自收到留言次日起计算；1至{MAX_PROMISE_WORKDAYS}个工作日")
    review_before_publication = models.BooleanField(
        "公开答复须经审核人批准", default=False,
        help_text="选中后，工作人员选择公开的答复须由本单位审核人批准后才在门户网站公开")

    class Meta:
        verbose_name = verbose_name_plural = "政务咨询答复规则"

    def __str__(self):
        return f"{self.unit} {self.promise_workdays}个工作日"


class Message(models.Model):
    """One question from the public (留言)."""

    unit = models.ForeignKey(Unit, verbose_name="办理单位", on_delete=models.PROTECT, related_name="messages")
    first_unit = models.ForeignKey(Unit, verbose_name="留言时选择的单位", on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    number = models.CharField("留言编号", max_length=40, unique=True, editable=False)
    query_code_hash = models.CharField(max_length=64, editable=False)
    submission_key = models.CharField(max_length=64, unique=True, editable=False)
    category = models.CharField("留言类别", max_length=20, choices=Category.choices, default=Category.CONSULT)
    # 个人信息: encrypted at rest, shown only to the handling unit's staff.
    name = EncryptedTextField("姓名", plain_max_length=50, blank=True)
    contact = EncryptedTextField("联系方式", plain_max_length=100,
                                 help_text="手机号码或电子邮箱，仅用于答复联系，不会公开")
    subject = models.CharField("标题", max_length=100)
    body = models.TextField("留言内容", max_length=3000)
    asker_wants_public = models.BooleanField("同意公开（隐去个人信息）", default=True)
    received_at = models.DateTimeField("留言时间")
    received_on = models.DateField("收到日期", db_index=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    promise_workdays = models.PositiveSmallIntegerField("答复承诺期限（工作日）", default=DEFAULT_PROMISE_WORKDAYS,
                                                        editable=False)
    due_on = models.DateField("答复期限", null=True, blank=True, editable=False)
    invalid_reason = models.CharField("不予受理理由", max_length=20, choices=InvalidReason.choices, blank=True,
                                      editable=False)
    reply_text = models.TextField("答复内容", blank=True, editable=False)
    answered_on = models.DateField("答复日期", null=True, blank=True, editable=False, db_index=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    merged_into = models.ForeignKey("self", verbose_name="合并至", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="duplicates", editable=False)
    converted_application = models.OneToOneField(
        "applications.Application", verbose_name="转为的政府信息公开申请", null=True, blank=True,
        on_delete=models.PROTECT, related_name="source_message", editable=False)
    publication = models.CharField("公开答复", max_length=20, choices=Publication.choices,
                                   default=Publication.NONE, editable=False)
    public_question = models.TextField("公开的留言内容（已隐去个人信息）", blank=True, editable=False)
    public_answer = models.TextField("公开的答复内容", blank=True, editable=False)
    in_faq = models.BooleanField("列入常见问题", default=False, editable=False)
    publication_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                 on_delete=models.PROTECT, related_name="+", editable=False)
    publication_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                on_delete=models.PROTECT, related_name="+", editable=False)
    published_on = models.DateField("公开日期", null=True, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "政务咨询留言"
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["unit", "status", "due_on"])]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Transfer(models.Model):
    """转办: the message moved to the unit that can answer it."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("转办理由", max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "留言转办记录"
        ordering = ["at", "id"]


class NumberCounter(models.Model):
    """Last serial of 留言编号 per unit and year."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="consult_counter_unique")]

