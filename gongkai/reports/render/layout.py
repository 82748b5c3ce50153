"""The one layout of an annual report's three tables (政府信息公开工作年度报告), from which every
renderer draws: rows of cells with row and column spans in the official merged-cell structure
(domain.md §2.3–2.5):

- 表二 主动公开政府信息情况: 4 columns, one row group per 第二十条 item (2021 or 2019 layout);
- 表三 收到和处理政府信息公开申请情况: 3 label columns + 7 data columns; the note cell spans
  3 × 3, 申请人情况 7 columns, 自然人 and 总计 2 rows, 法人或其他组织 5 columns; 三、本年度办理结果
  spans its 22 rows (20 in the 2019 format) and （三）…（六） their sub-rows;
- 表四 政府信息公开行政复议、行政诉讼情况: 15 data columns under three header rows.

Numbers are written out, 0 as "0"; a ``None`` (a cell the platform does not know, e.g. 2019-format
cells without a source) is left blank.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.domain.annual_report.tables import (
    COLUMNS, DISPUTE_GROUPS, DISPUTE_OUTCOMES, ROW_LABELS, proactive_for, rows_for,
)
from gongkai.domain.decisions import GROUPS
from gongkai.domain.annual_report.draft import SECTION_TITLES

__all__ = [
    "NOTE",
    "Cell",
    "Section",
    "Table",
    "applications_table",
    "disputes_table",
    "format_number",
    "header_cell",
    "proactive_table",
    "report_tables",
]

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_LABEL = "三、本年度办理结果"
LITIGATION_LABELS = {"直接起诉": "未经复议直接起诉", "复议后起诉": "复议后起诉"}

# 表二: the 第二十条 items and their rows, per format.
_PROACTIVE_GROUPS = {
    "2021": (("（一）", ("regulations", "normative_documents")), ("（五）", ("licensing",)),
             ("（六）", ("punishment", "enforcement")), ("（八）", ("fees",))),
    "2019": (("（一）", ("regulations", "normative_documents")), ("（五）", ("licensing", "other_services")),
             ("（六）", ("punishment", "enforcement")), ("（八）", ("fees",)), ("（九）", ("procurement",))),
}


@dataclass
class Cell:
    """One cell of a table layout. ``header`` cells are <th> with ``scope``; data cells carry the
    number in ``value`` (``None`` for a blank one) and its text in ``text``."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    scope: str = ""                 # "col", "row" or "rowgroup" for header cells
    value: int | float | None = None
    numeric: bool = False
    note: bool = False
    id: str = ""                    # set by ``Table.place`` for header cells
    headers: str = ""               # ids of the header cells of a data cell (HTML ``headers``)
    css: str = ""                   # "label" (left-aligned row label), "vertical" (the 22-row label)


@dataclass
class Section:
    tag: str                        # "thead" or "tbody"
    rows: list[list[Cell]]


@dataclass
class Table:
    """A table's layout: its row groups, its column count and relative column widths."""

    key: str                        # "proactive", "applications", "disputes"
    caption: str
    sections: list[Section]
    widths: tuple[float, ...]
    placed: list[tuple[int, int, Cell]] = field(default_factory=list)

    @property
    def rows(self) -> list[list[Cell]]:
        return [row for section in self.sections for row in section.rows]

    @property
    def width(self) -> int:
        return len(self.widths)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def percents(self) -> list[str]:
        """Column widths for <col style="width:…%">."""
        total = sum(self.widths)
        return [f"{100 * w / total:.2f}" for w in self.widths]

    @property
    def head_rows(self) -> int:
        return sum(len(s.rows) for s in self.sections if s.tag == "thead")

    def place(self) -> Table:
        """Put every cell at its (row, column) origin, as HTML's table model does, give header cells
        ids, and list for each data cell the header cells that label it (to its left in its row,
        above it in its column)."""
        taken: dict[tuple[int, int], Cell] = {}
        placed = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken[(r + dr, c + dc)] = cell
                placed.append((r, c, cell))
                c += cell.colspan
        if any(c >= self.width for (_, c) in taken) or any(r >= self.height for (r, _) in taken):
            raise ValueError(f"table {self.key}: cells outside the {self.height}×{self.width} grid")
        for r, c, cell in placed:
            if cell.header:
                cell.id = f"{self.key}-h{r}-{c}"
                if cell.scope == "row" and c > 0 and cell.rowspan == cell.colspan == 1:
                    cell.css = "label"
                elif cell.scope == "row" and cell.rowspan > 8 and cell.colspan == 1:
                    cell.css = "vertical"
        for r, c, cell in placed:
            if cell.header or cell.note:
                continue
            found: list[Cell] = []
            for cc in range(c - 1, -1, -1):         # row headers, nearest first
                other = taken.get((r, cc))
                if other is None or not other.header:
                    break
                if other not in found:
                    found.append(other)
            found.reverse()
            above: list[Cell] = []
            for rr in range(r - 1, -1, -1):         # column headers, up to the data above them
                other = taken.get((rr, c))
                if other is not None and other.header:
                    if other not in above and other not in found:
                        above.append(other)
                elif above:
                    break
            cell.headers = " ".join(h.id for h in found + above[::-1])
        self.placed = placed
        return self


