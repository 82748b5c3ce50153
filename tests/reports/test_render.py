"""The outputs of an annual report — portal HTML, DOCX, PDF, XLSX — show the official tables with
their merged cells, every number the report holds, and read back cell for cell through the
inspection's own readers (the best proof that another office's tools would read them right)."""
from __future__ import annotations

import io
import re

import pytest
from django.template.loader import render_to_string

from gongkai.domain.annual_report.extract import extract_report
from gongkai.domain.annual_report.tables import REPORT_ROWS, REPORT_ROWS_2019, ROW_LABELS
from gongkai.reports.render.docx import docx_bytes
from gongkai.reports.render.html import html_string
from gongkai.reports.render.layout import (
    NOTE, Table, applications_table, disputes_table, format_number, proactive_table,
)
from gongkai.reports.render.pdf import pdf_bytes
from gongkai.reports.render.xlsx import xlsx_bytes
from gongkai.reports.models import AnnualReport
from gongkai.reports.readers import read_document
from gongkai.units.models import Unit

from .generate import sample_tables

UNIT = "城关街道办事处"
TITLE = f"{UNIT}2025年政府信息公开工作年度报告"
NARRATIVE = {
    "overview": "2025年，城关街道办事处认真贯彻落实《中华人民共和国政府信息公开条例》。\n"
                "（一）主动公开。2025年，城关街道办事处主动公开政府信息120条。",
    "problems": [{"problem": "部分栏目更新不及时", "improvement": "建立栏目更新台账，每月检查"}],
    "new_problems": "政策解读形式单一\n工作人员培训不足",
    "other": "本年度未发出信息处理费收费通知，未收取信息处理费。",
    "other_added": "<script>alert(1)</script>落实上级政务公开工作要点情况良好。",
}


def make_report(fmt: str = "2021", unit: Unit | None = None, **changes) -> AnnualReport:
    unit = unit or Unit(pk=1, name=UNIT, code="T1100")
    fields = dict(unit=unit, year=2025, format=fmt, title=TITLE, tables=sample_tables(fmt), narrative=NARRATIVE)
    fields.update(changes)
    return AnnualReport(**fields)


_OUTPUTS: dict = {}


def output(fmt: str, kind: str):
    """Each output is made once per test run (a PDF takes about two seconds)."""
    if (fmt, kind) not in _OUTPUTS:
        report = make_report(fmt)
        _OUTPUTS[fmt, kind] = {
            "html": lambda: html_string(report, "reports/print.html").encode("utf-8"),
            "docx": lambda: docx_bytes(report), "pdf": lambda: pdf_bytes(report),
            "xlsx": lambda: xlsx_bytes(report),
        }[kind]()
    return _OUTPUTS[fmt, kind]


def spans(table: Table) -> dict[str, tuple[int, int, int, int]]:
    """Header text -> (row, column, rowspan, colspan) of the layout."""
    return {cell.text: (r, c, cell.rowspan, cell.colspan) for r, c, cell in table.placed if not cell.numeric}


# ---------------------------------------------------------------- the one layout

def test_table_three_has_the_official_merged_cells_2021():
    table = applications_table(sample_tables("2021"), "2021")
    s = spans(table)
    assert (table.height, table.width) == (3 + 25, 10)
    assert s[NOTE] == (0, 0, 3, 3)
    assert s["申请人情况"] == (0, 3, 1, 7)
    assert s["自然人"] == (1, 3, 2, 1) and s["总计"] == (1, 9, 2, 1)
    assert s["法人或其他组织"] == (1, 4, 1, 5)
    assert [s[label][:2] for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")] == [
        (2, 4), (2, 5), (2, 6), (2, 7), (2, 8)]
    assert s[ROW_LABELS["new"]] == (3, 0, 1, 3) and s[ROW_LABELS["carried_out"]] == (27, 0, 1, 3)
    assert s["三、本年度办理结果"] == (5, 0, 22, 1)
    assert s["（一）予以公开"] == (5, 1, 1, 2)
    assert s["（三）不予公开"] == (7, 1, 8, 1)
    assert s["（四）无法提供"] == (15, 1, 3, 1)
    assert s["（五）不予处理"] == (18, 1, 5, 1)
    assert s["（六）其他处理"] == (23, 1, 3, 1)
    assert s["3.其他"] == (25, 2, 1, 1)
    assert s["（七）总计"] == (26, 1, 1, 2)


