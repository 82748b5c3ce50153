"""Website watchdog (网站守护): the sites an office watches, its columns (栏目), the check runs,
availability probes, and the findings with their lifecycle open → assigned → fixed → verified
(or reopened)."""
from django.conf import settings
from django.db import models

from gongkai.domain.watch.config import COLUMN_CLASSES
from gongkai.domain.watch.findings import CATEGORIES, SEVERITIES, kind_label, profile_label
from gongkai.domain.watch.identities import DEFAULT_IDENTITIES
from gongkai.units.models import Unit


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class External(models.TextChoices):
    CHECK = "check", "检查外部链接"
    SKIP = "skip", "不访问外部网站"


class IdentityMode(models.TextChoices):
    SIGNALS = "signals", "按线索和抽样（首页、栏目页、抽样页、可疑页面用全部身份）"
    ALL = "all", "每个页面都用全部身份"


class Site(models.Model):
    """A website (or a column/sub-site on the county portal) that one unit watches."""

    unit = models.ForeignKey(Unit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="watch_sites")
    name = models.CharField("网站名称", max_length=100)
    homepage = models.CharField("首页地址", max_length=500)
    start_urls = models.TextField("起始地址", blank=True, help_text="每行一个；留空则从首页开始")
    scope_hosts = models.TextField("检查范围（主机名）", blank=True, help_text="每行一个；留空则为起始地址的主机")
    scope_prefixes = models.TextField("检查范围（地址前缀）", blank=True,
                                      help_text="每行一个，如门户网站上本单位栏目的地址前缀")
    allowed_domains = models.TextField("允许链接的外部域名", blank=True, help_text="每行一个，如 www.gov.cn")
    max_pages = models.PositiveIntegerField("最多页面数", default=500)
    max_depth = models.PositiveIntegerField("最大链接深度", default=6)
    concurrency = models.PositiveIntegerField("并发数", default=4)
    requests_per_second = models.FloatField("每秒请求数", default=5.0)
    external = models.CharField("外部链接", max_length=10, choices=External.choices, default=External.CHECK)
    wording_rules = models.TextField("严重表述错误词表", blank=True,
                                     help_text="每行一条，格式“错误写法=正确写法”，如“中华人民共合国=中华人民共和国”")
    is_active = models.BooleanField("启用", default=True)
    # SSRF guard (8.1.4.4 d): only a 系统管理员 may let the watchdog reach non-public addresses
    # (loopback, private, link-local) of this site's own hosts; unit admins cannot set it.
    internal = models.BooleanField("内部网站（系统管理员登记）", default=False,
                                   help_text="仅系统管理员可设置：允许访问本网站所在的内网地址；单位管理员修改网址后自动取消")
    # visitor identities (访问身份) compared with the browser view; see docs/watch.md
    identities = models.TextField("访问身份", blank=True,
                                  help_text="每行一个，留空则用默认的全部身份：" + "、".join(DEFAULT_IDENTITIES))
    identity_mode = models.CharField("多身份访问范围", max_length=10, choices=IdentityMode.choices,
                                     default=IdentityMode.SIGNALS)
    identity_sample = models.PositiveIntegerField("每次抽查页面数", default=20,
                                                  help_text="除首页和栏目页外，每次检查用全部身份访问的抽样页面数")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "守护网站"
        ordering = ["unit__path", "name"]

    def __str__(self):
        return self.name

    def start_url_list(self) -> list[str]:
        return _lines(self.start_urls) or [self.homepage]

    def wording_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for line in _lines(self.wording_rules):
            wrong, _, right = line.partition("=")
            pairs.append((wrong.strip(), right.strip()))
        return pairs


class Column(models.Model):
    """A column (栏目) of the site: its listing page, its class and the maximum age of its newest item."""

    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="columns")
    name = models.CharField("栏目名称", max_length=100)
    url = models.CharField("栏目地址", max_length=500)
    klass = models.CharField("栏目类型", max_length=20,
                             choices=[(k, v[0]) for k, v in COLUMN_CLASSES.items()], default="notice")
    max_age_days = models.PositiveIntegerField("最长更新间隔（天）", null=True, blank=True,
                                               help_text="留空则按栏目类型：动态要闻14天，通知公告/政策文件183天，人事/规划365天")

    class Meta:
        verbose_name = verbose_name_plural = "栏目"
        ordering = ["site", "pk"]

    def __str__(self):
        return self.name


class RunKind(models.TextChoices):
    DAILY = "daily", "每日检查"
    MAINTENANCE = "maintenance", "三日维护"
    WEEKLY = "weekly", "每周清理"
    MANUAL = "manual", "立即检查"


