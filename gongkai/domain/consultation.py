"""政务咨询 / 留言办理: the reply clock, the ageing lines and the masking of published text.

Sources (shared/spec/voice.md §2):

- **Promise clock** (WD): no national figure exists; local rules give 3–10 working days
  (沈阳 3/10, a county 网络问政 rule 5/7/15, 株洲 5). The unit's promise is configurable,
  default 5 working days. As for applications (domain.application_clock) the day of receipt
  is not counted: counting begins on the next day. A year with no entered holiday schedule
  is never guessed: ``UnknownYearError`` propagates and the caller shows "cannot be computed".
- **Transfer** (转办) does **not** restart the clock: voice.md §2.4 chooses the conservative
  reading ([unverified]); the asker waited from the day the message arrived.
- **Veto clock** (CD): 国办秘函〔2019〕19号 makes a valid message left unanswered for more
  than 3 months a 单项否决 item [V]; received + 3 calendar months (clamped to the month's
  end) is the red line; 60 calendar days is the early-warning (amber) line (watch.md §1.6).
- **Masking**: the asker's name and contact are never published; the question and the
  answer pass the PII masking of watch.md §4 (``gongkai.domain.pii``) before they are shown.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .pii import mask_text
from .workdays import UnknownYearError, WorkdayCalendar

__all__ = [
    "DEFAULT_PROMISE_WORKDAYS",
    "MAX_PROMISE_WORKDAYS",
    "VETO_MONTHS",
    "WARNING_DAYS",
    "AgeBand",
    "UnknownYearError",
    "add_months",
    "age_band",
    "average",
    "mask_public_text",
    "reply_due",
    "reply_workdays",
    "veto_line",
    "warning_line",
]

DEFAULT_PROMISE_WORKDAYS = 5     # 咨询类 default (county 网络问政 rule; 株洲 "不超过5天")
MAX_PROMISE_WORKDAYS = 15        # "办理期限最长不得超过15个工作日" (county rule, the longest local figure)
WARNING_DAYS = 60                # watch.md §1.6 early warning
VETO_MONTHS = 3                  # 国办秘函〔2019〕19号: "超过 3 个月未回应有效留言"


class AgeBand:
    """Age bands of an unanswered message on the supervisor's board (voice.md §2.4)."""

    WITHIN_PROMISE = "within_promise"
    OVER_PROMISE = "over_promise"
    WARNING = "warning"          # ≥ 60 CD
    VETO = "veto"                # ≥ 3 months
    UNKNOWN = "unknown"          # promise date cannot be computed (calendar not entered)

    LABELS = {
        WITHIN_PROMISE: "承诺期限内",
        OVER_PROMISE: "超过承诺期限",
        WARNING: "已满60天（预警）",
        VETO: "已满3个月（单项否决）",
        UNKNOWN: "期限无法计算（节假日安排未录入）",
    }
    ORDER = (WITHIN_PROMISE, UNKNOWN, OVER_PROMISE, WARNING, VETO)


def validate_promise(workdays: int) -> int:
    """A unit's promise: 1 to 15 working days."""
    if not 1 <= workdays <= MAX_PROMISE_WORKDAYS:
        raise ValueError(f"答复承诺期限应为1至{MAX_PROMISE_WORKDAYS}个工作日")
    return workdays


def reply_due(cal: WorkdayCalendar, received: dt.date, promise_workdays: int = DEFAULT_PROMISE_WORKDAYS) -> dt.date:
    """The last day of the promise: ``promise_workdays`` working days after the day of receipt
    (the day itself not counted). Raises UnknownYearError when the count reaches an unentered year."""
    validate_promise(promise_workdays)
    return cal.add(received, promise_workdays)


def reply_workdays(cal: WorkdayCalendar, received: dt.date, answered: dt.date) -> int:
    """Working days from receipt to the answer, the day of receipt not counted (an answer on the
    day of receipt is 0). Raises UnknownYearError for an unentered year."""
    if answered <= received:
        return 0
    return cal.between(received, answered)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later, clamped to the end of the month (31 Nov → 30 Nov)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def veto_line(received: dt.date) -> dt.date:
    """The day from which an unanswered valid message counts as "超过3个月未回应" (单项否决)."""
    return add_months(received, VETO_MONTHS)


def warning_line(received: dt.date) -> dt.date:
    """The 60-calendar-day early-warning day."""
    return received + dt.timedelta(days=WARNING_DAYS)


def age_band(received: dt.date, due: dt.date | None, today: dt.date) -> str:
    """Where an unanswered message stands today; the veto and warning lines go by calendar days
    whatever the unit's promise."""
    if today >= veto_line(received):
        return AgeBand.VETO
    if today >= warning_line(received):
        return AgeBand.WARNING
    if due is None:
        return AgeBand.UNKNOWN
    return AgeBand.OVER_PROMISE if today > due else AgeBand.WITHIN_PROMISE


def average(values: Iterable[float]) -> float | None:
    """Mean to one decimal; None when nothing was answered (never 0 by default)."""
    items = list(values)
    if not items:
        return None
    return round(sum(items) / len(items), 1)


@dataclass(frozen=True)
class MaskedText:
    text: str
    masked: int


def mask_public_text(text: str, hidden: Iterable[str] = ()) -> MaskedText:
    """The text as it may be published: each of ``hidden`` (the asker's own name and contact)
    masked wherever it appears, keeping its first character, then identity numbers, phones and
    bank cards masked (watch.md §4)."""
    count = 0
    for value in sorted({(v or "").strip() for v in hidden}, key=len, reverse=True):
        if len(value) >= 2 and value in text:
            count += text.count(value)
            text = text.replace(value, value[0] + "*" * (len(value) - 1))
    masked, findings = mask_text(text)
    return MaskedText(masked, count + len(findings))
