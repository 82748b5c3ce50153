"""The audit chain's seal (操作日志防篡改): each new entry gets the next sequence number, the
previous entry's MAC and its own, under one lock (gongkai/domain/audit_chain.py for the rule).

``AuditEntry.save`` calls :func:`seal_and_insert`; this module imports no model (it reaches the
entry's table through ``type(entry)``), so the model imports it at the top and :mod:`.audit`,
which writes and reads entries, depends on the model, never the other way round."""
from __future__ import annotations

from django.db import connection, transaction

from gongkai.domain import audit_chain

from . import audit_key

CHAIN_LOCK_ID = 0x676F6E676B6169  # "gongkai": the PostgreSQL advisory lock of the audit chain


def lock_chain() -> None:
    """Serialise chain writers (PostgreSQL; SQLite serialises every writer anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_ID])


def _row(entry) -> dict:
    return {name: getattr(entry, name) for name in audit_chain.FIELDS} | {
        "id": entry.pk, "prev_mac": entry.prev_mac, "mac": entry.mac}


def seal_and_insert(entry, insert) -> None:
    """Give ``entry`` its place in the chain and insert it with ``insert()``, serialised."""
    mac = audit_key.mac_function()
    with transaction.atomic():
        lock_chain()
        last = (type(entry).objects.exclude(seq=None).order_by("-seq").values("seq", "mac").first())
        entry.seq = (last["seq"] + 1) if last else 1
        entry.prev_mac = last["mac"] if last else ""
        entry.mac = audit_chain.compute_mac(mac, _row(entry), entry.prev_mac)
        insert()
