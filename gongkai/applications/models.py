"""Applications for disclosure (依申请公开) and their per-unit number counter.

Status flow (this slice):

    received ──request_supplement──▶ supplement_requested ──receive_supplement──▶ in_progress
        │                                                                              │
        └────────────────────── record_decision ──▶ answered ◀─────────────────────────┘

``received`` and ``in_progress`` are both open and on the clock; while a 补正
notice is out the clock has not started (``due_on`` is empty). While open, a
clerk may record consultation pauses (征求意见, ``ApplicationPause``) and
request one extension (延期, ``ApplicationExtension``) that a reviewer approves;
both move ``due_on``. ``record_decision`` stores the 办理结果 and answers it.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.crypto.fields import BlindIndexField, EncryptedTextField, Undecryptable
from gongkai.domain import identity, security_labels
from gongkai.domain.application_clock import OTHER_AGENCY, THIRD_PARTY
from gongkai.domain.decisions import applicant_choices, applicant_type, decision_choices
from gongkai.units.models import Unit


class Channel(models.TextChoices):
    """提交方式; the receipt date of each is fixed by 条例第三十一条 (see RECEIPT_RULES)."""

    ONLINE = "online", "网上申请"
    COUNTER = "counter", "当面提交"
    REGISTERED_MAIL = "registered_mail", "信件（挂号信、快递等需签收）"
    ORDINARY_MAIL = "ordinary_mail", "信件（平常信函）"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"


RECEIPT_RULES = {
    Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）",
    Channel.COUNTER: "当面提交的，以提交之日为收到申请之日（条例第三十一条第（一）项）",
    Channel.REGISTERED_MAIL: "以邮寄方式提交的，以行政机关签收之日为收到申请之日（条例第三十一条第（二）项）",
    Channel.ORDINARY_MAIL: "以平常信函等无需签收的方式提交的，应于收到当日与申请人确认，以确认之日为收到申请之日"
                           "（条例第三十一条第（二）项）",
    Channel.FAX: "通过传真提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）",
    Channel.EMAIL: "通过电子邮件等互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）",
}


class InfoForm(models.TextChoices):
    """获取信息的方式 (条例第二十九条第（三）项)."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"


class Delivery(models.TextChoices):
    """获取信息的途径."""

    PICKUP = "pickup", "自行领取"
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上获取"


class Status(models.TextChoices):
    RECEIVED = "received", "已收到"
    SUPPLEMENT_REQUESTED = "supplement_requested", "待补正"
    IN_PROGRESS = "in_progress", "办理中"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = (Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.IN_PROGRESS)
ON_CLOCK_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)


