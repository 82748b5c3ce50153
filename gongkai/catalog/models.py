from django.conf import settings
from django.db import models

from gongkai.domain import security_labels
from gongkai.units.models import Unit


class Scheme(models.TextChoices):
    """分类体系: the taxonomies an item is filed under."""

    DOMAIN = "domain", "基层政务公开标准目录（26个领域）"
    STATUTORY = "statutory", "法定主动公开内容（条例第二十、二十一条）"
    TOPIC = "topic", "主题分类"
    GENRE = "genre", "体裁"


class Category(models.Model):
    """One entry of a seeded, editable taxonomy."""

    scheme = models.CharField("分类体系", max_length=20, choices=Scheme.choices, db_index=True)
    code = models.CharField("代码", max_length=30)
    name = models.CharField("名称", max_length=100)
    description = models.TextField("说明", blank=True)
    parent = models.ForeignKey("self", verbose_name="上级分类", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "分类"
        ordering = ["scheme", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="category_unique_code")]

    def __str__(self):
        return self.name


class ItemStatus(models.TextChoices):
    """审核发布状态."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已审核待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Validity(models.TextChoices):
    """有效性."""

    EFFECTIVE = "effective", "有效"
    REPEALED = "repealed", "废止"


class DisclosureMode(models.TextChoices):
    """公开方式."""

    PROACTIVE = "proactive", "主动公开"
    ON_APPLICATION = "on_application", "依申请公开"


class DisclosureScope(models.TextChoices):
    """公开范围."""

    PUBLIC = "public", "面向全社会"
    REGION = "region", "面向特定区域"
    GROUP = "group", "面向特定群体"


UNPUBLISHED_STATUSES = (ItemStatus.DRAFT, ItemStatus.SUBMITTED, ItemStatus.APPROVED)


class ItemQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published items only (withdrawn ones are gone, repealed ones labelled)."""
        return self.filter(status=ItemStatus.PUBLISHED)

    def unpublished_due_by(self, day):
        """Not yet published and due on or before ``day`` (reminders look ahead with it)."""
        return self.filter(status__in=UNPUBLISHED_STATUSES, publish_due__lte=day)

    def overdue(self, today):
        """Not yet published and past the 20-working-day limit."""
        return self.filter(status__in=UNPUBLISHED_STATUSES, publish_due__lt=today)


