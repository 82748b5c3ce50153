"""Re-encryption after a key rotation, and verification of every encrypted value (Django side).

``reencrypt_all`` rewrites each encrypted field under the active field key and recomputes the
blind indexes under the active index key, row by row with ``UPDATE`` (no save signals, no
``updated_at`` change). It repeats until no row is left under an older key, which also catches
rows written by a server process that still held the previous keyring.
"""
from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from . import envelope, keys
from .fields import ENCRYPTED_FIELDS, BlindIndexField, Undecryptable

MAX_PASSES = 5


def _by_model() -> dict:
    grouped = defaultdict(list)
    for model, name in ENCRYPTED_FIELDS:
        if name not in grouped[model]:
            grouped[model].append(name)
    return grouped


def _index_fields(model, source: str) -> list[BlindIndexField]:
    return [f for f in model._meta.fields if isinstance(f, BlindIndexField) and f.source == source]


def _rewrite(model, names: list[str], force: bool) -> int:
    active_kid = keys.active("field").kid
    done = 0
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), 200):
        with transaction.atomic():
            for obj in model.objects.filter(pk__in=pks[start:start + 200]).select_for_update().only(*names):
                values = {}
                for name in names:
                    value = getattr(obj, name)
                    if isinstance(value, Undecryptable) or not value:
                        continue
                    values[name] = value  # plaintext: update() encrypts it under the active key
                    for index in _index_fields(model, name):
                        values[index.attname] = index.compute(value)
                if not values:
                    continue
                if not force and all(envelope.key_id(raw) == active_kid for raw in _raw(model, obj.pk, names)):
                    continue
                model.objects.filter(pk=obj.pk).update(**values)
                done += 1
    return done


def _raw(model, pk, names):
    """The stored ciphertexts of one row, undecrypted."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cols} FROM {table} WHERE {connection.ops.quote_name(model._meta.pk.column)} = %s",
                       [pk])
        row = cursor.fetchone() or ()
    return [v for v in row if v]


def reencrypt_all() -> dict[str, int]:
    """Rows re-encrypted per model (the first pass rewrites every row; later passes only stale ones)."""
    counts = {}
    for model, names in _by_model().items():
        total = _rewrite(model, names, force=True)
        for _ in range(MAX_PASSES):
            again = _rewrite(model, names, force=False)
            total += again
            if not again:
                break
        counts[model._meta.label] = total
    return counts


def undecryptable() -> list[tuple[str, int, str]]:
    """(model label, pk, reason) of every stored value that fails to decrypt."""
    bad = []
    for model, names in _by_model().items():
        for obj in model.objects.only(*names).order_by("pk").iterator():
            for name in names:
                value = getattr(obj, name)
                if isinstance(value, Undecryptable):
                    bad.append((f"{model._meta.label}.{name}", obj.pk, value.reason))
    return bad