class CheckRun(models.Model):
    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField("类型", max_length=20, choices=RunKind.choices)
    started = models.DateTimeField("开始时间")
    finished = models.DateTimeField("结束时间", null=True, blank=True)
    pages = models.PositiveIntegerField("检查页面数", default=0)
    counts = models.JSONField("发现问题数", default=dict, blank=True)
    report = models.JSONField("清理报告", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    # a worker that dies mid-check stops beating; the sweep resumes (or closes) its run
    heartbeat = models.DateTimeField("最近心跳", null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField("执行次数", default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "检查记录"
        ordering = ["-started"]

    def __str__(self):
        return f"{self.site} {self.get_kind_display()} {self.started:%Y-%m-%d %H:%M}"


class Probe(models.Model):
    """One availability probe of the homepage (站点无法访问 is judged over 7 days of these)."""

    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="probes")
    at = models.DateTimeField("时间", db_index=True)
    elapsed = models.FloatField("耗时（秒）", null=True, blank=True)
    status = models.PositiveIntegerField("状态码", null=True, blank=True)
    ok = models.BooleanField("可访问")

    class Meta:
        verbose_name = verbose_name_plural = "可用性探测"
        ordering = ["-at"]


class FindingStatus(models.TextChoices):
    OPEN = "open", "待处理"
    ASSIGNED = "assigned", "已分派"
    FIXED = "fixed", "已整改待复核"
    VERIFIED = "verified", "复核通过"
    REOPENED = "reopened", "复核未通过"


ACTIVE_STATUSES = (FindingStatus.OPEN, FindingStatus.ASSIGNED, FindingStatus.REOPENED)


class Finding(models.Model):
    """One problem on one page, kept across checks by its key (URL, category, kind, referrer)."""

    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="findings")
    key = models.CharField(max_length=64, editable=False)
    url = models.CharField("地址", max_length=1000)
    category = models.CharField("类别", max_length=20, choices=list(CATEGORIES.items()))
    kind = models.CharField("问题", max_length=40)
    severity = models.CharField("严重程度", max_length=10, choices=list(SEVERITIES.items()))
    evidence = models.TextField("证据", blank=True)
    referrer = models.CharField("所在页面", max_length=1000, blank=True)
    profile = models.CharField("访问方式", max_length=20, default="browser")
    selector = models.CharField("元素", max_length=500, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    first_seen = models.DateTimeField("首次发现")
    last_seen = models.DateTimeField("最近发现")
    status = models.CharField("状态", max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN,
                              db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="整改人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="watch_findings")
    due_on = models.DateField("整改期限", null=True, blank=True)
    fixed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="整改登记人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    fixed_at = models.DateTimeField("整改时间", null=True, blank=True)
    verified_at = models.DateTimeField("复核通过时间", null=True, blank=True)
    alerted_at = models.DateTimeField("告警时间", null=True, blank=True)
    screenshot = models.FileField("截图", upload_to="watch/screenshots/%Y/%m/", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "发现的问题"
        ordering = ["-last_seen", "-pk"]
        constraints = [models.UniqueConstraint(fields=["site", "key"], name="watch_finding_unique_key")]
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self):
        return f"{self.kind_label}：{self.url}"

    @property
    def unit(self):
        return self.site.unit

    @property
    def profile_label(self) -> str:
        """访问方式 as a clerk reads it ("普通浏览器访问", not "browser")."""
        return profile_label(self.profile)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


class FindingEvent(models.Model):
    """History of a finding: who moved it from which status to which, when, and why."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20)
    note = models.TextField("说明", blank=True)
    run = models.ForeignKey(CheckRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    @property
    def actor_name(self) -> str:
        return self.actor.display_name if self.actor else "系统（自动检查）"

    def status_label(self, value) -> str:
        return FindingStatus(value).label if value else ""

    @property
    def from_label(self):
        return self.status_label(self.from_status)

    @property
    def to_label(self):
        return self.status_label(self.to_status)


class SiteAsset(models.Model):
    """A same-site script or stylesheet as the last check fetched it: its hash and (bounded) text, so the
    next check can say that it changed and show what changed."""

    site = models.ForeignKey(Site, verbose_name="网站", on_delete=models.CASCADE, related_name="assets")
    url = models.CharField("地址", max_length=1000)
    kind = models.CharField("类型", max_length=20)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    content = models.TextField("内容", blank=True)
    known = models.JSONField("此前的版本", default=list, blank=True)
    first_seen = models.DateTimeField("首次发现")
    last_seen = models.DateTimeField("最近检查")
    changed_at = models.DateTimeField("最近变化", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "站内脚本和样式表"
        constraints = [models.UniqueConstraint(fields=["site", "url"], name="watch_asset_unique_url")]
