"""Figures the assessment (考核) reads from the website watchdog: plain functions returning plain data.

``Evidence`` is a dict {"label": Chinese text, "url": workbench URL or "", "ok": bool}.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.domain.watch import freshness
from gongkai.domain.watch.config import ColumnSpec
from gongkai.domain.watch.findings import Finding as FindingData

from . import selectors
from .models import ACTIVE_STATUSES, Finding, FindingStatus, Site


def findings_fixed(unit_ids, year: int, today: dt.date) -> tuple[int, int, list[dict]]:
    """(fixed by their deadline, due, evidence of each late or unfixed one): the findings whose
    整改期限 fell in ``year`` before ``today``."""
    findings = Finding.objects.filter(site__unit_id__in=list(unit_ids), due_on__year=year, due_on__lt=today) \
        .select_related("site").order_by("due_on", "pk")
    evidence, good, due = [], 0, 0
    fixed_states = (FindingStatus.FIXED, FindingStatus.VERIFIED)
    for f in findings:
        due += 1
        url = reverse("watch:finding", args=[f.pk])
        fixed_on = timezone.localdate(f.fixed_at) if f.fixed_at else None
        label = f"{f.site.name}：{f.url[:80]}（{f.kind}）"
        if f.status in fixed_states and fixed_on and fixed_on <= f.due_on:
            good += 1
        elif f.status in fixed_states and fixed_on:
            evidence.append({"label": f"{label}整改期限{f.due_on:%Y-%m-%d}，{fixed_on:%Y-%m-%d}才整改",
                             "url": url, "ok": False})
        else:
            evidence.append({"label": f"{label}整改期限{f.due_on:%Y-%m-%d}，尚未整改", "url": url, "ok": False})
    return good, due, evidence


def _open_at_year_end(site, year: int) -> list:
    """The site's findings that were open on 31 December of ``year`` (found by then, not yet verified)."""
    tz = timezone.get_current_timezone()
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    return list(site.findings.filter(first_seen__lt=end).filter(Q(verified_at__isnull=True) | Q(verified_at__gte=end)))


def _year_end_lines(site, open_findings) -> list[dict]:
    """The freshness and serious-problem veto lines on the findings open at a past year's end
    (the availability probes of past years are not kept)."""
    data = [FindingData(f.url, f.category, f.kind, f.severity, f.evidence, extra=f.extra or {})
            for f in open_findings if f.category == "freshness"]
    columns = [ColumnSpec(c.name, c.url, c.klass, c.max_age_days) for c in site.columns.all()]
    lines = [{"line": row["label"], "count": row["count"], "limit": f"否决{row['limit']}", "state": row["state"]}
             for row in freshness.summary(data, columns)["lines"]]
    serious = [f for f in open_findings if f.category in ("integrity", "tamper", "wording")]
    lines.append({"line": "安全、严重表述错误等严重问题", "count": len(serious), "limit": "发现即整改",
                  "state": "veto" if serious else "ok"})
    return lines


def veto_lines(unit_ids, year: int, today: dt.date) -> tuple[int | None, str, list[dict]]:
    """(lines crossed, summary, evidence): the 单项否决 lines crossed by the units' sites — this
    year as the watchdog dashboard shows them now, a past year on the findings open at its end."""
    if year > today.year:
        return None, "考核年度尚未开始", []
    sites = list(Site.objects.filter(unit_id__in=list(unit_ids), is_active=True).prefetch_related("columns"))
    if not sites:
        return 0, "未登记网站", []
    crossed = []
    for site in sites:
        if year == today.year:
            lines = selectors.veto_lines(site, list(site.findings.filter(status__in=ACTIVE_STATUSES)))
        else:
            lines = _year_end_lines(site, _open_at_year_end(site, year))
        for line in lines:
            if line["state"] == "veto":
                crossed.append({"label": f"{site.name}：{line['line']}（{line['count']}，{line['limit']}）",
                                "url": reverse("watch:site", args=[site.pk]), "ok": False})
    when = "当前" if year == today.year else f"{year}年末"
    return len(crossed), f"{len(sites)}个网站{when}触及否决线{len(crossed)}条", crossed