def test_table_three_2019_has_one_other_row():
    table = applications_table(sample_tables("2019"), "2019")
    s = spans(table)
    assert table.height == 3 + 23
    assert s["三、本年度办理结果"] == (5, 0, 20, 1)
    assert s["（六）其他处理"] == (23, 1, 1, 2)       # one data row, no sub-items
    assert "3.其他" not in s


def test_table_four_and_table_two_headers():
    t4 = spans(disputes_table({"disputes": list(range(15))}))
    assert t4["行政复议"] == (0, 0, 1, 5) and t4["行政诉讼"] == (0, 5, 1, 10)
    assert t4["未经复议直接起诉"] == (1, 5, 1, 5) and t4["复议后起诉"] == (1, 10, 1, 5)
    t2 = proactive_table(sample_tables("2021"), "2021")
    s = spans(t2)
    assert s["第二十条第（八）项"] == (11, 0, 1, 4)
    assert s["本年收费金额（单位：万元）"] == (12, 1, 1, 3)
    fee = next(cell for r, c, cell in t2.placed if r == 13 and c == 1)
    assert (fee.text, fee.value, fee.colspan) == ("12.5", 12.5, 3)
    assert [row[0].text for s_ in proactive_table(sample_tables("2019"), "2019").sections
            for row in s_.rows[:1]] == [f"第二十条第{n}项" for n in ("（一）", "（五）", "（六）", "（八）", "（九）")]


def test_numbers_are_written_out_and_unknown_cells_left_blank():
    assert [format_number(v) for v in (0, 7, 0.0, 12.50, 4068.208, -2, None)] == [
        "0", "7", "0", "12.5", "4068.208", "-2", ""]
    tables = sample_tables("2021")
    tables["applications"]["granted"] = [0] * 7
    table = applications_table(tables, "2021")
    granted = [cell.text for r, c, cell in table.placed if r == 5 and cell.numeric]
    assert granted == ["0"] * 7


# ---------------------------------------------------------------- HTML

def test_html_tables_have_header_cells_scopes_and_spans():
    from selectolax.lexbor import LexborHTMLParser

    html = render_to_string("reports/_tables.html", {"report": make_report("2021")})
    tree = LexborHTMLParser(html)
    tables = tree.css("table")
    assert [t.css_first("caption").text() for t in tables] == [
        "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"]
    t3 = tables[1]
    head = t3.css("thead tr")
    assert len(head) == 3
    note = head[0].css_first("td")
    assert note.attributes["colspan"] == "3" and note.attributes["rowspan"] == "3"
    ths = {th.text(): th for th in t3.css("th")}
    assert ths["申请人情况"].attributes["colspan"] == "7"
    assert ths["自然人"].attributes["rowspan"] == "2" and ths["总计"].attributes["rowspan"] == "2"
    assert ths["法人或其他组织"].attributes["colspan"] == "5"
    assert ths["三、本年度办理结果"].attributes["rowspan"] == "22"
    assert ths["（三）不予公开"].attributes["rowspan"] == "8"
    assert all(th.attributes.get("scope") in ("col", "row", "rowgroup") for th in tree.css("th"))
    assert ths["自然人"].attributes["scope"] == "col" and ths["1.属于国家秘密"].attributes["scope"] == "row"
    # A data cell names every header that labels it (WCAG H43), from its row and its column.
    row = next(tr for tr in t3.css("tbody tr") if "1.属于国家秘密" in tr.text())
    first = row.css("td")[0]
    labels = [tree.css_first(f"#{h}").text() for h in first.attributes["headers"].split()]
    assert labels == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "申请人情况", "自然人"]
    assert [td.text() for td in row.css("td")] == ["1", "0", "0", "0", "0", "0", "1"]
    fee_row = next(tr for tr in tables[0].css("tr") if "行政事业性收费" in tr.text())
    assert fee_row.css_first("td").text() == "12.5"


