"""Annual reports (政府信息公开工作年度报告), the yearly figures they need from other systems,
and the statutory publication deadline per kind of unit.

A report's tables and narrative are a snapshot: built from the platform's records by
``services.build`` and frozen when published, so what the portal shows never changes under it.
"""
from django.conf import settings
from django.db import models

from gongkai.units.models import Unit, UnitKind


class ReportFormat(models.TextChoices):
    F2021 = "2021", "2021年格式（国办公开办函〔2021〕30号）"
    F2019 = "2019", "2019年格式（国办公开办函〔2019〕60号）"
    ARCHIVE = "archive", "历史报告（仅存档）"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    PUBLISHED = "published", "已发布"


class YearlyFigures(models.Model):
    """Figures of table 二 that come from other systems (行政许可, 行政处罚, 行政强制, 行政事业性收费),
    entered or imported by a clerk once a year."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField("年度")
    licensing = models.PositiveIntegerField("行政许可本年处理决定数量", default=0)
    punishment = models.PositiveIntegerField("行政处罚本年处理决定数量", default=0)
    enforcement = models.PositiveIntegerField("行政强制本年处理决定数量", default=0)
    fees_wan_yuan = models.DecimalField("行政事业性收费本年收费金额（万元）", max_digits=14, decimal_places=4,
                                        default=0)
    platform_facts = models.TextField("平台建设情况", blank=True,
                                      help_text="写入总体情况“平台建设”部分，如政府网站、政务新媒体、公开栏建设维护情况")
    supervision_facts = models.TextField("监督保障情况", blank=True,
                                         help_text="写入总体情况“监督保障”部分，如培训、考核、社会评议情况")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度业务数据"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="yearly_figures_unique")]

    def __str__(self):
        return f"{self.unit} {self.year}年"


class ReportDeadline(models.Model):
    """法定发布期限 per kind of unit: 1月31日 for departments (条例第五十条); 乡镇/街道 set locally."""

    unit_kind = models.CharField("单位类型", max_length=20, choices=UnitKind.choices, unique=True)
    month = models.PositiveSmallIntegerField("月", default=1)
    day = models.PositiveSmallIntegerField("日", default=31)

    class Meta:
        verbose_name = verbose_name_plural = "年度报告发布期限"

    def __str__(self):
        return f"{self.get_unit_kind_display()}：{self.month}月{self.day}日前"


class AnnualReport(models.Model):
    """One unit's report for one year: draft → submitted → signed off by a reviewer and published."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveIntegerField("年度")
    format = models.CharField("格式", max_length=10, choices=ReportFormat.choices, default=ReportFormat.F2021)
    title = models.CharField("标题", max_length=200)
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                              db_index=True)
    tables = models.JSONField("表格数据", default=dict, blank=True,
                              help_text="proactive / applications / disputes，键与审计JSON相同")
    narrative = models.JSONField("正文", default=dict, blank=True,
                                 help_text="各部分正文；problems 为上年问题及本年改进情况")
    findings = models.JSONField("校验结果", default=list, blank=True, editable=False)
    warning_reason = models.TextField("签发说明", blank=True, help_text="有警告时为仍然发布的理由，否则为签发备注")
    archive_file = models.FileField("存档文件", upload_to="annual_reports/", blank=True,
                                    help_text="2019年以前仅有正文的历史报告，上传原文件存档")
    built_at = models.DateTimeField("生成时间", null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核签发人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", editable=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度报告"
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="annual_report_unique")]

    def __str__(self):
        return self.title

    @property
    def errors(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "error"]

    @property
    def warnings(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "warning"]
