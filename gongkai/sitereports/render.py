"""Outputs of a website report (政府网站工作年度报表): the portal page, DOCX, PDF and XLSX, all drawn
from one layout in the official table's shape — 板块 | 分组 | 项目（单位） | 数据, with the 板块 and
分组 cells merged over their rows — built from the annual report's layout classes and renderers
(gongkai.reports.render.layout: Cell, Table; .docx: the 公文 table, fonts)."""
from __future__ import annotations

import io

from gongkai.domain import website_report as rules
from gongkai.reports.render.docx import BODY_FONT, TITLE_FONT, add_font_alternates, add_table, set_fonts
from gongkai.reports.render.layout import Cell, Section, Table, header_cell

WIDTHS = (2.2, 2.6, 6.4, 4.8)


def _rows_by_section(report) -> list[tuple[str, list[rules.FieldDef]]]:
    tpl = rules.template_for(report.template_year)
    out: list[tuple[str, list[rules.FieldDef]]] = []
    for f in tpl.fields:
        if not f.printed:
            continue
        if not out or out[-1][0] != f.section:
            out.append((f.section, []))
        out[-1][1].append(f)
    return out


def _value_cell(f: rules.FieldDef, value, colspan: int = 1) -> Cell:
    text = rules.display(f, value)
    numeric = f.kind in (rules.COUNT, rules.DECIMAL) and value is not None
    return Cell(text, 1, colspan, value=value if numeric else None, numeric=numeric)


def _label(f: rules.FieldDef) -> str:
    return f"{f.label}（{f.unit}）" if f.unit else f.label


def layout(report) -> Table:
    """The report's table: one row per printed field, then 填报日期 in 签署."""
    values = rules.effective(report.fields or {})
    body: list[list[Cell]] = []
    for section, fields in _rows_by_section(report):
        rows: list[list[Cell]] = []
        i = 0
        while i < len(fields):
            f = fields[i]
            if not f.group:
                rows.append([header_cell(_label(f), "row", colspan=2), _value_cell(f, values.get(f.key))])
                i += 1
                continue
            members = [f]
            while i + len(members) < len(fields) and fields[i + len(members)].group == f.group:
                members.append(fields[i + len(members)])
            for j, m in enumerate(members):
                cells = [header_cell(m.group, "row", rowspan=len(members))] if j == 0 else []
                rows.append(cells + [header_cell(_label(m), "row"), _value_cell(m, values.get(m.key))])
            i += len(members)
        if section == "签署":
            signed = report.signed_at or report.published_at
            rows.append([header_cell("填报日期", "row", colspan=2),
                         Cell(f"{signed:%Y年%m月%d日}" if signed else "")])
        if rows:
            rows[0].insert(0, header_cell(section, "rowgroup", rowspan=len(rows)))
            body += rows
    head = [[header_cell("板块"), header_cell("项目", colspan=2), header_cell("数据")]]
    return Table("website", report.title, [Section("thead", head), Section("tbody", body)], WIDTHS).place()


def document_context(report) -> dict:
    return {"report": report, "title": report.title, "tables": [layout(report)], "unit_name": report.unit.name}


def html_string(report) -> str:
    from django.template.loader import render_to_string

    return render_to_string("sitereports/print.html", document_context(report))


def pdf_bytes(report) -> bytes:
    """A4 PDF in 公文 layout (as the annual report's), fonts embedded, no external URLs."""
    from weasyprint import HTML

    return HTML(string=html_string(report), base_url=None).write_pdf()


def docx_bytes(report) -> bytes:
    """Word: A4, GB/T 9704 margins, title 方正小标宋 二号 centred, the table with its merged cells,
    the unit and date at the foot."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    document.core_properties.title = report.title
    document.core_properties.language = "zh-CN"
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    set_fonts(document.styles["Normal"], BODY_FONT, Pt(16))
    add_font_alternates(document)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(title.add_run(report.title), TITLE_FONT, Pt(22))
    add_table(document, layout(report), 21 - 2.8 - 2.6)
    foot = document.add_paragraph()
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_fonts(foot.add_run(report.unit.name), BODY_FONT, Pt(16))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(report) -> bytes:
    """One sheet: the title, the official merged cells, numbers as numbers, every text cell
    neutralised (gongkai.domain.spreadsheet_cells)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from gongkai.domain.spreadsheet_cells import neutralise

    table = layout(report)
    workbook = Workbook()
    ws = workbook.active
    ws.title = "政府网站工作年度报表"
    ws.cell(1, 1, neutralise(report.title)).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.width)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = 2
    for r in range(table.height):
        for c in range(table.width):
            ws.cell(top + r, 1 + c).border = border
    for r, c, cell in table.placed:
        target = ws.cell(top + r, 1 + c, cell.value if cell.numeric else neutralise(cell.text))
        target.font = Font(bold=cell.header and r < table.head_rows)
        target.alignment = Alignment(horizontal="left" if cell.css == "label" else "center", vertical="center",
                                     wrap_text=True)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=top + r, start_column=1 + c, end_row=top + r + cell.rowspan - 1,
                           end_column=c + cell.colspan)
    for c, width in enumerate(table.widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = round(width * 100 / sum(table.widths), 1)
    ws.print_title_rows = f"{top}:{top}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
RENDERERS = {"docx": docx_bytes, "pdf": pdf_bytes, "xlsx": xlsx_bytes}


def download(report, fmt: str):
    from django.http import Http404, HttpResponse

    from gongkai.units.downloads import named

    if fmt not in RENDERERS:
        raise Http404
    return named(HttpResponse(RENDERERS[fmt](report), content_type=CONTENT_TYPES[fmt]), report.title, fmt)
