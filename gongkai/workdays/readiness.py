"""Where the office stands before the calendar runs out: the state today and where it is fixed.

The rule (which clocks are blocked from which day) is ``gongkai.domain.calendar_readiness``; the
records that wait meanwhile and the one notice per year and stage are the workbench's
(``gongkai.workbench.calendar_notice``: they count other apps' records).
"""
from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gongkai.domain.calendar_readiness import Readiness, readiness

from .services import get_calendar


def current(today: dt.date | None = None) -> Readiness:
    return readiness(get_calendar(), today or timezone.localdate())


def calendar_url() -> str:
    return reverse("workdays:calendar")
