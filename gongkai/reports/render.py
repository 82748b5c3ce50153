"""Outputs of an annual report (政府信息公开工作年度报告): the portal page, DOCX, PDF and XLSX.

The three tables are laid out once, here, as rows of cells with row and column spans in the
official merged-cell structure (domain.md §2.3–2.5); the HTML template, the Word table and the
Excel sheet are all drawn from that one layout:

- 表二 主动公开政府信息情况: 4 columns, one row group per 第二十条 item (2021 or 2019 layout);
- 表三 收到和处理政府信息公开申请情况: 3 label columns + 7 data columns; the note cell spans
  3 × 3, 申请人情况 7 columns, 自然人 and 总计 2 rows, 法人或其他组织 5 columns; 三、本年度办理结果
  spans its 22 rows (20 in the 2019 format) and （三）…（六） their sub-rows;
- 表四 政府信息公开行政复议、行政诉讼情况: 15 data columns under three header rows.

Numbers are written out, 0 as "0"; a ``None`` (a cell the platform does not know, e.g. 2019-format
cells without a source) is left blank.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.domain.annual_report.tables import (
    COLUMNS, DISPUTE_GROUPS, DISPUTE_OUTCOMES, ROW_LABELS, proactive_for, rows_for,
)
from gongkai.domain.decisions import GROUPS
from gongkai.domain.report_draft import SECTION_TITLES

__all__ = [
    "NOTE",
    "Cell",
    "Table",
    "applications_table",
    "disputes_table",
    "document_context",
    "docx_bytes",
    "format_number",
    "html_string",
    "pdf_bytes",
    "proactive_table",
    "report_tables",
    "xlsx_bytes",
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


# ---------------------------------------------------------------- layout

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


def _head(text: str, scope: str = "col", rowspan: int = 1, colspan: int = 1) -> Cell:
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
        rows = [[_head(f"第二十条第{item}项", "rowgroup", colspan=4)],
                [_head("信息内容")] + [_head(label, colspan=1) for label in columns[:-1]]
                + [_head(columns[-1], colspan=4 - len(columns))]]
        for key in keys:
            rows.append([_head(spec[key][0], "row")] + _values(data.get(key), len(spec[key][1])))
        sections.append(Section("tbody", rows))
    return Table("proactive", SECTION_TITLES["proactive"][2:], sections, (3.4, 4.0, 4.0, 4.2)).place()


def applications_table(tables: dict, fmt: str) -> Table:
    """表三 收到和处理政府信息公开申请情况 (2021: 25 data rows; 2019: 23, （六） is one row)."""
    data = tables.get("applications") or {}
    rows_fmt = rows_for(fmt)
    head = [
        [Cell(NOTE, 3, 3, note=True), _head("申请人情况", colspan=7)],
        [_head(COLUMNS[0], rowspan=2), _head("法人或其他组织", colspan=5), _head(COLUMNS[-1], rowspan=2)],
        [_head(label) for label in COLUMNS[1:-1]],
    ]

    def values(row: str) -> list[Cell]:
        found = list(data.get(row) or [])
        return [_data(v) for v in found[:len(COLUMNS)] + [None] * (len(COLUMNS) - len(found))]

    body = [[_head(ROW_LABELS["new"], "row", colspan=3)] + values("new"),
            [_head(ROW_LABELS["carried_in"], "row", colspan=3)] + values("carried_in")]
    results = [row for row in rows_fmt if row not in ("new", "carried_in", "carried_out")]
    first = True
    for group in GROUPS:
        members = [row for row in results if row == group.code or row.startswith(group.code + ".")]
        for i, row in enumerate(members):
            cells = []
            if first:
                cells.append(_head(RESULTS_LABEL, "row", rowspan=len(results)))
                first = False
            if row == group.code:                   # （一）（二）, and （六） of the 2019 format
                cells.append(_head(group.label, "row", colspan=2))
            else:
                if i == 0:
                    cells.append(_head(group.label, "row", rowspan=len(members)))
                cells.append(_head(ROW_LABELS[row], "row"))
            body.append(cells + values(row))
    body.append([_head(ROW_LABELS["total"], "row", colspan=2)] + values("total"))
    body.append([_head(ROW_LABELS["carried_out"], "row", colspan=3)] + values("carried_out"))
    widths = (1.3, 1.7, 4.1) + (1.2,) * len(COLUMNS)
    return Table("applications", SECTION_TITLES["applications"][2:],
                 [Section("thead", head), Section("tbody", body)], widths).place()


def disputes_table(tables: dict) -> Table:
    """表四 政府信息公开行政复议、行政诉讼情况 (the same in 2019 and 2021)."""
    data = list(tables.get("disputes") or [])
    data += [None] * (len(DISPUTE_GROUPS) * len(DISPUTE_OUTCOMES) - len(data))
    outcomes = len(DISPUTE_OUTCOMES)
    head = [
        [_head(DISPUTE_GROUPS[0], colspan=outcomes), _head("行政诉讼", colspan=2 * outcomes)],
        [_head(o, rowspan=2) for o in DISPUTE_OUTCOMES]
        + [_head(LITIGATION_LABELS[g], colspan=outcomes) for g in DISPUTE_GROUPS[1:]],
        [_head(o) for o in DISPUTE_OUTCOMES * 2],
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


# ---------------------------------------------------------------- the whole document

def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _problems(report) -> list[str]:
    """Section 五: last year's problems with what was done, then this year's problems."""
    narrative = report.narrative or {}
    answered = [row for row in narrative.get("problems", []) if (row.get("problem") or "").strip()]
    new = _lines(narrative.get("new_problems"))
    paragraphs = []
    if answered:
        paragraphs.append(f"（一）{report.year - 1}年度存在问题的改进情况")
        for i, row in enumerate(answered, 1):
            paragraphs.append(f"{i}. {row['problem'].strip()}")
            improvement = (row.get("improvement") or "").strip()
            paragraphs += [f"改进情况：{line}" if j == 0 else line
                           for j, line in enumerate(_lines(improvement) or ["（尚未填写）"])]
    if new:
        if answered:
            paragraphs.append(f"（二）{report.year}年度存在的主要问题")
        paragraphs += new
    return paragraphs


def document_context(report) -> dict:
    """Template context of ``reports/_document.html`` and ``reports/print.html``: the title and
    sections 一 to 六, each with its paragraphs and (二–四) its table."""
    narrative = report.narrative or {}
    tables = report_tables(report)
    paragraphs = {
        "overview": _lines(narrative.get("overview")),
        "proactive": [], "applications": [], "disputes": [],
        "problems": _problems(report),
        "other": _lines(narrative.get("other")) + _lines(narrative.get("other_added")),
    }
    sections = [{"key": key, "title": title, "paragraphs": paragraphs[key],
                 "tables": [tables[key]] if key in tables else []}
                for key, title in SECTION_TITLES.items()]
    unit_name = report.unit.name if getattr(report, "unit_id", None) else ""
    return {"report": report, "title": report.title, "unit_name": unit_name, "sections": sections,
            "tables": list(tables.values())}


def html_string(report, template: str = "reports/print.html") -> str:
    from django.template.loader import render_to_string

    return render_to_string(template, document_context(report))


def pdf_bytes(report) -> bytes:
    """A4 PDF from ``reports/print.html`` with the Noto CJK fonts embedded (no external URLs)."""
    from weasyprint import HTML

    document = HTML(string=html_string(report), base_url=None)
    return document.write_pdf()


# ---------------------------------------------------------------- DOCX

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
# Substitutes a machine without the 方正/GB2312 fonts uses (listed in the document's font table).
FONT_ALTERNATES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}
LATIN_FONT = "Times New Roman"


def _set_fonts(target, east_asia: str, size=None, bold=None) -> None:
    from docx.oxml.ns import qn

    target.font.name = LATIN_FONT
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        target.font.size = size
    if bold is not None:
        target.font.bold = bold


def _font_table(document) -> None:
    """Name a substitute for each Chinese font in word/fontTable.xml, so that Word on a machine
    without 方正小标宋简体 or 仿宋_GB2312 shows the nearest standard font."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from lxml import etree

    try:
        part = document.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    root = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alternate in FONT_ALTERNATES.items():
        if name in known:
            continue
        font = root.makeelement(qn("w:font"), {qn("w:name"): name})
        alt = font.makeelement(qn("w:altName"), {qn("w:val"): alternate})
        charset = font.makeelement(qn("w:charset"), {qn("w:val"): "86"})
        family = font.makeelement(qn("w:family"), {qn("w:val"): "auto"})
        font.extend([alt, charset, family])
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # a plain part


