"""When an annual report (政府信息公开工作年度报告) must be published.

条例第四十九条: 县级以上人民政府部门 by 31 January; the 本级政府 report (published by its
公开工作主管部门) by 31 March. 乡镇/街道 deadlines are set locally; we default them to 31 January,
the departments' date, and an office changes it per kind of unit (``ReportDeadline``).
Villages and communities do not report.
"""
from __future__ import annotations

import datetime as dt

__all__ = ["DEFAULT_DEADLINES", "REPORTING_KINDS", "days_late", "deadline", "is_late"]

# unit kind -> (month, day) in the year after the reported one
DEFAULT_DEADLINES: dict[str, tuple[int, int]] = {
    "department": (1, 31),
    "township": (1, 31),
    "subdistrict": (1, 31),
    "county": (3, 31),
}
REPORTING_KINDS = tuple(DEFAULT_DEADLINES)


def deadline(year: int, unit_kind: str, overrides: dict[str, tuple[int, int]] | None = None) -> dt.date | None:
    """The last day to publish the report on ``year``; None for a unit that does not report."""
    month_day = (overrides or {}).get(unit_kind) or DEFAULT_DEADLINES.get(unit_kind)
    if month_day is None:
        return None
    month, day = month_day
    return dt.date(year + 1, month, day)


def is_late(year: int, unit_kind: str, published_on: dt.date | None, today: dt.date,
            overrides: dict[str, tuple[int, int]] | None = None) -> bool:
    """Published after the deadline, or not published and the deadline has passed."""
    due = deadline(year, unit_kind, overrides)
    if due is None:
        return False
    return (published_on or today) > due if published_on else today > due


def days_late(year: int, unit_kind: str, on: dt.date,
              overrides: dict[str, tuple[int, int]] | None = None) -> int:
    """Days by which publishing on ``on`` misses the deadline (0 when in time or none applies)."""
    due = deadline(year, unit_kind, overrides)
    return max((on - due).days, 0) if due else 0
