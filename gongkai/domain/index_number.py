"""索引号 (catalog index numbers): ``{unit code}/{year}-{serial:05d}``, e.g. ``11420105/2026-00012``.

The number is given once, when an item is first saved, and never changes.
"""
from __future__ import annotations

import re

INDEX_NO_RE = re.compile(r"^(?P<unit>[0-9A-Z]{2,20})/(?P<year>\d{4})-(?P<serial>\d{5,})$")


def format_index_no(unit_code: str, year: int, serial: int) -> str:
    if serial < 1:
        raise ValueError("serial starts at 1")
    return f"{unit_code}/{year}-{serial:05d}"


def parse_index_no(value: str) -> tuple[str, int, int]:
    m = INDEX_NO_RE.match(value.strip())
    if not m:
        raise ValueError(f"not an index number: {value!r}")
    return m["unit"], int(m["year"]), int(m["serial"])