class Application(models.Model):
    """A request for government information (政府信息公开申请, 条例第二十七至三十一条)."""

    unit = models.ForeignKey(Unit, verbose_name="受理单位", on_delete=models.PROTECT, related_name="applications")
    # 安全标记 (8.1.4.2 g): an application holds personal data, so 敏感 by default.
    sensitivity = models.PositiveSmallIntegerField("安全标记", choices=security_labels.CHOICES,
                                                   default=int(security_labels.APPLICATION_DEFAULT))
    number = models.CharField("申请编号", max_length=40, unique=True, editable=False)
    query_code_hash = models.CharField(max_length=64, editable=False)
    submission_key = models.CharField(max_length=64, editable=False,
                                      help_text="提交令牌的摘要：同一次提交重复发送只登记一件")
    channel = models.CharField("提交方式", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到申请日期")
    applicant_type = models.CharField("申请人类型", max_length=20, choices=applicant_choices())
    name = models.CharField("申请人姓名或名称", max_length=100)
    # 个人信息 encrypted at rest (SM4-GCM, gongkai.crypto); exact lookups through the blind indexes.
    id_number = EncryptedTextField("身份证号码或统一社会信用代码", plain_max_length=18,
                                   help_text="自然人填写居民身份证号码；法人或其他组织填写统一社会信用代码")
    id_number_index = BlindIndexField(source="id_number", normaliser="id")
    phone = EncryptedTextField("联系电话", plain_max_length=30)
    phone_index = BlindIndexField(source="phone", normaliser="phone")
    email = models.EmailField("电子邮箱", blank=True)
    address = EncryptedTextField("通信地址", plain_max_length=200, blank=True)
    pii_anonymised_on = models.DateField("个人信息匿名化日期", null=True, blank=True, editable=False,
                                         help_text="保存期限届满后申请人的个人信息已去除（个人信息保护法第四十七条）")
    description = models.TextField("所需信息的名称、文号或特征描述", max_length=2000)
    info_form = models.CharField("获取信息的方式", max_length=20, choices=InfoForm.choices)
    delivery = models.CharField("获取信息的途径", max_length=20, choices=Delivery.choices)
    status = models.CharField("状态", max_length=30, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    due_on = models.DateField("答复期限", null=True, blank=True, editable=False)
    supplement_requested_on = models.DateField("告知补正日期", null=True, blank=True, editable=False)
    supplement_items = models.TextField("需要补正的事项", blank=True, editable=False)
    supplemented_on = models.DateField("收到补正日期", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    decision_type = models.CharField("办理结果", max_length=30, choices=decision_choices(), blank=True,
                                     editable=False)
    decision_basis = models.CharField("法律依据", max_length=300, blank=True, editable=False)
    decision_text = models.TextField("答复内容", blank=True, editable=False)
    answered_on = models.DateField("答复日期", null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复登记人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    on_the_spot = models.BooleanField("当场答复", default=False, editable=False)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="assigned_applications",
                                    editable=False)
    supplement_workdays = models.PositiveSmallIntegerField(
        "补正期限（工作日）", default=15, editable=False,
        help_text="告知书写明的合理补正期限；逾期未补正的视为放弃申请（条例第三十条）")
    supplement_due_on = models.DateField("补正期限届满日", null=True, blank=True, editable=False)

    @property
    def label(self) -> security_labels.Level:
        return security_labels.Level(self.sensitivity)

    @classmethod
    def label_filter(cls, clearance: int) -> models.Q:
        return models.Q(sensitivity__lte=int(clearance))

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["unit", "submission_key"],
                                               name="application_unique_submission")]
        indexes = [models.Index(fields=["unit", "status", "due_on"])]

    def __str__(self):
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def receipt_rule(self) -> str:
        return RECEIPT_RULES.get(self.channel, "")

    def clean(self):
        """Identity document and phone checked and normalised by the domain rules."""
        errors = {}
        if self.applicant_type and not isinstance(self.id_number, Undecryptable):
            try:
                kind = applicant_type(self.applicant_type)
            except ValueError as exc:
                errors["applicant_type"] = str(exc)
            else:
                check = identity.validate_credit_code if kind.is_organisation else identity.validate_id_number
                try:
                    self.id_number = check(self.id_number)
                except identity.IdentityError as exc:
                    errors["id_number"] = str(exc)
        if self.phone and not isinstance(self.phone, Undecryptable):
            try:
                self.phone = identity.validate_phone(self.phone)
            except identity.IdentityError as exc:
                errors["phone"] = str(exc)
        if self.delivery == Delivery.EMAIL and not self.email:
            errors["email"] = "选择以电子邮件获取信息的，请填写电子邮箱"
        if self.delivery == Delivery.POST and not self.address:
            errors["address"] = "选择邮寄的，请填写通信地址"
        if errors:
            raise ValidationError(errors)


class NumberCounter(models.Model):
    """Last serial of 申请编号 handed out per unit and year."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="application_counter_unique")]


class PauseKind(models.TextChoices):
    """征求意见的对象 (条例第三十二条 第三方 / 第三十四条 其他机关)."""

    THIRD_PARTY = THIRD_PARTY, "第三方"
    OTHER_AGENCY = OTHER_AGENCY, "其他机关"


class ApplicationPause(models.Model):
    """A consultation (征求意见) that stops the clock (条例第三十三条第三款): from the day the letter
    went out to the day the reply came back; while no reply has come, to the end of the
    consulted party's 15 working days."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField("征求意见对象", max_length=20, choices=PauseKind.choices)
    party = models.CharField("被征求意见方名称", max_length=200)
    started_on = models.DateField("发出征求意见书日期")
    ended_on = models.DateField("收到意见日期", null=True, blank=True,
                                help_text="收到答复之日；逾期未答复的，为15个工作日届满之日")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "征求意见"
        ordering = ["started_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.party}"


class ApplicationExtension(models.Model):
    """The one extension (延期答复, 条例第三十三条第二款): requested by a clerk, approved by a
    reviewer of the same unit who is not the requester, before the original due date."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="extension")
    days = models.PositiveSmallIntegerField("延长工作日数")
    reason = models.TextField("延期理由")
    requested_on = models.DateField("申请延期日期")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                     related_name="+")
    approved_on = models.DateField("同意日期", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "延期答复"

    @property
    def approved(self) -> bool:
        return self.approved_on is not None


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "登记回执"
    SUPPLEMENT = "supplement", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "第三方意见征询函"
    ANSWER_GRANTED = "answer_granted", "答复告知书（予以公开）"
    ANSWER_PARTIAL = "answer_partial", "答复告知书（部分公开）"
    ANSWER_WITHHELD = "answer_withheld", "答复告知书（不予公开）"
    ANSWER_UNAVAILABLE = "answer_unavailable", "答复告知书（无法提供）"
    ANSWER_NOT_PROCESSED = "answer_not_processed", "答复告知书（不予处理）"
    ANSWER_OTHER = "answer_other", "答复告知书（其他处理）"
    FEE_NOTICE = "fee_notice", "收费通知书"


class LetterTemplate(models.Model):
    """A replacement of a shipped Word template (.docx with Jinja placeholders), for one unit or all."""

    kind = models.CharField("文书类型", max_length=30, choices=LetterKind.choices)
    unit = models.ForeignKey(Unit, verbose_name="适用单位", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+", help_text="留空则适用于所有单位；本单位的模板优先")
    file = models.FileField("Word模板（.docx）", upload_to="letter_templates/")
    active = models.BooleanField("启用", default=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文书模板"
        ordering = ["kind", "-uploaded_at"]

    def __str__(self):
        return self.get_kind_display()


class FeeBasis(models.TextChoices):
    """计收方式 (国办函〔2020〕109号第三条): one of the two per application, never both."""

    BY_COUNT = "count", "按件计收"
    BY_PAGES = "pages", "按量计收"


class FeeNotice(models.Model):
    """A 收费通知 for 信息处理费 (国办函〔2020〕109号): issued within the answer period; the applicant
    pays within 20 working days from the day after receiving it, else the application is
    treated as given up (table 三 ``other.2``)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee_notice")
    basis = models.CharField("计收方式", max_length=10, choices=FeeBasis.choices)
    quantity = models.PositiveIntegerField("件数或页数", help_text="按件：本件计1件；按量：本件信息的页数")
    previous_this_month = models.PositiveIntegerField("本自然月此前已申请件数", default=0)
    amount = models.PositiveIntegerField("应缴金额（元）")
    breakdown = models.JSONField("计费明细", default=list)
    issued_on = models.DateField("发出收费通知日期")
    received_on = models.DateField("申请人收到收费通知日期", null=True, blank=True)
    payment_due_on = models.DateField("缴费期限", null=True, blank=True)
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    paid_amount = models.PositiveIntegerField("实收金额（元）", null=True, blank=True)
    payment_reference = models.CharField("缴款凭证号", max_length=60, blank=True)
    lapsed_on = models.DateField("逾期未缴费确认日期", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "收费通知"

    def __str__(self):
        return f"{self.application.number} 收费通知 {self.amount}元"


class DeliveryMethod(models.TextChoices):
    """送达方式."""

    IN_PERSON = "in_person", "直接送达（当面领取）"
    POST = "post", "邮寄送达"
    EMAIL = "email", "电子邮件送达"
    ONLINE = "online", "网上送达"
    FAX = "fax", "传真送达"
    LEFT = "left", "留置送达"
    OTHER = "other", "其他方式"


class LetterDelivery(models.Model):
    """How and when one letter reached its addressee (送达记录)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="deliveries")
    letter = models.CharField("文书", max_length=40, help_text="文书标识，如 supplement、answer、consultation-3")
    letter_title = models.CharField("文书名称", max_length=100)
    method = models.CharField("送达方式", max_length=20, choices=DeliveryMethod.choices)
    sent_on = models.DateField("发出日期")
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    recipient = models.CharField("签收人", max_length=100, blank=True)
    tracking_number = models.CharField("邮件单号或回执编号", max_length=60, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "送达记录"
        ordering = ["sent_on", "id"]

    def __str__(self):
        return f"{self.letter_title}：{self.get_method_display()}"


class LetterNumberCounter(models.Model):
    """Last serial of letter 文号 handed out per unit and year."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="letter_counter_unique")]


class LetterIssue(models.Model):
    """The 文号 given to one letter of an application the first time it is produced; the same
    letter always carries the same number."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letter_issues")
    letter = models.CharField("文书", max_length=40)
    doc_number = models.CharField("文号", max_length=60)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文书文号"
        constraints = [models.UniqueConstraint(fields=["application", "letter"], name="letter_issue_unique")]

    def __str__(self):
        return self.doc_number
