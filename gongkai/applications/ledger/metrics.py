"""Figures the assessment (考核) reads from applications: plain functions returning plain data.

``Evidence`` is a dict {"label": Chinese text, "url": workbench URL or "", "ok": bool}.
"""
from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from ..models import ON_CLOCK_STATUSES, Application


def answered_timely(unit_ids, year: int, today: dt.date) -> tuple[int, int, list[dict]]:
    """(answered on time, due, evidence of each late or unanswered one): the applications whose
    答复期限 fell in ``year`` — answered, or on the clock past it."""
    apps = Application.objects.filter(unit_id__in=list(unit_ids), due_on__year=year).filter(
        Q(answered_on__isnull=False) | Q(status__in=ON_CLOCK_STATUSES, due_on__lt=today)
    ).only("pk", "number", "due_on", "answered_on").order_by("due_on", "pk")
    evidence, good, due = [], 0, 0
    for app in apps:
        due += 1
        url = reverse("applications:detail", args=[app.pk])
        if app.answered_on and app.answered_on <= app.due_on:
            good += 1
        elif app.answered_on:
            days = (app.answered_on - app.due_on).days
            evidence.append({"label": f"申请{app.number}答复期限{app.due_on:%Y-%m-%d}，"
                                      f"{app.answered_on:%Y-%m-%d}答复（逾期{days}天）", "url": url, "ok": False})
        else:
            evidence.append({"label": f"申请{app.number}答复期限{app.due_on:%Y-%m-%d}，至今未答复",
                             "url": url, "ok": False})
    return good, due, evidence