def test_document_has_sections_narrative_and_escapes_text(db):
    html = render_to_string("reports/_document.html", {"report": make_report("2021"), "heading_level": 1})
    assert f'<h1 class="report-title">{TITLE}</h1>' in html
    headings = re.findall(r"<h2 id=\"report-\w+\">(.*?)</h2>", html)
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    for text in ("主动公开政府信息120条", "（一）2024年度存在问题的改进情况", "改进情况：建立栏目更新台账",
                 "（二）2025年度存在的主要问题", "政策解读形式单一", "未收取信息处理费"):
        assert text in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    # the tables sit in sections 二 to 四, in that order
    positions = [html.index(f'id="table-{key}"') for key in ("proactive", "applications", "disputes")]
    assert positions == sorted(positions) and html.index("四、政府信息公开") < positions[2] < html.index("五、存在")


def test_saved_report_renders_on_the_default_heading_level(street):
    report = make_report("2019", unit=street, title=f"{street.name}2025年政府信息公开工作年度报告")
    report.save()
    html = render_to_string("reports/_document.html", {"report": AnnualReport.objects.get(pk=report.pk)})
    assert f'<h3 class="report-title">{street.name}2025年政府信息公开工作年度报告</h3>' in html
    assert "第二十条第（九）项" in html and "政府集中采购" in html


# ---------------------------------------------------------------- read back by the inspection

@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_inspection_reads_every_cell_back(fmt, kind):
    doc = read_document(output(fmt, kind), f"report.{kind}")
    result = extract_report(doc.blocks, doc.title)
    assert (result["format"], result["unit"], result["year"]) == (fmt, UNIT, 2025)
    assert tuple(result["tables"]["applications"]) == (REPORT_ROWS if fmt == "2021" else REPORT_ROWS_2019)
    assert result["tables"] == sample_tables(fmt)         # zeros as 0, blanks as None, 12.5 as 12.5
    assert result["findings"] == []                       # no missing table, row or section


# ---------------------------------------------------------------- DOCX

def test_docx_layout_and_merged_cells():
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = docx.Document(io.BytesIO(output("2021", "docx")))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert [round(m.cm, 1) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                     section.right_margin)] == [3.7, 3.5, 2.8, 2.6]
    title = document.paragraphs[0]
    assert title.text == TITLE and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert document.core_properties.title == TITLE
    assert abs(document.styles["Normal"].font.size - Cm(0.5644)) < Cm(0.01)       # 三号 16pt
    assert len(document.tables) == 3
    t3 = document.tables[1]._tbl
    rows = t3.tr_lst
    assert len(rows) == 28
    note = rows[0].tc_lst[0]
    assert note.grid_span == 3 and note.vMerge == "restart"
    assert [(tc.grid_span, tc.vMerge) for tc in rows[1].tc_lst] == [
        (3, "continue"), (1, "restart"), (5, None), (1, "restart")]
    assert rows[0].tc_lst[1].grid_span == 7
    # 三、本年度办理结果: restarted on its first row, continued on 21 more
    column0 = [tr.tc_lst[0].vMerge for tr in rows[5:27]]
    assert column0 == ["restart"] + ["continue"] * 21
    assert rows[27].tc_lst[0].vMerge is None and rows[27].tc_lst[0].grid_span == 3
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None          # header rows repeat on each page
    withheld_1 = next(tr for tr in rows if "1.属于国家秘密" in "".join(t.text for t in tr.iter(qn("w:t"))))
    assert [
        "".join(t.text for t in tc.iter(qn("w:t"))) for tc in withheld_1.tc_lst
    ][-7:] == ["1", "0", "0", "0", "0", "0", "1"]
    t4 = document.tables[2]._tbl.tr_lst
    assert [tc.grid_span for tc in t4[0].tc_lst] == [5, 10]


