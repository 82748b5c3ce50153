"""The annual report as a Word document in government-document layout (公文, GB/T 9704); the fonts
and the merged-cell table writer are shared with the website report (``gongkai.sitereports.render``)."""
from __future__ import annotations

import io

from .html import document_context
from .layout import Table

__all__ = ["BODY_FONT", "HEADING_FONT", "TITLE_FONT", "add_font_alternates", "add_table", "docx_bytes", "set_fonts"]

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
# Substitutes a machine without the 方正/GB2312 fonts uses (listed in the document's font table).
FONT_ALTERNATES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}
LATIN_FONT = "Times New Roman"


def set_fonts(target, east_asia: str, size=None, bold=None) -> None:
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


def add_font_alternates(document) -> None:
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


def add_table(document, table: Table, width_cm: float) -> None:
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
        set_fonts(run, BODY_FONT, size)


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
    set_fonts(normal, BODY_FONT, Pt(16))
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    add_font_alternates(document)

    def paragraph(text: str, font: str = BODY_FONT, size=Pt(16), align=None, indent=True, bold=None):  # noqa: B008 Pt is an immutable length
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        set_fonts(p.add_run(text), font, size, bold)
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
            add_table(document, table, text_width)
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
