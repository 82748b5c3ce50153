"""Table 三 of the annual report (收到和处理政府信息公开申请情况, domain.md §2.4) counted
from application records alone.

Each record is a plain tuple ``(received_on, answered_on, applicant_type,
decision_type)``, or the same with a count of identical records appended;
``answered_on`` is None while the application is open.
For the year Y:

- ``new`` (一、本年新收): received in Y;
- ``carried_in`` (二、上年结转 / 结转): received before 1 January Y and not answered
  before that day;
- one result row per decision type (``granted`` … ``other.3``): answered in Y;
- ``total`` (（七）总计): the sum of the result rows;
- ``carried_out`` (四、结转下年度继续办理): received on or before 31 December Y and not
  answered by then.

An application open on 31 December is therefore ``carried_out`` of Y and
``carried_in`` of Y+1, whatever day of Y+1 it is answered, so that
一 + 二 = （七） + 四 holds per column by construction.

The result has one list of 7 ints per row key of ``decisions.REPORT_ROWS``:
the six applicant columns of ``decisions.APPLICANT_TYPES`` and 总计.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..decisions import APPLICANT_TYPES, DECISION_TYPES, REPORT_ROWS

__all__ = ["COLUMNS", "COLUMN_LABELS", "RESULT_ROWS", "TableError", "add_tables", "count_table", "empty_table"]

COLUMNS: tuple[str, ...] = (*(a.code for a in APPLICANT_TYPES), "total")
COLUMN_LABELS: tuple[str, ...] = (*(a.label for a in APPLICANT_TYPES), "总计")
RESULT_ROWS: tuple[str, ...] = tuple(t.code for t in DECISION_TYPES)
_COLUMN_INDEX = {code: i for i, code in enumerate(COLUMNS[:-1])}
_RESULT_SET = frozenset(RESULT_ROWS)
_TOTAL = len(COLUMNS) - 1

# (received_on, answered_on, applicant_type, decision_type[, count]); decision_type "" while open
Record = tuple[dt.date, dt.date | None, str, str] | tuple[dt.date, dt.date | None, str, str, int]


class TableError(ValueError):
    """A record that cannot be counted (unknown applicant or result type); the message is Chinese."""


def empty_table() -> dict[str, list[int]]:
    return {row: [0] * len(COLUMNS) for row in REPORT_ROWS}


def count_table(records: Iterable[Record], year: int) -> dict[str, list[int]]:
    """Count ``records`` into table 三 of ``year``. Records received after the year are ignored."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = empty_table()
    new, carried_in, carried_out = table["new"], table["carried_in"], table["carried_out"]
    for received, answered, applicant, decision, *weight in records:
        n = weight[0] if weight else 1
        if received > last or (answered is not None and answered < first):
            continue  # not of this year at all
        col = _COLUMN_INDEX.get(applicant)
        if col is None:
            raise TableError(f"未知的申请人类型：{applicant}")
        if received >= first:
            new[col] += n
        else:
            carried_in[col] += n
        if answered is None or answered > last:
            carried_out[col] += n
            continue
        if decision not in _RESULT_SET:
            raise TableError(f"{answered:%Y-%m-%d}答复的申请没有有效的办理结果类型：{decision or '（空）'}")
        table[decision][col] += n
    totals = table["total"]
    for row in RESULT_ROWS:
        for col, n in enumerate(table[row][:_TOTAL]):
            totals[col] += n
    for cells in table.values():
        cells[_TOTAL] = sum(cells[:_TOTAL])
    return table


def add_tables(*tables: dict[str, list[int]]) -> dict[str, list[int]]:
    """Cell-by-cell sum (the tables of several units)."""
    out = empty_table()
    for table in tables:
        for row, cells in out.items():
            for i, n in enumerate(table[row]):
                cells[i] += n
    return out
