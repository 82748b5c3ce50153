"""The arithmetic of the annual report (domain.md §2.6), one named rule each.

Every check takes the plain table dicts of ``tables.py`` and returns findings
``{"rule", "severity", "cells", "message"}``: ``cells`` name the cells
involved (``三.new.自然人``, ``四.行政复议.总计``, ``二.regulations.现行有效件数``),
``message`` is Chinese and states the values.

Severities: ``error`` for the official identity (一+二 = 三（七）+ 四) and the
sums that every correct report satisfies (row totals, （七）总计, table 四
totals); ``warning`` for the cross-year carry (not an official rule), the
numbers in the narrative (read from prose, so less certain), blank cells and
table 二 plausibility.

Blank cells (None) count as 0, except a blank 总计 cell, which is taken as
the sum of its row: real reports leave 总计 empty and mean the sum. Each
blank cell is listed once, in a ``t3.blank`` / ``t4.blank`` warning.

Rules: t2.in_force, t2.negative, t3.blank, t3.row_total, t3.result_sum,
t3.balance, t3.negative, t4.blank, t4.total, t4.negative, cross_year.carried,
cross_year.t2_in_force, narrative.t3, narrative.t4.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict, TypeVar

from .narrative import Statement
from .tables import (
    COLUMNS, DISPUTE_CELLS, DISPUTE_GROUPS, PROACTIVE_LABELS, ROW_LABELS, TOTAL_COLUMN, cell_name, dispute_cell_name,
    proactive_cell_name, proactive_for, result_rows, rows_for,
)

__all__ = [
    "ERROR",
    "WARNING",
    "check_applications",
    "check_cross_year",
    "check_disputes",
    "check_narrative",
    "check_proactive",
    "check_report",
    "effective_applications",
    "effective_disputes",
    "finding",
]

ERROR, WARNING = "error", "warning"
_SHORT = {
    "new": "一、本年新收", "carried_in": "二、上年结转", "total": "三（七）总计", "carried_out": "四、结转下年度",
}


# A report's tables as stored (JSON): {"proactive", "applications", "disputes"}, see tables.py.
Tables = Mapping[str, Any]
_N = TypeVar("_N", int, float)


class Finding(TypedDict):
    rule: str
    severity: str
    cells: list[str]
    message: str


def finding(rule: str, severity: str, cells: list[str], message: str) -> Finding:
    return {"rule": rule, "severity": severity, "cells": list(cells), "message": message}


def _v(value: _N | None) -> _N | int:
    return 0 if value is None else value


def _label(row: str) -> str:
    return _SHORT.get(row) or ROW_LABELS.get(row, row)


# --- table 三 --------------------------------------------------------------

def effective_applications(applications: Mapping[str, Sequence[int | None] | None], fmt: str) -> dict[str, list[int]]:
    """Table 三 as the arithmetic reads it: blank = 0, blank 总计 = row sum."""
    result = {}
    for row in rows_for(fmt):
        cells = list(applications.get(row) or [None] * len(COLUMNS))
        cells += [None] * (len(COLUMNS) - len(cells))
        values = [_v(c) for c in cells[:TOTAL_COLUMN]]
        total = cells[TOTAL_COLUMN]
        result[row] = values + [sum(values) if total is None else total]
    return result


def check_applications(applications: Mapping[str, Sequence[int | None] | None], fmt: str = "2021") -> list[Finding]:
    """t3.blank, t3.negative, t3.row_total, t3.result_sum, t3.balance."""
    findings = []
    rows = rows_for(fmt)
    blanks = [cell_name(row, c) for row in rows for c, value in enumerate(applications.get(row) or [None] * 7)
              if value is None]
    if blanks:
        findings.append(finding("t3.blank", WARNING, blanks,
                                f"表三有{len(blanks)}个单元格空白，按0计算（总计列空白按该行合计计算）；应填写0"))
    for row in rows:
        for c, value in enumerate(applications.get(row) or []):
            if value is not None and value < 0:
                findings.append(finding("t3.negative", ERROR, [cell_name(row, c)],
                                        f"{_label(row)}·{COLUMNS[c]}为负数（{value}）"))
    table = effective_applications(applications, fmt)
    for row in rows:
        values = table[row]
        detail = sum(values[:TOTAL_COLUMN])
        if detail != values[TOTAL_COLUMN]:
            findings.append(finding(
                "t3.row_total", ERROR, [cell_name(row, c) for c in range(len(COLUMNS))],
                f"{_label(row)}：总计为{values[TOTAL_COLUMN]}，但自然人至其他各列之和为"
                f"{'+'.join(str(v) for v in values[:TOTAL_COLUMN])}={detail}"))
    results = result_rows(fmt)
    for c, column in enumerate(COLUMNS):
        parts = [table[row][c] for row in results]
        if sum(parts) != table["total"][c]:
            findings.append(finding(
                "t3.result_sum", ERROR, [cell_name("total", c)] + [cell_name(row, c) for row in results],
                f"{column}列：（七）总计为{table['total'][c]}，但（一）至（六）各项办理结果之和为{sum(parts)}"))
    for c, column in enumerate(COLUMNS):
        new, carried_in = table["new"][c], table["carried_in"][c]
        total, carried_out = table["total"][c], table["carried_out"][c]
        if new + carried_in != total + carried_out:
            findings.append(finding(
                "t3.balance", ERROR,
                [cell_name("new", c), cell_name("carried_in", c), cell_name("total", c), cell_name("carried_out", c)],
                f"{column}列：第一项加第二项之和应等于第三项加第四项之和，但一、本年新收({new})+二、上年结转"
                f"({carried_in})={new + carried_in}，三（七）总计({total})+四、结转下年度({carried_out})="
                f"{total + carried_out}"))
    return findings


# --- table 四 --------------------------------------------------------------

def effective_disputes(disputes: Sequence[int | None] | None) -> list[int]:
    cells = list(disputes or []) + [None] * (len(DISPUTE_CELLS) - len(disputes or []))
    result = []
    for group in range(len(DISPUTE_GROUPS)):
        part = [_v(c) for c in cells[group * 5:group * 5 + 4]]
        total = cells[group * 5 + 4]
        result += part + [sum(part) if total is None else total]
    return result


def check_disputes(disputes: Sequence[int | None] | None) -> list[Finding]:
    """t4.blank, t4.negative, t4.total (each 总计 = 维持 + 纠正 + 其他 + 尚未审结)."""
    findings = []
    cells = list(disputes or []) + [None] * (len(DISPUTE_CELLS) - len(disputes or []))
    blanks = [dispute_cell_name(i) for i, value in enumerate(cells) if value is None]
    if blanks:
        findings.append(finding("t4.blank", WARNING, blanks,
                                f"表四有{len(blanks)}个单元格空白，按0计算；应填写0"))
    for i, value in enumerate(cells):
        if value is not None and value < 0:
            findings.append(finding("t4.negative", ERROR, [dispute_cell_name(i)],
                                    f"表四{DISPUTE_CELLS[i]}为负数（{value}）"))
    values = effective_disputes(cells)
    for g, group in enumerate(DISPUTE_GROUPS):
        part = values[g * 5:g * 5 + 4]
        if sum(part) != values[g * 5 + 4]:
            findings.append(finding(
                "t4.total", ERROR, [dispute_cell_name(g * 5 + i) for i in range(5)],
                f"{group}：总计为{values[g * 5 + 4]}，但结果维持、结果纠正、其他结果、尚未审结之和为"
                f"{'+'.join(str(v) for v in part)}={sum(part)}"))
    return findings


# --- table 二 --------------------------------------------------------------

def check_proactive(proactive: Mapping[str, Sequence[float | None]] | None, fmt: str = "2021") -> list[Finding]:
    """t2.negative; t2.in_force: 现行有效件数 ≥ 本年制发 − 本年废止 (2021 format)."""
    findings = []
    spec = proactive_for(fmt)
    cells: Sequence[float | None] | None
    for key, cells in (proactive or {}).items():
        if key not in spec:
            continue
        for c, value in enumerate(cells):
            # 本年增/减 may be negative.
            if value is not None and value < 0 and "增/减" not in spec[key][1][c]:
                findings.append(finding("t2.negative", ERROR, [proactive_cell_name(key, c, fmt)],
                                        f"表二{spec[key][0]}·{spec[key][1][c]}为负数（{value}）"))
    if fmt != "2019":
        for key in ("regulations", "normative_documents"):
            cells = (proactive or {}).get(key)
            if not cells or cells[2] is None:
                continue
            issued, repealed, in_force = _v(cells[0]), _v(cells[1]), cells[2]
            if in_force < issued - repealed:
                findings.append(finding(
                    "t2.in_force", WARNING, [proactive_cell_name(key, c, fmt) for c in range(3)],
                    f"表二{spec[key][0]}：现行有效件数({in_force})少于本年制发({issued})减本年废止({repealed})"))
    return findings


# --- across years and against the narrative ---------------------------------

def check_cross_year(current: Tables, previous: Tables, fmt: str = "2021", previous_fmt: str = "2021") -> list[Finding]:
    """cross_year.carried: last year's 四、结转下年度 = this year's 二、上年结转, per
    column; cross_year.t2_in_force: 现行有效 = last year's + 制发 − 废止."""
    findings = []
    before = effective_applications(previous.get("applications") or {}, previous_fmt)["carried_out"]
    now = effective_applications(current.get("applications") or {}, fmt)["carried_in"]
    for c, column in enumerate(COLUMNS):
        if before[c] != now[c]:
            findings.append(finding(
                "cross_year.carried", WARNING, [cell_name("carried_in", c), "上年" + cell_name("carried_out", c)],
                f"{column}列：本年二、上年结转为{now[c]}，但上年报告四、结转下年度继续办理为{before[c]}"))
    if fmt == previous_fmt == "2021":
        for key in ("regulations", "normative_documents"):
            cur = (current.get("proactive") or {}).get(key)
            prev = (previous.get("proactive") or {}).get(key)
            if not cur or not prev or cur[2] is None or prev[2] is None:
                continue
            expected = prev[2] + _v(cur[0]) - _v(cur[1])
            if cur[2] != expected:
                findings.append(finding(
                    "cross_year.t2_in_force", WARNING,
                    [proactive_cell_name(key, 2, fmt), "上年" + proactive_cell_name(key, 2, fmt)],
                    f"表二{PROACTIVE_LABELS.get(key, key)}：现行有效件数为{cur[2]}，但上年{prev[2]}+本年制发"
                    f"{_v(cur[0])}−本年废止{_v(cur[1])}={expected}"))
    return findings


