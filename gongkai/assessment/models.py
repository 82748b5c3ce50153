"""Assessment (考核): a supervisor's scoring scheme for a year and manual adjustments of a unit's score.

Scores themselves are not stored: they are computed from the records every time
(``gongkai.assessment.scoring``), so they always agree with the evidence behind them.
"""
from django.conf import settings
from django.db import models

from gongkai.units.models import Unit


class Scheme(models.Model):
    """考核方案: the indicators, weights and thresholds a supervisor unit applies to the units below it."""

    unit = models.ForeignKey(Unit, verbose_name="考核单位", on_delete=models.PROTECT, related_name="assessment_schemes")
    year = models.PositiveIntegerField("考核年度")
    name = models.CharField("方案名称", max_length=100)
    indicators = models.JSONField("考核指标", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制定人", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("制定时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核方案"
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="assessment_scheme_unit_year")]

    def __str__(self):
        return self.name


class Adjustment(models.Model):
    """A manual addition or deduction (加减分) to one unit's score under a scheme, with its reason."""

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="adjustments")
    unit = models.ForeignKey(Unit, verbose_name="被考核单位", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("加减分", max_digits=5, decimal_places=1)
    reason = models.TextField("理由")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核加减分"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.unit} {self.points:+}"