class Item(models.Model):
    """A government information item (政府信息) in the disclosure catalog."""

    objects = ItemQuerySet.as_manager()

    unit = models.ForeignKey(Unit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="items")
    # 安全标记 (8.1.4.2 g): 内部 until published; a published item is 公开 (see ``label``).
    sensitivity = models.PositiveSmallIntegerField("安全标记", choices=security_labels.CHOICES,
                                                   default=int(security_labels.ITEM_DRAFT_DEFAULT))
    index_no = models.CharField("索引号", max_length=40, unique=True, editable=False)
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    publisher = models.CharField("发布机构", max_length=100)
    written_date = models.DateField("成文日期")
    published_date = models.DateField("发布日期", null=True, blank=True)
    topic = models.ForeignKey(Category, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", limit_choices_to={"scheme": Scheme.TOPIC})
    genre = models.ForeignKey(Category, verbose_name="体裁", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", limit_choices_to={"scheme": Scheme.GENRE})
    categories = models.ManyToManyField(Category, verbose_name="公开目录分类", blank=True, related_name="items",
                                        limit_choices_to={"scheme__in": [Scheme.DOMAIN, Scheme.STATUTORY]})
    disclosure_mode = models.CharField("公开方式", max_length=20, choices=DisclosureMode.choices,
                                       default=DisclosureMode.PROACTIVE)
    disclosure_scope = models.CharField("公开范围", max_length=20, choices=DisclosureScope.choices,
                                        default=DisclosureScope.PUBLIC)
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices, default=Validity.EFFECTIVE)
    repealed_date = models.DateField("废止日期", null=True, blank=True)
    # 公示期 of a 公示 (inclusive, as printed on it); both or neither (gongkai.domain.notice_period)
    notice_start = models.DateField("公示期开始", null=True, blank=True)
    notice_end = models.DateField("公示期结束", null=True, blank=True)
    body = models.TextField("正文", blank=True)
    body_text = models.TextField(editable=False, blank=True)
    status = models.CharField("状态", max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT,
                              db_index=True)
    publish_due = models.DateField("发布期限", null=True, blank=True, editable=False)
    # 政策解读 (同步起草、同步审签、同步发布): always true for 规章/行政规范性文件 (set by the service),
    # flagged by the unit for other documents of 切身利益/需广泛知晓.
    needs_interpretation = models.BooleanField(
        "需同步发布政策解读", default=False,
        help_text="规章、行政规范性文件必须同步发布解读；其他涉及切身利益、需广泛知晓的文件可勾选")
    interpretation_exempt_reason = models.TextField("不发布解读的理由", blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT,
                                   related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "公开信息"
        ordering = ["-published_date", "-id"]
        indexes = [
            # the portal's lists: WHERE status = 'published' ORDER BY published_date DESC, id DESC LIMIT …
            # walk this index backwards, no sort (the id breaks ties in the index itself)
            models.Index(fields=["status", "published_date", "id"], name="catalog_item_public_list"),
            models.Index(fields=["unit", "status"]),
            # search puts the item a typed 文号 names first: without this every query reads the whole table
            models.Index(fields=["doc_number"], name="catalog_item_doc_number"),
        ]

    def __str__(self):
        return self.title

    @property
    def label(self) -> security_labels.Level:
        """The effective 安全标记 (published = 公开); attachments carry it too."""
        return security_labels.item_label(self.sensitivity, self.status == ItemStatus.PUBLISHED)

    @classmethod
    def label_filter(cls, clearance: int) -> models.Q:
        return models.Q(status=ItemStatus.PUBLISHED) | models.Q(sensitivity__lte=int(clearance))

    @property
    def is_editable(self) -> bool:
        return self.status == ItemStatus.DRAFT

    def notice_check(self, on=None):
        """公示期 against the publication day (or ``on``, default today, for an unpublished item)."""
        from django.utils import timezone

        from gongkai.domain import notice_period

        return notice_period.check(self.notice_start, self.notice_end,
                                   on or self.published_date or timezone.localdate())

    @property
    def published_after_notice_ended(self) -> bool:
        check = self.notice_check() if self.published_date else None
        return bool(check and check.ended)

    @property
    def is_overdue(self) -> bool:
        """Published after, or still unpublished past, its 发布期限 (from the stored due date)."""
        if self.publish_due is None or self.status == ItemStatus.WITHDRAWN:
            return False
        from django.utils import timezone

        return (self.published_date or timezone.localdate()) > self.publish_due


class IndexCounter(models.Model):
    """Last serial handed out per unit and year, for 索引号."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="indexcounter_unique")]


def attachment_path(instance, filename):
    return f"attachments/{instance.item.unit.code}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class TextStatus(models.TextChoices):
    """Where the extraction of an attachment's text stands (done by a background task)."""

    PENDING = "pending", "正在提取文本"
    DONE = "done", "文本已提取"
    TRUNCATED = "truncated", "文本过长，已截断"
    FAILED = "failed", "无法读取"


class Attachment(models.Model):
    """附件 of an item: PDF, DOCX or XLSX, type checked by content; its text is extracted
    after upload by a background task (``text_status``)."""

    item = models.ForeignKey(Item, verbose_name="信息", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    text = models.TextField("提取文本", blank=True, editable=False)
    text_status = models.CharField("文本提取", max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING)
    text_note = models.CharField("提取说明", max_length=500, blank=True, default="",
                                 help_text="无法读取的原因，或文本被截断的说明")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self):
        return self.name

    @property
    def extension(self):
        return "." + self.kind


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", "同意发布"
    REJECTED = "rejected", "退回修改"


class Review(models.Model):
    """保密审查 record: who reviewed an item, when, with what opinion."""

    item = models.ForeignKey(Item, verbose_name="信息", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT,
                                 related_name="+")
    decided_at = models.DateTimeField("审核时间", auto_now_add=True)
    decision = models.CharField("审核结论", max_length=20, choices=ReviewDecision.choices)
    opinion = models.TextField("审核意见")
    pii_findings = models.PositiveIntegerField("未处理的个人信息提示", default=0)
    pii_override_reason = models.TextField("带提示发布的理由", blank=True)
    interpretation_exempt_reason = models.TextField("不发布解读的理由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "保密审查记录"
        ordering = ["-decided_at", "-id"]


class Channel(models.TextChoices):
    """公开渠道."""

    WEBSITE = "website", "政务网站"
    NOTICE_BOARD = "notice_board", "公开栏"
    DOCUMENT = "document", "文件"
    SERVICE_CENTER = "service_center", "便民服务中心"


class ChannelPublication(models.Model):
    """Where and when an item was made public."""

    item = models.ForeignKey(Item, verbose_name="信息", on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    published_on = models.DateField("公开日期")
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公开渠道记录"
        ordering = ["published_on", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "channel"], name="channel_once_per_item")]


class InterpretationForm(models.TextChoices):
    """解读形式 (voice spec §3.1); labels from ``gongkai.domain.interpretation.FORMS``."""

    TEXT = "text", "文字解读"
    QA = "qa", "政策问答"
    LEADER = "leader", "负责人解读"
    EXPERT = "expert", "专家解读"
    GRAPHIC = "graphic", "图片解读（图解、图表、漫画）"
    VIDEO = "video", "视频解读"
    AUDIO = "audio", "音频解读"
    ANIMATION = "animation", "动画解读"
    PRESS = "press", "新闻发布会"
    INTERVIEW = "interview", "在线访谈"
    MEDIA = "media", "媒体专访、评论文章"


class Interpretation(models.Model):
    """政策解读: the 解读 kind of catalog item. The item itself (title, body, attachments,
    保密审查, 先审后发, 索引号) is an ordinary ``Item``; this row says what it explains and how."""

    item = models.OneToOneField(Item, verbose_name="解读信息", on_delete=models.CASCADE,
                                related_name="interpretation")
    documents = models.ManyToManyField(Item, verbose_name="所解读的政策文件", related_name="interpretations")
    form = models.CharField("解读形式", max_length=20, choices=InterpretationForm.choices,
                            default=InterpretationForm.TEXT)
    media_url = models.URLField("音视频或发布会链接", blank=True, max_length=500)
    interpreter = models.CharField("解读人", max_length=100, blank=True, help_text="如：主要负责人姓名及职务、专家姓名")

    class Meta:
        verbose_name = verbose_name_plural = "政策解读"
        ordering = ["-item__published_date", "-item_id"]

    def __str__(self):
        return self.item.title
