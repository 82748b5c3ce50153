"""Shapes of the tables of the annual report (政府信息公开工作年度报告), in the
2021 format (国办公开办函〔2021〕30号) and the 2019 format (〔2019〕60号); domain.md §2.3–2.5.

Tables are plain dicts so that the inspector (reading others' reports) and the
report builder (computing one's own) share them and the rules:

- ``proactive`` (table 二, 主动公开): ``{key: [numbers or None]}``, keys and
  column labels in ``PROACTIVE_2021`` / ``PROACTIVE_2019``;
- ``applications`` (table 三, 收到和处理申请): ``{row key: [7 numbers or None]}``,
  rows ``REPORT_ROWS`` (2021) or ``REPORT_ROWS_2019``, columns ``COLUMNS``;
- ``disputes`` (table 四, 行政复议、行政诉讼): ``[15 numbers or None]`` in
  ``DISPUTE_CELLS`` order.

``None`` is a cell left blank in the source.
"""
from __future__ import annotations

from typing import Any

from gongkai.domain.decisions import APPLICANT_TYPES, REPORT_ROWS, REPORT_ROWS_2019, ROW_LABELS

__all__ = [
    "COLUMNS",
    "DISPUTE_CELLS",
    "DISPUTE_GROUPS",
    "DISPUTE_OUTCOMES",
    "FORMATS",
    "PROACTIVE_2019",
    "PROACTIVE_2021",
    "PROACTIVE_LABELS",
    "REPORT_ROWS",
    "REPORT_ROWS_2019",
    "RESULT_ROWS",
    "ROW_LABELS",
    "TOTAL_COLUMN",
    "cell_name",
    "dispute_cell_name",
    "empty_tables",
    "proactive_cell_name",
    "proactive_for",
    "rows_for",
]

FORMATS = ("2021", "2019")

# Data columns of table 三: the six applicant types, then 总计.
COLUMNS: tuple[str, ...] = (*(a.label for a in APPLICANT_TYPES), "总计")
TOTAL_COLUMN = len(COLUMNS) - 1


def rows_for(fmt: str) -> tuple[str, ...]:
    """Row keys of table 三 in a format ("2019" has one ``other`` row)."""
    return REPORT_ROWS_2019 if fmt == "2019" else REPORT_ROWS


def result_rows(fmt: str) -> tuple[str, ...]:
    """The rows that add up to （七）总计: （一）予以公开 … （六）其他处理."""
    rows = rows_for(fmt)
    return rows[rows.index("carried_in") + 1:rows.index("total")]


RESULT_ROWS = result_rows("2021")

# Table 四: 行政复议, 行政诉讼 未经复议直接起诉, 复议后起诉 × 结果维持 … 总计.
DISPUTE_GROUPS: tuple[str, ...] = ("行政复议", "直接起诉", "复议后起诉")
DISPUTE_OUTCOMES: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
DISPUTE_CELLS: tuple[str, ...] = tuple(f"{g}.{o}" for g in DISPUTE_GROUPS for o in DISPUTE_OUTCOMES)

# Table 二 (主动公开): row key -> (row label, column labels).
PROACTIVE_2021: dict[str, tuple[str, tuple[str, ...]]] = {
    "regulations": ("规章", ("本年制发件数", "本年废止件数", "现行有效件数")),
    "normative_documents": ("行政规范性文件", ("本年制发件数", "本年废止件数", "现行有效件数")),
    "licensing": ("行政许可", ("本年处理决定数量",)),
    "punishment": ("行政处罚", ("本年处理决定数量",)),
    "enforcement": ("行政强制", ("本年处理决定数量",)),
    "fees": ("行政事业性收费", ("本年收费金额（单位：万元）",)),
}
_ITEMS_2019 = ("上一年项目数量", "本年增/减", "处理决定数量")
PROACTIVE_2019: dict[str, tuple[str, tuple[str, ...]]] = {
    "regulations": ("规章", ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
    "normative_documents": ("规范性文件", ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
    "licensing": ("行政许可", _ITEMS_2019),
    "other_services": ("其他对外管理服务事项", _ITEMS_2019),
    "punishment": ("行政处罚", _ITEMS_2019),
    "enforcement": ("行政强制", _ITEMS_2019),
    "fees": ("行政事业性收费", ("上一年项目数量", "本年增/减")),
    "procurement": ("政府集中采购", ("采购项目数量", "采购总金额")),
}
PROACTIVE_LABELS = {key: label for spec in (PROACTIVE_2019, PROACTIVE_2021) for key, (label, _) in spec.items()}


def proactive_for(fmt: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    return PROACTIVE_2019 if fmt == "2019" else PROACTIVE_2021


def cell_name(row: str, column: int) -> str:
    """How a finding names a cell of table 三: ``三.new.自然人``."""
    return f"三.{row}.{COLUMNS[column]}"


def dispute_cell_name(index: int) -> str:
    """``四.行政复议.总计`` for cell 4 of table 四."""
    return f"四.{DISPUTE_CELLS[index]}"


def proactive_cell_name(key: str, column: int, fmt: str) -> str:
    spec = proactive_for(fmt).get(key) or PROACTIVE_2021.get(key) or PROACTIVE_2019[key]
    return f"二.{key}.{spec[1][column]}"


def empty_tables(fmt: str) -> dict[str, Any]:
    """All-blank tables of a format, the shape the rules and the JSON use."""
    return {
        "proactive": {key: [None] * len(cols) for key, (_, cols) in proactive_for(fmt).items()},
        "applications": {row: [None] * len(COLUMNS) for row in rows_for(fmt)},
        "disputes": [None] * len(DISPUTE_CELLS),
    }
