"""The audit log's tamper-evident chain (安全审计, GB/T 22239-2019 8.1.4.3 c)); no Django.

Each row carries ``seq`` (1, 2, 3 …), ``prev_mac`` (the previous row's ``mac``) and
``mac = HMAC-SM3(key, canonical(row) ‖ prev_mac)``. Changing, deleting or inserting a row out of
band breaks the chain at that row: its own MAC no longer matches, or the next row's ``prev_mac``
or ``seq`` no longer follows. Rows written before the chain existed (no ``mac``) may only precede
the first chained row; they are counted, not verified.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The row's fields the MAC covers, in this order.
FIELDS = ("seq", "at", "actor_id", "actor_name", "unit_id", "action", "target_type", "target_id",
          "target_repr", "detail", "ip", "user_agent", "outcome", "reason", "request_id")

Mac = Callable[[bytes], bytes]


def _value(name: str, value: object) -> object:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("audit time must be timezone-aware")
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if name == "detail":
        return json.loads(json.dumps(value or {}, ensure_ascii=False))
    if value is None:
        return None
    return value if isinstance(value, (int, str)) else str(value)


def canonical(row: Mapping[str, Any]) -> bytes:
    """The row as sorted, compact JSON of FIELDS (UTF-8): the same bytes however it was read."""
    data = {name: _value(name, row.get(name)) for name in FIELDS}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def compute_mac(mac: Mac, row: Mapping[str, Any], prev_mac: str) -> str:
    return mac(canonical(row) + b"|" + prev_mac.encode()).hex()


@dataclass
class Report:
    """What ``verify`` found: the first broken row (by id and seq) and why, or none."""

    checked: int = 0
    unchained: int = 0
    broken_id: int | None = None
    broken_seq: int | None = None
    problem: str = ""
    last_seq: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(rows: Iterable[Mapping[str, Any]], mac: Mac, equal: Callable[[str, str], bool],
           anchor: tuple[int, str] | None = None) -> Report:
    """Walk rows in id order; stop at the first break. ``rows`` are dicts with FIELDS plus
    ``id``, ``prev_mac`` and ``mac``. ``anchor`` = (seq, prev_mac) where a retention purge
    recorded that the kept rows begin (else the chain must begin at seq 1)."""
    report = Report()
    expected_seq, prev = anchor or (1, "")
    started = False
    for row in rows:
        if not row.get("mac"):
            if started:
                return _broken(report, row, "该行没有校验码（链中插入了未经签名的记录）")
            report.unchained += 1
            continue
        started = True
        if row.get("seq") != expected_seq:
            return _broken(report, row, f"序号应为 {expected_seq}，实为 {row.get('seq')}（有记录被删除或插入）")
        if (row.get("prev_mac") or "") != prev:
            return _broken(report, row, "前一条记录的校验码不符（前一条被删除、替换或修改）")
        if not equal(compute_mac(mac, row, prev), row["mac"]):
            return _broken(report, row, "本条记录的内容与校验码不符（已被修改）")
        report.checked += 1
        report.last_seq = expected_seq
        prev, expected_seq = row["mac"], expected_seq + 1
    return report


def _broken(report: Report, row: Mapping[str, Any], problem: str) -> Report:
    report.broken_id, report.broken_seq, report.problem = row.get("id"), row.get("seq"), problem
    return report


# Retention (GB/T 22239 8.1.4.3 c) and 《网络安全法》第二十一条: logs kept at least six months).
RETENTION_FLOOR_DAYS = 183


def effective_retention_days(configured: int | None) -> int:
    """The setting, but never below the legal floor of 183 days."""
    return max(int(configured or 0), RETENTION_FLOOR_DAYS)


def purge_cutoff(now: dt.datetime, configured: int | None) -> dt.datetime:
    return now - dt.timedelta(days=effective_retention_days(configured))
