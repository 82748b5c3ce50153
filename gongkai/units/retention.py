"""Audit-log retention (GB/T 22239-2019 8.1.4.3 c), 8.1.5.4 d); 《网络安全法》第二十一条 ≥ 6 months).

``purge`` deletes rows older than GONGKAI_AUDIT_RETENTION_DAYS, but never any younger than 183
days whatever the setting says (gongkai/domain/audit_chain.py). The deletion runs in one
transaction with the append-only triggers lifted and put back, and appends an ``audit.purge`` row
naming the first kept row and its ``prev_mac``: the verifier starts the chain there. The newest
chained row is never deleted, so the chain always has a head to continue from.
"""
from __future__ import annotations

import importlib

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from gongkai.domain import audit_chain

from . import audit, audit_seal
from .models import AuditEntry

_guard = importlib.import_module("gongkai.units.migrations.0002_audit_append_only")


def cutoff(now=None):
    return audit_chain.purge_cutoff(now or timezone.now(), getattr(settings, "GONGKAI_AUDIT_RETENTION_DAYS", 365))


def purge(now=None) -> tuple[int, object]:
    limit = cutoff(now)
    vendor = connection.vendor
    with transaction.atomic():
        audit_seal.lock_chain()
        head = AuditEntry.objects.exclude(seq=None).order_by("-seq").first()
        old = AuditEntry.objects.filter(at__lt=limit)
        if head is not None:  # the newest chained row always stays: the next row links to it
            old = old.exclude(pk=head.pk)
        if not old.exists():
            return 0, limit
        kept = AuditEntry.objects.exclude(seq=None).exclude(pk__in=old.values("pk")).order_by("seq").first()
        anchor = (kept.seq, kept.prev_mac) if kept is not None else (1, "")
        with connection.cursor() as cursor:
            for sql in _guard.DROP.get(vendor, []):
                cursor.execute(sql)
        deleted = old._raw_delete(old.db)
        with connection.cursor() as cursor:
            for sql in {"sqlite": _guard.SQLITE, "postgresql": _guard.POSTGRES}.get(vendor, []):
                cursor.execute(sql)
        audit.record("audit.purge", detail={
            "deleted": deleted, "before": limit.isoformat(), "kept_from_seq": anchor[0], "anchor_mac": anchor[1],
            "retention_days": audit_chain.effective_retention_days(settings.GONGKAI_AUDIT_RETENTION_DAYS)})
    return deleted, limit
