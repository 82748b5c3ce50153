"""Figures the assessment (考核) reads from duties: plain functions returning plain data.

``Evidence`` is a dict {"label": Chinese text, "url": workbench URL or "", "ok": bool}.
"""
from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gongkai.domain.duty_log import rate
from gongkai.units.models import Unit
from gongkai.watch.models import Site
from gongkai.workdays.services import get_calendar

from .models import DutySignoff, SignoffKind, TrainingSession

MAX_EVIDENCE = 50


def required_signoff_days(unit_ids, year: int, today: dt.date) -> dict[int, list[dt.date]]:
    """{unit pk: working days of ``year`` up to ``today`` on which the unit had an active watch
    site registered} — the days a daily-check sign-off (每日检查签字) is required.

    Raises ``UnknownYearError`` when the working-day calendar does not know ``year``."""
    start, end = dt.date(year, 1, 1), min(today, dt.date(year, 12, 31))
    first_site: dict[int, dt.date] = {}
    for unit_id, created in Site.objects.filter(unit_id__in=list(unit_ids), is_active=True) \
            .values_list("unit_id", "created_at"):
        day = timezone.localtime(created).date()
        first_site[unit_id] = min(day, first_site.get(unit_id, day))
    if end < start or not first_site:
        return {}
    cal = get_calendar()
    workdays, day = [], start
    while day <= end:
        if cal.is_workday(day):
            workdays.append(day)
        day += dt.timedelta(days=1)
    return {unit_id: [d for d in workdays if d >= since] for unit_id, since in first_site.items()}


def signoff_rate(unit_ids, year: int, today: dt.date) -> tuple[float | None, list[dict]]:
    """Share of required daily-check sign-offs that were signed (None when none was required:
    no unit had a watch site); evidence lists the missing days, oldest first (at most 50)."""
    required = required_signoff_days(unit_ids, year, today)
    if not required:
        return None, []
    signed = set(DutySignoff.objects.filter(unit_id__in=list(required), kind=SignoffKind.DAILY,
                                            date__year=year).values_list("unit_id", "date"))
    names = dict(Unit.objects.filter(pk__in=list(required)).values_list("pk", "name"))
    total = done = 0
    missing = []
    for unit_id, days in required.items():
        for day in days:
            total += 1
            if (unit_id, day) in signed:
                done += 1
            else:
                missing.append((day, names.get(unit_id, ""), unit_id))
    missing.sort()
    evidence = [{"label": f"{name} {day:%Y-%m-%d} 每日检查未签字",
                 "url": reverse("duties:signoffs", args=[unit_id]) + f"?end={day:%Y-%m-%d}", "ok": False}
                for day, name, unit_id in missing[:MAX_EVIDENCE]]
    return rate(total, done), evidence


def training_held(unit_ids, year: int) -> tuple[int, list[dict]]:
    """Number of training sessions (培训) held by the units in ``year``; evidence one per session."""
    sessions = TrainingSession.objects.filter(unit_id__in=list(unit_ids), date__year=year) \
        .select_related("unit").order_by("date", "pk")
    evidence = [{"label": f"{s.unit.name} {s.date:%Y-%m-%d} {s.topic}",
                 "url": reverse("duties:training", args=[s.unit_id]), "ok": True} for s in sessions]
    return len(evidence), evidence
