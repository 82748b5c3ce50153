"""The annual report's three tables as an Excel workbook, one sheet each."""
from __future__ import annotations

import io

from gongkai.domain.annual_report.draft import SECTION_TITLES

from .layout import Table, report_tables

__all__ = ["xlsx_bytes"]


def _sheet_title(table: Table) -> str:
    return {"proactive": "表二 主动公开", "applications": "表三 申请办理", "disputes": "表四 复议诉讼"}[table.key]


def xlsx_bytes(report) -> bytes:
    """The three tables, one sheet each: the report title and the table's name on top, the official
    merged header cells, numbers as numbers (blank where the platform has no figure)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from gongkai.domain.spreadsheet_cells import neutralise

    workbook = Workbook()
    workbook.remove(workbook.active)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for table in report_tables(report).values():
        ws = workbook.create_sheet(_sheet_title(table))
        ws.cell(1, 1, neutralise(report.title)).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.width)
        ws.cell(2, 1, SECTION_TITLES[table.key]).font = Font(bold=True)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=table.width)
        for row in (1, 2):
            ws.cell(row, 1).alignment = Alignment(horizontal="center")
        top = 3
        for r in range(table.height):
            for c in range(table.width):
                ws.cell(top + r, 1 + c).border = border
        for r, c, cell in table.placed:
            target = ws.cell(top + r, 1 + c, cell.value if cell.numeric else neutralise(cell.text))
            if cell.numeric and isinstance(cell.value, int):
                target.number_format = "0"
            target.font = Font(bold=cell.header and r < table.head_rows)
            target.alignment = Alignment(horizontal="left" if cell.css == "label" else "center",
                                         vertical="center", wrap_text=True,
                                         textRotation=255 if cell.css == "vertical" else 0)
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=top + r, start_column=1 + c,
                               end_row=top + r + cell.rowspan - 1, end_column=c + cell.colspan)
        scale = 60 / sum(table.widths) if table.key == "disputes" else 100 / sum(table.widths)
        for c, width in enumerate(table.widths, 1):
            ws.column_dimensions[get_column_letter(c)].width = max(8, round(width * scale, 1))
        if table.head_rows:
            ws.print_title_rows = f"{top}:{top + table.head_rows - 1}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if table.width > 4 else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
