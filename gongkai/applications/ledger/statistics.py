"""The year's application table (table 三, 收到和处理政府信息公开申请情况) of a unit or of several
units summed, from the stored applications; its layout with the official labels and merged
header cells, for the workbench page and the XLSX download."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Case, Count, DateField, Q, Value, When

from gongkai.domain.annual_report import application_table as rules
from gongkai.domain.decisions import DECISION_TYPES, GROUPS, ROW_LABELS
from gongkai.units.scoping import visible_units

from ..models import Application
from ..handling.services import OFFICE_KINDS

TABLE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_LABEL = "三、本年度办理结果"
FIRST_YEAR = 2008  # the first 条例 took effect on 1 May 2008


def table_three(unit_ids, year: int) -> dict[str, list[int]]:
    """Table 三 of ``year`` for these units summed. Only applications that can be in the table are
    read (received by 31 December and not answered before 1 January), grouped in the database by
    what the table needs of their dates: received before the year or in it; answered in it, after
    it, or not yet. So a county's half a million applications come back as a few dozen rows."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    received = Case(When(received_on__lt=first, then=Value(first - dt.timedelta(days=1))), default=Value(first),
                    output_field=DateField())
    answered = Case(When(answered_on__isnull=True, then=Value(None)),
                    When(answered_on__gt=last, then=Value(last + dt.timedelta(days=1))),
                    default=Value(first), output_field=DateField())
    rows = (Application.objects
            .filter(unit_id__in=list(unit_ids), received_on__lte=last)
            .filter(Q(answered_on__isnull=True) | Q(answered_on__gte=first))
            .annotate(r=received, a=answered).order_by()
            .values_list("r", "a", "applicant_type", "decision_type")
            .annotate(n=Count("id")))
    return rules.count_table(rows, year)


def statistics_units(user):
    """Units whose table ``user`` may see: their own; a supervisor every office in the sub-tree."""
    return visible_units(user).filter(kind__in=OFFICE_KINDS).order_by("path")


# ---------------------------------------------------------------- layout

@dataclass(frozen=True)
class HeadCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class Row:
    key: str
    heads: tuple[HeadCell, ...]   # the row's label cells (a merged group cell only on its first row)
    cells: tuple[int, ...]


HEADER: tuple[tuple[HeadCell, ...], ...] = (
    (HeadCell(TABLE_NOTE, 3, 3), HeadCell("申请人情况", 7)),
    (HeadCell("自然人", 1, 2), HeadCell("法人或其他组织", 5), HeadCell("总计", 1, 2)),
    tuple(HeadCell(label) for label in rules.COLUMN_LABELS[1:6]),
)


def layout(table: dict[str, list[int]]) -> list[Row]:
    """The 25 data rows in the official order with their label cells, as in domain.md §2.4:
    一 and 二 and 四 span three label columns, 三 spans 22 rows, （三）–（六） span their sub-rows."""
    sizes = {g.code: sum(1 for t in DECISION_TYPES if t.group is g) for g in GROUPS}
    rows = [Row(key, (HeadCell(ROW_LABELS[key], 3),), tuple(table[key])) for key in ("new", "carried_in")]
    seen = set()
    for i, kind in enumerate(DECISION_TYPES):
        heads = [HeadCell(RESULTS_LABEL, 1, len(DECISION_TYPES) + 1)] if i == 0 else []
        group = kind.group
        if sizes[group.code] == 1:
            heads.append(HeadCell(kind.row_label, 2))
        else:
            if group.code not in seen:
                heads.append(HeadCell(group.label, 1, sizes[group.code]))
                seen.add(group.code)
            heads.append(HeadCell(kind.row_label))
        rows.append(Row(kind.code, tuple(heads), tuple(table[kind.code])))
    rows.append(Row("total", (HeadCell(ROW_LABELS["total"], 2),), tuple(table["total"])))
    rows.append(Row("carried_out", (HeadCell(ROW_LABELS["carried_out"], 3),), tuple(table["carried_out"])))
    return rows


def xlsx(table: dict[str, list[int]], title: str) -> bytes:
    """The table as an Excel workbook with the same merged cells as the page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from gongkai.domain.spreadsheet_cells import neutralise

    book = Workbook()
    sheet = book.active
    sheet.title = "表三"
    sheet.cell(1, 1, neutralise(title)).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
    taken: set[tuple[int, int]] = set()

    def put(r: int, c: int, cell: HeadCell) -> None:
        sheet.cell(r, c, neutralise(cell.text)).font = Font(bold=True)
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(start_row=r, start_column=c, end_row=r + cell.rowspan - 1,
                              end_column=c + cell.colspan - 1)
        taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))

    def place(r: int, cells) -> int:
        c = 1
        for cell in cells:
            while (r, c) in taken:
                c += 1
            put(r, c, cell)
            c += cell.colspan
        while (r, c) in taken:
            c += 1
        return c

    top = 3
    for i, cells in enumerate(HEADER):
        place(top + i, cells)
    rows = layout(table)
    for i, row in enumerate(rows):
        r = top + len(HEADER) + i
        c = place(r, row.heads)
        for j, n in enumerate(row.cells):
            sheet.cell(r, c + j, n)
    thin = Side(style="thin")
    last = top + len(HEADER) + len(rows) - 1
    for line in sheet.iter_rows(min_row=top, max_row=last, min_col=1, max_col=10):
        for cell in line:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for letter, width in zip("ABCDEFGHIJ", (10, 14, 30, 10, 10, 10, 12, 12, 10, 10)):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
