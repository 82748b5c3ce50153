"""Which sign-offs of the website duty log (网站值守签字) are missing.

The regime: the responsible person signs off the daily check (每日检查) every working day,
a maintenance (三日维护) at least once in every three working days, and a weekly cleanup
(每周清理) once in every calendar week. Pure Python: the caller passes the working days
(from the working-day calendar) and the dates already signed per kind.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

DAILY, MAINTENANCE, WEEKLY = "daily", "maintenance", "weekly"
MAINTENANCE_EVERY = 3


def missing_signoffs(workdays: Iterable[dt.date],
                     signed: Mapping[str, Iterable[dt.date]]) -> dict[dt.date, list[str]]:
    """The kinds missing on each of ``workdays`` (ascending, oldest first).

    - daily: every working day without a daily sign-off;
    - maintenance: the third working day in a row without a maintenance sign-off (the count
      starts again after a sign-off or a flagged day);
    - weekly: the last listed working day of a calendar week without a weekly sign-off on any
      day of that week; the week of the last listed day is still running and is not judged.
    """
    days = sorted(set(workdays))
    daily = set(signed.get(DAILY, ()))
    maintenance = set(signed.get(MAINTENANCE, ()))
    weeks_signed = {d.isocalendar()[:2] for d in signed.get(WEEKLY, ())}
    out: dict[dt.date, list[str]] = {d: [] for d in days}
    gap = 0
    for day in days:
        if day not in daily:
            out[day].append(DAILY)
        if day in maintenance:
            gap = 0
        else:
            gap += 1
            if gap >= MAINTENANCE_EVERY:
                out[day].append(MAINTENANCE)
                gap = 0
    if days:
        running = days[-1].isocalendar()[:2]
        last_of_week: dict[tuple[int, int], dt.date] = {}
        for day in days:
            last_of_week[day.isocalendar()[:2]] = day
        for week, day in last_of_week.items():
            if week != running and week not in weeks_signed:
                out[day].append(WEEKLY)
    return out


def rate(required: int, signed: int) -> float | None:
    """Share of required sign-offs that were signed; None when nothing was required."""
    return None if required <= 0 else signed / required
