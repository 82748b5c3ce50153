"""Reads of the watchdog's pages: the sites and findings a user may see (scoped by
``gongkai.units.scoping``), and the dashboards' figures: time to fix, the open-findings trend and
each 单项否决 line."""
from __future__ import annotations

import datetime as dt
import statistics

from django.db.models import Count, QuerySet
from django.utils import timezone

from gongkai.domain.watch import freshness
from gongkai.domain.watch.config import ColumnSpec
from gongkai.domain.watch.findings import Finding as FindingData
from gongkai.units.scoping import scope

from .availability import probe_ratio
from .models import ACTIVE_STATUSES, Finding, FindingEvent, Site

__all__ = ["assigned_open_findings", "finding_events", "median_days_to_fix", "open_counts_by_category",
           "open_trend", "site_findings", "veto_lines", "visible_findings", "visible_sites"]

# what a site's page lists unless asked for a status: the open findings and those awaiting re-check
LISTED_STATUSES = ACTIVE_STATUSES + ("fixed",)


def visible_sites(user) -> QuerySet[Site]:
    """The watched sites of the units ``user`` may see, their unit joined."""
    return scope(Site.objects.select_related("unit"), user)


def watched_sites(user) -> QuerySet[Site]:
    """The active sites of the units ``user`` may see, their columns prefetched (the origins they cover)."""
    return scope(Site.objects.filter(is_active=True), user).prefetch_related("columns")


def visible_findings(user) -> QuerySet[Finding]:
    """The findings on sites of the units ``user`` may see, site, unit and assignee joined."""
    return scope(Finding.objects.select_related("site__unit", "assignee"), user, field="site__unit")


def assigned_open_findings(user) -> QuerySet[Finding]:
    """The open findings assigned to ``user`` (within what they may see), soonest due first."""
    return visible_findings(user).filter(assignee=user, status__in=ACTIVE_STATUSES).order_by("due_on")


def site_findings(site: Site, *, category: str = "", severity: str = "", status: str = "",
                  limit: int = 500) -> list[Finding]:
    """A site's findings for its page: by category and severity when given; ``status`` one status,
    "all" for every status, empty for the open ones and those marked fixed."""
    findings = site.findings.select_related("assignee")
    if category:
        findings = findings.filter(category=category)
    if severity:
        findings = findings.filter(severity=severity)
    if status == "all":
        pass
    elif status:
        findings = findings.filter(status=status)
    else:
        findings = findings.filter(status__in=LISTED_STATUSES)
    return list(findings.order_by("status", "-severity", "-last_seen")[:limit])


def open_counts_by_category(site: Site) -> dict[str, int]:
    """Open findings of ``site`` per category."""
    counts = site.findings.filter(status__in=ACTIVE_STATUSES).values("category").annotate(n=Count("pk"))
    return {c["category"]: c["n"] for c in counts}


def finding_events(finding: Finding) -> QuerySet[FindingEvent]:
    """A finding's history, its actors joined."""
    return finding.events.select_related("actor")


def median_days_to_fix(findings) -> float | None:
    spans = [(f.fixed_at - f.first_seen).total_seconds() / 86400 for f in findings if f.fixed_at]
    return round(statistics.median(spans), 1) if spans else None


def open_trend(site_findings, today: dt.date, days: int = 30) -> list[tuple[dt.date, int]]:
    """Open findings at the end of each of the last ``days`` days."""
    tz = timezone.get_current_timezone()
    spans = [(f.first_seen.astimezone(tz).date(), f.verified_at.astimezone(tz).date() if f.verified_at else None)
             for f in site_findings]
    out = []
    for i in range(days - 1, -1, -1):
        day = today - dt.timedelta(days=i)
        out.append((day, sum(1 for start, end in spans if start <= day and (end is None or end > day))))
    return out


def veto_lines(site: Site, open_findings: list[Finding]) -> list[dict]:
    """Status against each 单项否决 line and its early-warning line (spec watch.md §0, §1.6)."""
    rows = []
    ratio, total = probe_ratio(site)
    state = "veto" if total and ratio >= 0.05 else "warning" if total and ratio >= 0.03 else "ok"
    rows.append({"line": "站点无法访问（首页不连通率）", "count": f"{ratio:.1%}（{total}次）", "limit": "预警3%，否决5%",
                 "state": state})
    data = [FindingData(f.url, f.category, f.kind, f.severity, f.evidence, extra=f.extra or {})
            for f in open_findings if f.category == "freshness"]
    columns = [ColumnSpec(c.name, c.url, c.klass, c.max_age_days) for c in site.columns.all()]
    for row in freshness.summary(data, columns)["lines"]:
        unit = "天" if row["line"] == "homepage_stale" else "个"
        rows.append({"line": row["label"], "count": f"{row['count']}{unit}",
                     "limit": f"预警{row['warning']}{unit}，否决{row['limit']}{unit}", "state": row["state"]})
    serious = [f for f in open_findings if f.category in ("integrity", "tamper", "wording")]
    rows.append({"line": "安全、严重表述错误等严重问题", "count": len(serious), "limit": "发现即整改",
                 "state": "veto" if serious else "ok"})
    return rows
