"""行政复议 and 行政诉讼 cases brought against an answer to an application for disclosure."""
from django.conf import settings
from django.db import models

from gongkai.applications.models import Application
from gongkai.domain import disputes as rules
from gongkai.units.models import Unit


class Kind(models.TextChoices):
    RECONSIDERATION = rules.RECONSIDERATION, "行政复议"
    LITIGATION_DIRECT = rules.LITIGATION_DIRECT, "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER = rules.LITIGATION_AFTER, "行政诉讼（复议后起诉）"


class Outcome(models.TextChoices):
    UPHELD = rules.UPHELD, "结果维持"
    CORRECTED = rules.CORRECTED, "结果纠正"
    OTHER = rules.OTHER, "其他结果"
    PENDING = rules.PENDING, "尚未审结"


class Dispute(models.Model):
    """One case (政府信息公开行政复议、行政诉讼案件), in the unit that answered the application."""

    application = models.ForeignKey(Application, verbose_name="所涉申请", on_delete=models.PROTECT,
                                    related_name="disputes")
    unit = models.ForeignKey(Unit, verbose_name="被申请人/被告单位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("案件类型", max_length=30, choices=Kind.choices)
    filed_on = models.DateField("申请复议或起诉日期")
    body = models.CharField("复议机关或人民法院", max_length=200)
    case_number = models.CharField("案号", max_length=100, blank=True)
    outcome = models.CharField("结果", max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    closed_on = models.DateField("审结日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议和行政诉讼案件"
        ordering = ["-filed_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case_number or self.pk}"

    def as_case(self) -> rules.Case:
        return rules.Case(self.kind, self.outcome, self.filed_on, self.closed_on)
