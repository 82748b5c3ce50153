"""Reads of the 审计管理员's console: the whole operation log, searched and filtered, and the
entries behind each saved report. The console is for Role.AUDITADMIN only (its views' decorator);
the 审计管理员 sees every unit's entries, so nothing here is scoped to a unit."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.domain.audit_reports import Report
from gongkai.units import audit
from gongkai.units.models import AuditEntry, Outcome

__all__ = ["actor_counts", "console_entries", "entries_newest_first", "in_id_order", "report_entries"]


def entries_newest_first() -> QuerySet[AuditEntry]:
    """Every entry of the log, newest first, the unit joined."""
    return AuditEntry.objects.select_related("unit").order_by("-at", "-id")


def console_entries(*, q: str = "", action: str = "", actor: str = "", outcome: str = "", ip: str = "",
                    since: dt.date | None = None, until: dt.date | None = None) -> QuerySet[AuditEntry]:
    """The console's search: ``q`` in the target's name (only of the types the administrator may see),
    the target's id or the request id; the action code's prefix; part of the actor's name; an outcome
    (ignored when not one); the address ``ip`` (already normalised); the China calendar days ``since``
    to ``until`` inclusive."""
    entries = entries_newest_first()
    if q:
        text = Q(target_repr__icontains=q, target_type__in=audit.ADMIN_VISIBLE_TYPES)
        entries = entries.filter(text | Q(target_id=q) | Q(request_id=q))
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    if outcome in Outcome.values:
        entries = entries.filter(outcome=outcome)
    if ip:
        entries = entries.filter(ip=ip)
    tz = timezone.get_current_timezone()
    if since is not None:
        entries = entries.filter(at__gte=dt.datetime.combine(since, dt.time.min, tz))
    if until is not None:
        entries = entries.filter(at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tz))
    return entries


def in_id_order(entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """``entries`` in the order they were written (the JSONL export's order)."""
    return entries.order_by("id")


def report_entries(spec: Report, since: dt.datetime) -> QuerySet[AuditEntry]:
    """The entries a saved report covers (its actions and action prefixes) from ``since``, newest first."""
    cond = Q(action__in=spec.actions) if spec.actions else Q()
    for prefix in spec.action_prefixes:
        cond |= Q(action__startswith=prefix)
    return entries_newest_first().filter(cond).filter(at__gte=since)


def actor_counts(entries: QuerySet[AuditEntry], limit: int = 100) -> QuerySet:
    """How many of ``entries`` each actor wrote, most first."""
    return entries.values("actor_name").annotate(n=Count("id")).order_by("-n")[:limit]
