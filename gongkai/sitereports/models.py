"""政府网站工作年度报表 (website work annual report, 国办函〔2018〕12号) of each registered site and
year, and the site registry's fields the report prints (政府网站标识码, ICP and 公安 filing numbers).

The report's figures are a dict of fields (gongkai.domain.website_report): computed from the
records by ``services.build``, overridden or entered by the clerk, and frozen when published.
"""
from django.conf import settings
from django.db import models

from gongkai.units.models import Unit
from gongkai.watch.models import Site


class SiteType(models.TextChoices):
    PORTAL = "政府门户网站", "政府门户网站"
    DEPARTMENT = "部门网站", "部门网站"


class SiteRegistration(models.Model):
    """What the national registry knows of a watched site: one 报表 per 政府网站标识码."""

    site = models.OneToOneField(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="registration")
    site_code = models.CharField("政府网站标识码", max_length=10, blank=True)
    site_type = models.CharField("网站类型", max_length=20, choices=SiteType.choices, default=SiteType.PORTAL)
    icp_no = models.CharField("ICP备案号", max_length=60, blank=True)
    police_no = models.CharField("公安机关备案号", max_length=60, blank=True)
    units = models.ManyToManyField(Unit, verbose_name="在本网站发布信息的单位", blank=True, related_name="+",
                                   help_text="留空则为网站所属单位；乡镇在县门户上的栏目计入县门户的报表")

    class Meta:
        verbose_name = verbose_name_plural = "网站备案信息"

    def __str__(self):
        return f"{self.site} {self.site_code}"


class SiteReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已校验待签发"
    SIGNED = "signed", "已签发待发布"
    PUBLISHED = "published", "已发布"
    FILED = "filed", "已报送全国系统"


class WebsiteReport(models.Model):
    """One site's report for one year: draft → submitted (checked) → signed by a reviewer other than
    the submitter → published on the portal → filed in the national 报送系统 (URL 回填 recorded)."""

    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.PROTECT, related_name="annual_reports")
    unit = models.ForeignKey(Unit, verbose_name="主办单位", on_delete=models.PROTECT, related_name="+",
                             help_text="网站所属单位（权限按此单位判断）")
    year = models.PositiveIntegerField("年度")
    template_year = models.PositiveIntegerField("报表模板", default=2018)
    title = models.CharField("标题", max_length=200)
    status = models.CharField("状态", max_length=20, choices=SiteReportStatus.choices,
                              default=SiteReportStatus.DRAFT, db_index=True)
    fields = models.JSONField("报表数据", default=dict, blank=True,
                              help_text="每项：source（A/W/E）、computed、override、reason")
    findings = models.JSONField("校验结果", default=list, blank=True, editable=False)
    warning_reason = models.TextField("警告说明", blank=True, help_text="有警告时为仍然提交的理由")
    built_at = models.DateTimeField("生成时间", null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+", editable=False)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", editable=False)
    signed_at = models.DateTimeField("签发时间", null=True, blank=True, editable=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    national_filed_at = models.DateTimeField("报送全国系统时间", null=True, blank=True, editable=False)
    national_filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+", editable=False)
    backfilled_url = models.CharField("回填地址", max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府网站工作年度报表"
        ordering = ["-year", "site__name"]
        constraints = [models.UniqueConstraint(fields=["site", "year"], name="website_report_unique")]

    def __str__(self):
        return self.title

    @property
    def errors(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "error"]

    @property
    def warnings(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "warning"]

    @property
    def is_public(self) -> bool:
        return self.status in (SiteReportStatus.PUBLISHED, SiteReportStatus.FILED)
