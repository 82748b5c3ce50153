"""Retention of applicants' personal data (个人信息保存期限, 个人信息保护法第十九条、第四十七条).

An application's personal data is kept while it is needed: until the case is closed (答复 or 办结)
and every 行政复议/行政诉讼 on it has ended, and then for a retention period (default 3 years) to
answer a later complaint or review. Never while a dispute is open. After that it is anonymised.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEFAULT_YEARS = 3


@dataclass(frozen=True)
class CaseState:
    closed_on: dt.date | None          # the day the application was answered or closed; None while open
    dispute_closed_on: tuple[dt.date | None, ...] = ()  # one per dispute; None = still open


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def purge_due_on(state: CaseState, years: int = DEFAULT_YEARS) -> dt.date | None:
    """The first day the personal data may be anonymised, or None while the case or a dispute is open."""
    if years < 0:
        raise ValueError("retention period must be >= 0 years")
    if state.closed_on is None or any(day is None for day in state.dispute_closed_on):
        return None
    last = max((state.closed_on, *(day for day in state.dispute_closed_on if day is not None)))
    return add_years(last, years)


def is_due(state: CaseState, today: dt.date, years: int = DEFAULT_YEARS) -> bool:
    due = purge_due_on(state, years)
    return due is not None and today >= due
