"""The platform's records as the computed (A) and watchdog (W) figures of a website report.

- 信息发布: catalog items of the site's units published in the year, each counted once under its
  primary 报表类别: 概况类 when filed under the statutory category 机构职能, else 信息公开目录.
  The catalog has no 政务动态 (news) column: that figure is entered.
- 解读回应: ``catalog.interpretations.year_figures`` (published 解读 by report class).
- 互动交流: ``consult.metrics.year_figures`` when the consultation module is installed; otherwise
  the rows are entered on the form (``consult_available``). 平均办理时间 is the mean in calendar
  days (voice.md §1.5), the working-day mean beside it for the reviewer (not printed).
- 安全防护 and the watchdog appendix: the site's findings first seen / fixed in the year, its check
  runs and its homepage probes.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Q

from gongkai.catalog.interpretations import year_figures as interpretation_figures
from gongkai.catalog.models import Category, Item, ItemStatus, Scheme
from gongkai.watch.models import CheckRun, Finding, FindingStatus, Probe

OVERVIEW_CATEGORIES = ("机构职能",)      # statutory categories whose items are 概况类信息


def consult_metrics():
    """``year_figures(unit_ids, year)`` of the consultation module, or None when it is absent."""
    try:
        from gongkai.consult.metrics import year_figures
    except ImportError:
        return None
    return year_figures


def consult_available() -> bool:
    return consult_metrics() is not None


def _bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return (dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz))


def site_units(site) -> list[int]:
    registration = getattr(site, "registration", None)
    ids = list(registration.units.values_list("pk", flat=True)) if registration else []
    return ids or [site.unit_id]


def information(unit_ids: list[int], year: int) -> dict[str, int]:
    published = Item.objects.filter(unit_id__in=unit_ids, status=ItemStatus.PUBLISHED,
                                    published_date__gte=dt.date(year, 1, 1), published_date__lte=dt.date(year, 12, 31))
    overview_ids = Category.objects.filter(scheme=Scheme.STATUTORY, name__in=OVERVIEW_CATEGORIES)
    total = published.count()
    overview = published.filter(categories__in=overview_ids).distinct().count()
    return {"info_overview": overview, "info_catalog": total - overview}


def interpretations(unit_ids: list[int], year: int) -> dict[str, int]:
    f = interpretation_figures(unit_ids, year)
    return {"interp_total": f["interpretations"], "interp_materials": f["interpretation_materials"],
            "interp_products": f["interpretation_products"], "interp_media": f["interpretation_media_articles"]}


def consultations(unit_ids: list[int], year: int) -> dict[str, object] | None:
    metrics = consult_metrics()
    if metrics is None:
        return None
    f = metrics(unit_ids, year)
    days, workdays = getattr(f, "average_reply_days", None), f.average_reply_workdays
    if not f.answered:
        days = workdays = 0.0           # nothing closed in the year: the platform knows the mean is 0
    return {"unified_platform": True, "msg_received": f.received, "msg_answered": f.answered,
            "msg_avg_days": None if days is None else round(float(days), 1),
            "msg_avg_workdays": None if workdays is None else round(float(workdays), 1),
            "msg_published": f.published}


def carried_in(unit_ids: list[int], year: int) -> int:
    """Messages still open at the end of last year (办结 may exceed 收到 by these)."""
    metrics = consult_metrics()
    if metrics is None:
        return 0
    return int(getattr(metrics(unit_ids, year - 1), "unanswered_at_year_end", 0) or 0)


def watchdog(site, year: int) -> dict[str, object]:
    start, end = _bounds(year)
    findings = Finding.objects.filter(site=site)
    found = findings.filter(first_seen__gte=start, first_seen__lt=end).count()
    fixed = findings.filter(Q(fixed_at__lt=end) | Q(verified_at__lt=end), first_seen__gte=start,
                            first_seen__lt=end, status__in=(FindingStatus.FIXED, FindingStatus.VERIFIED)).count()
    runs = CheckRun.objects.filter(site=site, started__gte=start, started__lt=end)
    probes = Probe.objects.filter(site=site, at__gte=start, at__lt=end)
    n_probes = probes.count()
    availability = round(100 * probes.filter(ok=True).count() / n_probes, 1) if n_probes else None
    return {"security_problems": found, "security_fixed": fixed,
            "security_monitoring": bool(site.is_active and runs.exists()),
            "watch_runs": runs.count(), "watch_availability": availability}


def basic(site) -> dict[str, object]:
    registration = getattr(site, "registration", None)
    return {"site_name": site.name, "home_url": site.homepage, "sponsor": site.unit.name,
            "site_type": registration.site_type if registration else None,
            "site_code": (registration.site_code or None) if registration else None,
            "icp_no": (registration.icp_no or None) if registration else None,
            "police_no": (registration.police_no or None) if registration else None}


def computed(site, year: int) -> dict[str, object]:
    """Every A and W figure of ``site`` for ``year`` (keys of the template)."""
    units = site_units(site)
    out = {**basic(site), **information(units, year), **interpretations(units, year), **watchdog(site, year)}
    messages = consultations(units, year)
    if messages is not None:
        out.update(messages)
    return out