def check_narrative(statements: Mapping[str, Statement], tables: Tables, fmt: str = "2021") -> list[Finding]:
    """narrative.t3 / narrative.t4: the numbers the text states agree with the
    tables. ``statements`` maps a kind to ``{"value", "text"}`` (narrative.py):
    received (= 一、新收 or 一+二), processed (= （七）总计), carried_out,
    carried_in, reconsideration (= 复议总计), litigation (= 两类诉讼总计),
    disputes (= 复议与诉讼总计之和)."""
    findings = []
    t3 = effective_applications(tables.get("applications") or {}, fmt) if tables.get("applications") else None
    disputes = tables.get("disputes")
    t4 = effective_disputes(disputes) if disputes is not None else None
    T = TOTAL_COLUMN
    if t3:
        checks = {
            "received": ([t3["new"][T], t3["new"][T] + t3["carried_in"][T]],
                         [cell_name("new", T)], "一、本年新收（或加上年结转）"),
            "processed": ([t3["total"][T]], [cell_name("total", T)], "三（七）总计"),
            "carried_out": ([t3["carried_out"][T]], [cell_name("carried_out", T)], "四、结转下年度继续办理"),
            "carried_in": ([t3["carried_in"][T]], [cell_name("carried_in", T)], "二、上年结转"),
        }
        for kind, (allowed, cells, what) in checks.items():
            stated = statements.get(kind)
            if stated and stated["value"] not in allowed:
                findings.append(finding("narrative.t3", WARNING, cells,
                                        f"正文“{stated['text']}”为{stated['value']}件，但表三{what}为{allowed[0]}"))
    if t4:
        dispute_checks: dict[str, tuple[int, list[str], str]] = {
            "reconsideration": (t4[4], [dispute_cell_name(4)], "行政复议总计"),
            "litigation": (t4[9] + t4[14], [dispute_cell_name(9), dispute_cell_name(14)], "行政诉讼总计"),
            "disputes": (t4[4] + t4[9] + t4[14],
                         [dispute_cell_name(4), dispute_cell_name(9), dispute_cell_name(14)], "复议、诉讼总计之和"),
        }
        for kind, (expected, cells, what) in dispute_checks.items():
            stated = statements.get(kind)
            if stated and stated["value"] != expected:
                findings.append(finding("narrative.t4", WARNING, cells,
                                        f"正文“{stated['text']}”为{stated['value']}件，但表四{what}为{expected}"))
    return findings


def check_report(tables: Tables, fmt: str = "2021", statements: Mapping[str, Statement] | None = None,
                 previous: Tables | None = None, previous_fmt: str | None = None) -> list[Finding]:
    """Every rule that applies to ``tables`` (and the narrative statements and
    last year's tables, when given)."""
    findings = []
    if tables.get("proactive"):
        findings += check_proactive(tables["proactive"], fmt)
    if tables.get("applications"):
        findings += check_applications(tables["applications"], fmt)
    if tables.get("disputes") is not None:
        findings += check_disputes(tables["disputes"])
    if previous and tables.get("applications") and previous.get("applications"):
        findings += check_cross_year(tables, previous, fmt, previous_fmt or fmt)
    if statements:
        findings += check_narrative(statements, tables, fmt)
    return findings
