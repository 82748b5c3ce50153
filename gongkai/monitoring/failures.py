"""Failure events, bounded (rule: gongkai/domain/failure_events.py) and feeding the burst alerts
(gongkai/domain/security_alerts.py).

``record_failure`` is what the refusing code calls instead of ``audit.record``: it counts the event
in its minute, writes it with ``outcome="failure"`` unless a limit says to fold it into a summary,
and raises a burst alert when a threshold is reached. ``summarise_closed`` writes the summaries of
finished minutes (called on the next failure and every minute by a task). A request whose failure
was recorded is marked, so the 403 recorder (middleware.py) does not record it twice.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.domain import failure_events as rules
from gongkai.domain import security_alerts
from gongkai.units import audit
from gongkai.units.models import Outcome

from .models import FailureCounter

MARK = "_gongkai_failure_recorded"
KEEP_COUNTERS = dt.timedelta(days=1)


def limits() -> rules.Limits:
    return rules.Limits(**getattr(settings, "GONGKAI_AUDIT_FAILURE_LIMITS", {}))


def bursts():
    return security_alerts.default_bursts(**getattr(settings, "GONGKAI_ALERT_BURSTS", {}))


def _bump(window, key: str, subject: str | None = None, suppressed: bool = False) -> int:
    counter, _ = FailureCounter.objects.select_for_update().get_or_create(window=window, key=key)
    counter.count += 1
    fields = ["count"]
    if suppressed:
        counter.suppressed += 1
        counter.samples = rules.add_sample(counter.samples or [], subject or "")
        fields += ["suppressed", "samples"]
    counter.save(update_fields=fields)
    return counter.count


def _actor(user) -> str:
    return str(user.pk) if user is not None and getattr(user, "is_authenticated", False) else ""


def record_failure(action: str, target=None, *, user=None, subject: str = "", reason: str = "",
                   detail: dict | None = None, target_repr: str | None = None, unit=None):
    """Record one refused action (bounded). Returns the audit row, or None when it went into a
    summary."""
    request = audit._request.get()
    if request is not None:
        setattr(request, MARK, True)
        if user is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            user = request.user
    ip = audit.client_ip(request) if request is not None else None
    failure = rules.Failure(action, ip, _actor(user), subject or (target_repr or ""))
    now = timezone.now()
    window = rules.window_of(now)
    summarise_closed(now)
    with transaction.atomic():
        counts = tuple(_bump(window, key) for key in rules.counters(failure))
        decision = rules.decide(failure, counts, limits())
        if decision.suppressed:
            _bump(window, "t|" + decision.aggregate, failure.subject, suppressed=True)
            entry = None
        else:
            entry = audit.record(action, target, user=user, unit=unit, detail=detail, target_repr=target_repr,
                                 outcome=Outcome.FAILURE, reason=reason)
        crossed = _bursts(failure, window)
    for burst, count, address in crossed:
        from . import alerts

        alerts.raise_alert(security_alerts.burst_notice(burst, count, address, window))
    return entry


def _bursts(failure: rules.Failure, window) -> list:
    crossed = []
    for burst in security_alerts.bursts_for(failure.action, bursts()):
        total = _bump(window, burst.total_counter())
        per_address = _bump(window, burst.address_counter(failure.address))
        if security_alerts.crossed(per_address, burst.per_address) and failure.ip:
            crossed.append((burst, per_address, failure.ip))
        elif security_alerts.crossed(total, burst.per_minute):
            crossed.append((burst, total, None))
    return crossed


def summarise_closed(now=None) -> int:
    """One ``audit.failures_suppressed`` row per finished minute and tally; idempotent."""
    now = now or timezone.now()
    current = rules.window_of(now)
    pending = FailureCounter.objects.filter(summarised_at=None, suppressed__gt=0, window__lt=current,
                                            key__startswith="t|")
    if not pending.exists():
        return 0
    written = 0
    with audit.bind_request(None), transaction.atomic():  # the system's row, not the current requester's
        for counter in pending.select_for_update().order_by("window", "id"):
            detail = rules.summary(counter.key[2:], counter.window, counter.suppressed, counter.samples)
            audit.record(rules.SUPPRESSED_ACTION, user=None, outcome=Outcome.FAILURE,
                         reason=rules.summary_reason(detail), detail=detail,
                         target_repr=f"{detail['action']} {detail['ip']}")
            counter.summarised_at = now
            counter.save(update_fields=["summarised_at"])
            written += 1
    return written


def prune(now=None) -> int:
    """Counters older than a day go (their summaries are written first)."""
    now = now or timezone.now()
    summarise_closed(now)
    return FailureCounter.objects.filter(window__lt=now - KEEP_COUNTERS).delete()[0]