def format_number(value) -> str:
    """A cell's text: ``0`` is written as "0", ``None`` is blank, 12.50 is "12.5"."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number.normalize():f}"


def _number(value):
    """The cell's number for a spreadsheet: int, float, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def header_cell(text: str, scope: str = "col", rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan, colspan, header=True, scope=scope)


def _data(value, colspan: int = 1) -> Cell:
    return Cell(format_number(value), 1, colspan, value=_number(value), numeric=True)


def _values(values: list, columns: int) -> list[Cell]:
    """Data cells of a 表二 row over its 3 value columns: the last one spans what is left."""
    values = list(values or [])[:columns] + [None] * max(0, columns - len(values or []))
    cells = [_data(v) for v in values[:-1]]
    return cells + [_data(values[-1], 3 - len(cells))]


def proactive_table(tables: dict, fmt: str) -> Table:
    """表二 主动公开政府信息情况 in the 2021 or 2019 layout."""
    spec = proactive_for(fmt)
    data = tables.get("proactive") or {}
    sections = []
    for item, keys in _PROACTIVE_GROUPS["2019" if fmt == "2019" else "2021"]:
        columns = spec[keys[0]][1]
        rows = [[header_cell(f"第二十条第{item}项", "rowgroup", colspan=4)],
                [header_cell("信息内容")] + [header_cell(label, colspan=1) for label in columns[:-1]]
                + [header_cell(columns[-1], colspan=4 - len(columns))]]
        for key in keys:
            rows.append([header_cell(spec[key][0], "row")] + _values(data.get(key), len(spec[key][1])))
        sections.append(Section("tbody", rows))
    return Table("proactive", SECTION_TITLES["proactive"][2:], sections, (3.4, 4.0, 4.0, 4.2)).place()


def applications_table(tables: dict, fmt: str) -> Table:
    """表三 收到和处理政府信息公开申请情况 (2021: 25 data rows; 2019: 23, （六） is one row)."""
    data = tables.get("applications") or {}
    rows_fmt = rows_for(fmt)
    head = [
        [Cell(NOTE, 3, 3, note=True), header_cell("申请人情况", colspan=7)],
        [header_cell(COLUMNS[0], rowspan=2), header_cell("法人或其他组织", colspan=5), header_cell(COLUMNS[-1], rowspan=2)],
        [header_cell(label) for label in COLUMNS[1:-1]],
    ]

    def values(row: str) -> list[Cell]:
        found = list(data.get(row) or [])
        return [_data(v) for v in found[:len(COLUMNS)] + [None] * (len(COLUMNS) - len(found))]

    body = [[header_cell(ROW_LABELS["new"], "row", colspan=3)] + values("new"),
            [header_cell(ROW_LABELS["carried_in"], "row", colspan=3)] + values("carried_in")]
    results = [row for row in rows_fmt if row not in ("new", "carried_in", "carried_out")]
    first = True
    for group in GROUPS:
        members = [row for row in results if row == group.code or row.startswith(group.code + ".")]
        for i, row in enumerate(members):
            cells = []
            if first:
                cells.append(header_cell(RESULTS_LABEL, "row", rowspan=len(results)))
                first = False
            if row == group.code:                   # （一）（二）, and （六） of the 2019 format
                cells.append(header_cell(group.label, "row", colspan=2))
            else:
                if i == 0:
                    cells.append(header_cell(group.label, "row", rowspan=len(members)))
                cells.append(header_cell(ROW_LABELS[row], "row"))
            body.append(cells + values(row))
    body.append([header_cell(ROW_LABELS["total"], "row", colspan=2)] + values("total"))
    body.append([header_cell(ROW_LABELS["carried_out"], "row", colspan=3)] + values("carried_out"))
    widths = (1.3, 1.7, 4.1) + (1.2,) * len(COLUMNS)
    return Table("applications", SECTION_TITLES["applications"][2:],
                 [Section("thead", head), Section("tbody", body)], widths).place()


def disputes_table(tables: dict) -> Table:
    """表四 政府信息公开行政复议、行政诉讼情况 (the same in 2019 and 2021)."""
    data = list(tables.get("disputes") or [])
    data += [None] * (len(DISPUTE_GROUPS) * len(DISPUTE_OUTCOMES) - len(data))
    outcomes = len(DISPUTE_OUTCOMES)
    head = [
        [header_cell(DISPUTE_GROUPS[0], colspan=outcomes), header_cell("行政诉讼", colspan=2 * outcomes)],
        [header_cell(o, rowspan=2) for o in DISPUTE_OUTCOMES]
        + [header_cell(LITIGATION_LABELS[g], colspan=outcomes) for g in DISPUTE_GROUPS[1:]],
        [header_cell(o) for o in DISPUTE_OUTCOMES * 2],
    ]
    body = [[_data(v) for v in data]]
    return Table("disputes", SECTION_TITLES["disputes"][2:], [Section("thead", head), Section("tbody", body)],
                 (1.0,) * len(data)).place()


def report_tables(report) -> dict[str, Table]:
    """The three table layouts of a report, by key."""
    fmt = "2019" if report.format == "2019" else "2021"
    tables = report.tables or {}
    return {"proactive": proactive_table(tables, fmt), "applications": applications_table(tables, fmt),
            "disputes": disputes_table(tables)}
