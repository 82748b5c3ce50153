"""Reads of the operation log pages (操作日志): the entries a user may see, searched and filtered
(scoped by ``gongkai.units.scoping``)."""
from __future__ import annotations

import datetime as dt
import ipaddress

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEntry
from .scoping import scope

__all__ = ["audit_action_codes", "audit_entries"]


def _looks_like_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return False


def audit_entries(user, *, q: str = "", action: str = "", actor: str = "", unit: str = "",
                  since: dt.date | None = None, until: dt.date | None = None) -> QuerySet[AuditEntry]:
    """The log entries of the units ``user`` may see: ``q`` in the target (or its id, or the address
    when it is one), the action code's prefix, part of the actor's name, a unit's id (digits), and the
    China calendar days ``since`` to ``until`` inclusive."""
    entries = scope(AuditEntry.objects.select_related("unit"), user)
    if q:
        cond = Q(target_repr__icontains=q) | Q(target_id=q)
        if _looks_like_ip(q):
            cond |= Q(ip=q)
        entries = entries.filter(cond)
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    if unit.isdigit():
        entries = entries.filter(unit_id=int(unit))
    tz = timezone.get_current_timezone()
    if since:
        entries = entries.filter(at__gte=dt.datetime.combine(since, dt.time.min, tz))
    if until:
        entries = entries.filter(at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tz))
    return entries


def audit_action_codes(user) -> list[str]:
    """The action codes found in the log entries ``user`` may see, sorted."""
    return sorted(set(scope(AuditEntry.objects, user).values_list("action", flat=True).distinct()))
