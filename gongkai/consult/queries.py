"""Reads of 政务咨询 (the portal's and the workbench's); no view builds a query itself."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q
from django.utils import timezone

from gongkai.domain.consultation import AgeBand, age_band, veto_line, warning_line
from gongkai.units.models import Role
from gongkai.units.scoping import scope

from .models import CLOSED_STATUSES, Message, Publication, Status

# The asker's data and the unmasked texts are never loaded for a public page.
PRIVATE_FIELDS = ("name", "contact", "body", "reply_text")


def published(q: str = ""):
    qs = (Message.objects.filter(publication=Publication.PUBLISHED).select_related("unit")
          .defer(*PRIVATE_FIELDS).order_by("-published_on", "-id"))
    if q:
        qs = qs.filter(Q(subject__icontains=q) | Q(public_question__icontains=q) | Q(public_answer__icontains=q))
    return qs


def faq(q: str = ""):
    """常见问题: published answers staff put in the FAQ, searchable by words of the question or answer."""
    qs = published().filter(in_faq=True)
    for word in q.split()[:5]:
        qs = qs.filter(Q(subject__icontains=word) | Q(public_question__icontains=word)
                       | Q(public_answer__icontains=word))
    return qs


def public_stats(year: int | None = None) -> dict:
    """The statistics published beside the list (收到, 办结, 公开答复) for the current year."""
    year = year or timezone.localdate().year
    mine = Message.objects.filter(received_on__year=year)
    return {"year": year,
            "received": mine.filter(status__in=(Status.SUBMITTED, *CLOSED_STATUSES)).count(),
            "answered": Message.objects.filter(status__in=CLOSED_STATUSES, answered_on__year=year).count(),
            "published": Message.objects.filter(publication=Publication.PUBLISHED, published_on__year=year).count()}


def visible(user):
    """The messages of the units ``user`` may see (the workbench's record look-up)."""
    return scope(Message.objects.select_related("unit", "merged_into", "converted_application"), user)


def by_number(user, number: str):
    """The visible message with this number (as typed: trimmed, any case), or None."""
    return visible(user).filter(number=(number or "").strip().upper()).first()


def workbench_list(user, tab: str):
    """The workbench list: a unit's own messages by ``tab``; a supervisor's, of the units below, the
    open ones oldest first or all of them newest first."""
    if user.role == Role.SUPERVISOR:
        qs = visible(user)
        return qs.filter(status=Status.SUBMITTED).order_by("received_on") if tab == "open" \
            else qs.order_by("-received_at")
    return for_unit(user.unit, tab)


def for_unit(unit, status: str = "open"):
    qs = Message.objects.filter(unit=unit).select_related("unit")
    if status == "open":
        return qs.filter(status=Status.SUBMITTED).order_by("due_on", "received_at")
    if status == "pending":
        return qs.filter(publication=Publication.PENDING).order_by("answered_at")
    if status == "answered":
        return qs.filter(status__in=CLOSED_STATUSES).order_by("-answered_at")
    return qs.order_by("-received_at")


def ageing_rows(messages, today: dt.date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    rows = []
    for m in messages:
        band = age_band(m.received_on, m.due_on, today)
        rows.append({"m": m, "band": band, "band_label": AgeBand.LABELS[band], "age": (today - m.received_on).days,
                     "warning_on": warning_line(m.received_on), "veto_on": veto_line(m.received_on)})
    return rows


def unanswered_by_band(unit_ids, today: dt.date | None = None) -> dict[int, Counter]:
    """{unit id: Counter(band → count)} of open messages, for the supervisor's board."""
    today = today or timezone.localdate()
    out: dict[int, Counter] = {}
    for unit_id, received, due in (Message.objects.filter(unit_id__in=list(unit_ids), status=Status.SUBMITTED)
                                   .values_list("unit_id", "received_on", "due_on")):
        out.setdefault(unit_id, Counter())[age_band(received, due, today)] += 1
    return out


def invalid_count(unit_ids) -> int:
    return Message.objects.filter(unit_id__in=list(unit_ids), status=Status.INVALID).count()


def board_counts(unit_ids, today: dt.date | None = None) -> dict[str, dict[int, int]]:
    """The supervisor's board signals: {signal: {unit id: n}} for unanswered messages past the
    3-month veto line, past the 60-day warning line, and past the unit's promise."""
    per = unanswered_by_band(unit_ids, today)
    out: dict[str, dict[int, int]] = {"consult_veto": {}, "consult_warning": {}, "consult_overdue": {}}
    for unit_id, bands in per.items():
        for signal, band in (("consult_veto", AgeBand.VETO), ("consult_warning", AgeBand.WARNING),
                             ("consult_overdue", AgeBand.OVER_PROMISE)):
            if bands.get(band):
                out[signal][unit_id] = bands[band]
    return out
