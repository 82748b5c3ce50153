from django.db import models

from gongkai.domain.workdays import HOLIDAY, WORKDAY


class ScheduleYear(models.Model):
    """A year whose holiday schedule an admin has entered (已录入的年度节假日安排)."""

    year = models.PositiveIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度节假日安排"
        ordering = ["year"]

    def __str__(self):
        return f"{self.year} 年"


class ScheduleDay(models.Model):
    """One day that differs from the Monday-to-Friday week: 放假 or 调休上班."""

    KIND_CHOICES = [(HOLIDAY, "放假"), (WORKDAY, "调休上班")]
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=KIND_CHOICES)
    note = models.CharField("说明", max_length=100, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class CalendarNotice(models.Model):
    """One notice sent that a year's schedule is missing, so each stage is mailed once."""

    WARNING, URGENT = "warning", "urgent"
    year = models.PositiveIntegerField("年份")
    stage = models.CharField("阶段", max_length=10, choices=[(WARNING, "提前提醒"), (URGENT, "已影响新收申请")])
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排录入提醒"
        constraints = [models.UniqueConstraint(fields=["year", "stage"], name="calendar_notice_once")]