def _docx_table(document, table: Table, width_cm: float) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    size = Pt(10.5) if table.width <= 4 else Pt(9)
    grid = document.add_table(rows=table.height, cols=table.width)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(table.widths)
    widths = [Cm(width_cm * w / total) for w in table.widths]
    for column, width in zip(grid.columns, widths):
        column.width = width
    for row in grid.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    for r, tr in enumerate(grid.rows):
        tr_pr = tr._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r < table.head_rows:             # header rows repeat on every page
            tr_pr.append(OxmlElement("w:tblHeader"))
    # Every cell before merging, once: ``grid.cell()`` re-reads the whole table on each call. The
    # spans do not overlap, so a merge leaves the other cells of this list in place.
    cells = grid._cells

    def at(r: int, c: int):
        return cells[r * table.width + c]

    for r, c, cell in table.placed:
        target = at(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(at(r + cell.rowspan - 1, c + cell.colspan - 1))
        if cell.css == "vertical":                    # vertical text, as the official table prints it
            direction = OxmlElement("w:textDirection")    # (before w:vAlign, in schema order)
            direction.set(qn("w:val"), "tbRlV")
            target._tc.get_or_add_tcPr().append(direction)
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = target.paragraphs[0]
        for extra in target.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        left = cell.css == "label"
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(cell.text)
        _set_fonts(run, BODY_FONT, size)


def docx_bytes(report) -> bytes:
    """The report as a Word document in government-document layout (GB/T 9704): A4, margins
    3.7/3.5/2.8/2.6 cm, title 方正小标宋 二号 centred, headings 黑体 三号, body 仿宋 三号 with a
    two-character indent, the tables with borders and the official merged cells."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    context = document_context(report)
    document = docx.Document()
    document.core_properties.title = report.title
    document.core_properties.language = "zh-CN"
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    _set_fonts(normal, BODY_FONT, Pt(16))
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    _font_table(document)

    def paragraph(text: str, font: str = BODY_FONT, size=Pt(16), align=None, indent=True, bold=None):  # noqa: B008 Pt is an immutable length
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        _set_fonts(p.add_run(text), font, size, bold)
        return p

    title = paragraph(report.title, TITLE_FONT, Pt(22), WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(16)
    text_width = 21 - 2.8 - 2.6
    for part in context["sections"]:
        paragraph(part["title"], HEADING_FONT)
        for text in part["paragraphs"]:
            paragraph(text)
        for table in part["tables"]:
            _docx_table(document, table, text_width)
            document.add_paragraph().paragraph_format.line_spacing = Pt(12)
    if context["unit_name"]:
        document.add_paragraph()
        paragraph(context["unit_name"], align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        if report.published_at:
            from django.utils import timezone

            day = timezone.localdate(report.published_at)
            paragraph(f"{day.year}年{day.month}月{day.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- XLSX

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
