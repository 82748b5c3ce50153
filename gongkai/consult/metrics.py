"""Year figures of 政务咨询 for the 政府网站工作年度报表 (voice.md §1.2 互动交流 留言办理) and the
信息公开 annual report's prose. Keep ``year_figures``'s signature and the fields stable: the website
report imports it.

Definitions (voice.md §2.4, "Figures for §1"):
- received: valid messages received in the year (merged duplicates and invalid ones excluded);
- answered: messages closed in the year — answered, or converted to an application (the conversion
  notice is a response);
- answered_on_time: of those, closed on or before their promise date;
- average_reply_workdays: mean working days from receipt to closing, one decimal (None if none or the
  calendar cannot count them); average_reply_days: the same in calendar days (the form's 平均办理时间);
- published: answers published on the portal in the year;
- unanswered_at_year_end: valid messages received by 31 December and not closed by then.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from gongkai.domain.consultation import average, reply_workdays
from gongkai.domain.workdays import UnknownYearError

from .models import CLOSED_STATUSES, Message, Publication, Status

COUNTED = Q(status__in=(Status.SUBMITTED, *CLOSED_STATUSES))


@dataclass(frozen=True)
class YearFigures:
    received: int
    answered: int
    answered_on_time: int
    average_reply_workdays: float | None
    published: int
    unanswered_at_year_end: int
    average_reply_days: float | None = None


def _closed_on(message: Message) -> dt.date | None:
    if message.status == Status.ANSWERED:
        return message.answered_on
    if message.status == Status.CONVERTED:
        return message.answered_on  # set to the conversion day
    return None


def year_figures(unit_ids: Iterable[int], year: int) -> YearFigures:
    """The figures of ``year`` for the messages handled by ``unit_ids`` (the unit holding the message now)."""
    from gongkai.workdays.services import get_calendar

    units = list(unit_ids)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    mine = Message.objects.filter(unit_id__in=units)
    received = mine.filter(COUNTED, received_on__range=(start, end)).count()
    closed = list(mine.filter(status__in=CLOSED_STATUSES, answered_on__range=(start, end))
                  .only("received_on", "answered_on", "due_on", "status"))
    on_time = sum(1 for m in closed if m.due_on is not None and m.answered_on <= m.due_on)
    cal = get_calendar()
    try:
        avg_wd = average(reply_workdays(cal, m.received_on, m.answered_on) for m in closed)
    except UnknownYearError:
        avg_wd = None
    avg_cd = average(float(max((m.answered_on - m.received_on).days, 0)) for m in closed)
    published = mine.filter(publication=Publication.PUBLISHED, published_on__range=(start, end)).count()
    unanswered = mine.filter(COUNTED, received_on__lte=end).filter(
        Q(status=Status.SUBMITTED) | Q(answered_on__gt=end)).count()
    return YearFigures(received=received, answered=len(closed), answered_on_time=on_time,
                       average_reply_workdays=avg_wd, published=published,
                       unanswered_at_year_end=unanswered, average_reply_days=avg_cd)


def answered_timely(unit_ids: Iterable[int], year: int, today: dt.date) -> tuple[int, int, list[dict]]:
    """The assessment's 留言按时答复 indicator: (answered within the promise, messages whose promise date
    fell due in the year by ``today``, evidence). Evidence lists first the messages past the 3-month
    veto line or the 60-day warning line still unanswered, then the late answers."""
    from django.urls import reverse

    from gongkai.domain.consultation import AgeBand, age_band

    units = list(unit_ids)
    end = min(dt.date(year, 12, 31), today)
    due = list(Message.objects.filter(unit_id__in=units, due_on__year=year, due_on__lt=end)
               .filter(COUNTED).only("number", "received_on", "due_on", "answered_on", "status"))
    good = [m for m in due if m.answered_on is not None and m.answered_on <= m.due_on]
    evidence: list[dict] = []
    open_ = Message.objects.filter(unit_id__in=units, status=Status.SUBMITTED, received_on__lte=end)
    for m in open_.order_by("received_on"):
        band = age_band(m.received_on, m.due_on, end)
        if band in (AgeBand.VETO, AgeBand.WARNING):
            evidence.append({"label": f"{m.number} 收到于{m.received_on:%Y-%m-%d}，{AgeBand.LABELS[band]}",
                             "url": reverse("consult:detail", args=[m.pk]), "ok": False})
    for m in due:
        if m not in good:
            state = f"{m.answered_on:%Y-%m-%d}答复" if m.answered_on else "未答复"
            evidence.append({"label": f"{m.number} 期限{m.due_on:%Y-%m-%d}，{state}",
                             "url": reverse("consult:detail", args=[m.pk]), "ok": False})
    return len(good), len(due), evidence
