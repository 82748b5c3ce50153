"""站点导入: bringing an office's 信息公开 column from its old website into the catalog.

An ``ImportRun`` is one import of one column into one unit: the dry run (试导入) crawls and stores
its report (what would be imported, what could not be read, duplicates, what is already in the
catalog, unmapped 主题分类/体裁); nothing is written to the catalog until the unit admin confirms;
the real run then imports the listed records one transaction each and can be continued after an
interruption. An ``ImportedRecord`` ties each imported catalog item to the page it came from.
"""
from django.conf import settings
from django.db import models

from gongkai.catalog.models import Item
from gongkai.units.models import Unit


class RunState(models.TextChoices):
    """导入状态."""

    CRAWLING = "crawling", "正在试导入（读取原网站）"
    CHECKED = "checked", "已试导入，待确认"
    RUNNING = "running", "正在导入（可继续）"
    DONE = "done", "已完成"
    DISCARDED = "discarded", "已放弃"


class ImportRun(models.Model):
    """One import of an old site's column (站点导入批次)."""

    unit = models.ForeignKey(Unit, verbose_name="导入单位", on_delete=models.PROTECT, related_name="+")
    start_url = models.CharField("栏目地址", max_length=1000)
    since = models.PositiveIntegerField("起始年份", null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField("试导入时间", auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=RunState.choices, default=RunState.CHECKED)
    report = models.JSONField("试导入报告", default=dict, blank=True)
    results = models.JSONField("导入结果", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "站点导入"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.unit.code} {self.start_url}"


class ImportedRecord(models.Model):
    """An item imported from an old site (导入记录): where it came from and what it was there."""

    item = models.OneToOneField(Item, verbose_name="信息", on_delete=models.CASCADE, related_name="imported_from")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(ImportRun, verbose_name="导入批次", on_delete=models.PROTECT, related_name="records")
    source_url = models.CharField("原网页地址", max_length=1000)
    foreign_index_no = models.CharField("原索引号", max_length=100)
    own_format = models.BooleanField("本单位索引号格式", default=False)
    content_hash = models.CharField("内容摘要", max_length=64)
    written_on = models.DateField("原成文日期", null=True, blank=True)
    topic_text = models.CharField("原主题分类", max_length=200, blank=True)
    genre_text = models.CharField("原体裁", max_length=200, blank=True)
    validity_text = models.CharField("原有效性", max_length=50, blank=True)
    attachments = models.JSONField("原附件", default=list, blank=True)  # [{url, name, sha256}]
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.PROTECT,
                                    related_name="+")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入记录"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["unit", "source_url"], name="siteimport_url_once")]

    def __str__(self):
        return self.source_url
