"""Figures the assessment (考核) reads from annual reports: plain functions returning plain data.

``Evidence`` is a dict {"label": Chinese text, "url": workbench URL or "", "ok": bool}.
"""
from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gongkai.domain.annual_report import deadlines
from gongkai.units.models import Unit

from .models import AnnualReport, ReportStatus
from .rollup import deadline_overrides


def annual_report(unit_id: int, year: int, today: dt.date) -> tuple[int, str, list[dict]]:
    """(problems, summary, evidence) of the unit's report on the year before ``year`` (published
    during the assessed year): late or missing, and its validation errors. A unit that does not
    report has no problem and says so."""
    unit = Unit.objects.get(pk=unit_id)
    reported = year - 1
    due = deadlines.deadline(reported, unit.kind, deadline_overrides())
    if due is None:
        return 0, "本单位不编制年度报告", []
    report = AnnualReport.objects.filter(unit=unit, year=reported).first()
    url = reverse("reports:detail", args=[report.pk]) if report else reverse("reports:index")
    name = f"{reported}年度政府信息公开工作年度报告"
    problems = []
    published_on = timezone.localdate(report.published_at) if report and report.published_at else None
    if report is None or report.status != ReportStatus.PUBLISHED:
        if today > due:
            problems.append({"label": f"{name}应于{due:%Y-%m-%d}前发布，至今未发布", "url": url, "ok": False})
    elif published_on and published_on > due:
        problems.append({"label": f"{name}应于{due:%Y-%m-%d}前发布，{published_on:%Y-%m-%d}才发布",
                         "url": url, "ok": False})
    if report is not None and report.format != "archive" and report.errors:
        first = report.errors[0]
        problems.append({"label": f"{name}有{len(report.errors)}项校验错误，如：{first.get('message', '')}",
                         "url": url, "ok": False})
    if not problems:
        state = "按时发布且无错误" if published_on else f"发布期限{due:%Y-%m-%d}未到"
        # the summary already says it; the evidence row only links to the report
        return 0, f"{name}{state}", [{"label": f"查看{name}", "url": url, "ok": True}]
    return len(problems), f"{name}存在{len(problems)}项问题", problems