# ---------------------------------------------------------------- PDF

def test_pdf_has_text_and_embedded_cjk_fonts():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(output("2021", "pdf")))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert TITLE[:12] in text and "收到和处理政府信息公开申请情况" in text
    assert "本年收费金额（单位：万元）" in text and "12.5" in text
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)     # A4
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)
            descriptor = descriptor["/FontDescriptor"].get_object()
            fonts.append((str(font["/BaseFont"]), any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                                                "/FontFile3"))))
    assert fonts and all(embedded for _, embedded in fonts)
    assert any("CJK" in name for name, _ in fonts)


# ---------------------------------------------------------------- XLSX

def test_xlsx_has_a_sheet_per_table_merged_headers_and_numbers():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(output("2021", "xlsx")))
    assert book.sheetnames == ["表二 主动公开", "表三 申请办理", "表四 复议诉讼"]
    t3 = book["表三 申请办理"]
    assert t3["A1"].value == TITLE and t3["A2"].value == "三、收到和处理政府信息公开申请情况"
    merged = {str(r) for r in t3.merged_cells.ranges}
    # the layout starts on row 3: note A3:C5, 申请人情况 D3:J3, 自然人 D4:D5, 法人 E4:I4, 总计 J4:J5,
    # 三、本年度办理结果 A8:A29 (22 rows), （三）不予公开 B10:B17
    assert {"A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5", "A8:A29", "B10:B17", "A6:C6", "A30:C30"} <= merged
    assert t3["A8"].value == "三、本年度办理结果" and t3["C10"].value == "1.属于国家秘密"
    assert [t3.cell(10, c).value for c in range(4, 11)] == [1, 0, 0, 0, 0, 0, 1]
    assert all(isinstance(t3.cell(10, c).value, int) for c in range(4, 11))
    new_row = [t3.cell(6, c).value for c in range(4, 11)]
    assert new_row[2] is None and new_row[0] == sample_tables("2021")["applications"]["new"][0]   # blank stays blank
    t2 = book["表二 主动公开"]
    fee_row = next(r for r in range(1, t2.max_row + 1) if t2.cell(r, 1).value == "行政事业性收费")
    assert t2.cell(fee_row, 2).value == 12.5 and f"B{fee_row}:D{fee_row}" in {str(r) for r in t2.merged_cells.ranges}
    t4 = book["表四 复议诉讼"]
    assert {"A3:E3", "F3:O3", "F4:J4", "K4:O4", "A4:A5"} <= {str(r) for r in t4.merged_cells.ranges}
    assert [t4.cell(6, c).value for c in range(1, 16)] == sample_tables("2021")["disputes"]


def test_a_roll_up_and_an_unbuilt_report_render_without_figures():
    from types import SimpleNamespace

    rollup = SimpleNamespace(format="2021", tables=sample_tables("2021"))
    html = render_to_string("reports/_tables.html", {"report": rollup})
    assert html.count("<table") == 3 and "三、本年度办理结果" in html
    empty = make_report("2021", tables={}, narrative={})
    html = render_to_string("reports/_document.html", {"report": empty})
    assert "申请人情况" in html and 'class="num"' in html
    import docx
    from openpyxl import load_workbook

    assert len(docx.Document(io.BytesIO(docx_bytes(empty))).tables) == 3
    assert load_workbook(io.BytesIO(xlsx_bytes(empty)))["表三 申请办理"].cell(6, 4).value is None
