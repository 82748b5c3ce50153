"""Summing annual-report tables cell by cell (a supervisor's roll-up, 汇总).

Blank cells and cells a unit's table lacks are read as 0, so one unit's incomplete table (a draft,
a report typed elsewhere) never breaks the sum; the shape is the format's full table."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .tables import empty_tables

__all__ = ["add_tables"]


def _add(total: Any, part: Any) -> Any:   # a cell, or a list or dict of them (the JSON shape)
    if isinstance(total, list):
        part = part if isinstance(part, list) else []
        return [_add(t, part[i] if i < len(part) else None) for i, t in enumerate(total)]
    if isinstance(total, dict):
        part = part if isinstance(part, dict) else {}
        return {key: _add(value, part.get(key)) for key, value in total.items()}
    value = (total or 0) + (part if isinstance(part, (int, float)) else 0)
    return round(value, 4) if isinstance(value, float) else value


def add_tables(fmt: str, *tables: Mapping[str, Any]) -> dict[str, Any]:
    """The cell-by-cell sum of ``tables`` in the shape of format ``fmt`` (every cell a number)."""
    total: dict[str, Any] = _add(empty_tables(fmt), {})
    for table in tables:
        total = _add(total, table)
    return total
