"""The inspection (审查) on real published reports as an office publishes them: Word documents and the PDFs Word
makes of them (tests/realdata/reports/word, built by _build_word_pdfs.py from the real texts listed in
SOURCES.md). Every printed cell is read into its cell — compared cell by cell, for the DOCX and for the
PDF — and every printed number that no official cell takes is reported with its page, table and row."""
import json
from pathlib import Path

import pytest

from gongkai.domain.annual_report.tables import REPORT_ROWS, REPORT_ROWS_2019
from gongkai.reports.inspection import inspect, read

WORD = Path(__file__).resolve().parents[1] / "realdata" / "reports" / "word"
EXPECTED = json.loads((WORD / "expected.json").read_text(encoding="utf-8"))
CASES = [(stem, ext) for stem in EXPECTED for ext in ("docx", "pdf")]


def inspected(name: str) -> dict:
    return inspect([read(name, (WORD / name).read_bytes())])[0]


def printed_rows(spec: dict) -> list[str]:
    if "printed_rows" in spec:                  # a page from the end of a report
        return spec["printed_rows"]
    end = spec["printed_rows_end"]
    if end is None:
        return []
    rows = REPORT_ROWS_2019 if spec["format"] == "2019" else REPORT_ROWS
    return list(rows[:rows.index(end) + 1])


@pytest.mark.parametrize("stem,ext", CASES, ids=[f"{s}.{e}" for s, e in CASES])
def test_every_printed_cell_is_read_into_its_cell(stem, ext):
    spec = EXPECTED[stem]
    result = inspected(f"{stem}.{ext}")
    assert result["format"] == spec["format"]
    for key, cells in spec["tables"]["proactive"].items():
        assert result["tables"]["proactive"][key] == cells, ("二", key)
    rows = printed_rows(spec)
    assert rows == list(spec["tables"]["applications"])
    for key in rows:
        assert result["tables"]["applications"][key] == spec["tables"]["applications"][key], ("三", key)
    if not rows:
        assert "structure.t3_missing" in [f["rule"] for f in result["findings"]]
    if "disputes" in spec["tables"]:
        assert result["tables"]["disputes"] == spec["tables"]["disputes"]


def test_a_table_printed_as_lines_of_text_is_read():
    """文登区审计局 2020, last page: its text layer has table 三's last row as one line
    (“四、结转下年度继续办理 0 0 0 0 0 0 0”) and table 四's head as lines of single characters, its 15
    numbers on one line — read into 四、结转下年度 and the 15 cells of table 四, from the DOCX and the PDF."""
    for ext in ("docx", "pdf"):
        result = inspected(f"wendeng_shenji_2020_p9.{ext}")
        assert result["tables"]["applications"]["carried_out"] == [0] * 7
        assert result["tables"]["disputes"] == [0] * 15
        assert result["unreadable"] == []


def _meta_case(stem: str):
    miss = EXPECTED[stem].get("known_miss")
    return pytest.param(stem, marks=[pytest.mark.xfail(strict=True, reason=miss)] if miss else [], id=stem)


@pytest.mark.parametrize("stem", [_meta_case(s) for s in EXPECTED])
def test_unit_and_year_from_the_docx_and_the_pdf(stem):
    spec = EXPECTED[stem]
    for ext in ("docx", "pdf"):
        result = inspected(f"{stem}.{ext}")
        assert (result["unit"], result["year"]) == (spec["unit"], spec["year"]), ext


@pytest.mark.parametrize("stem,ext", CASES, ids=[f"{s}.{e}" for s, e in CASES])
def test_every_number_not_read_into_a_cell_is_reported_with_its_place(stem, ext):
    expected = EXPECTED[stem]["unreadable"]
    got = inspected(f"{stem}.{ext}")["unreadable"]
    assert len(got) == len(expected)
    for entry, want in zip(got, expected):
        assert entry["text"] == want["text"] and entry["table"] == want["table"]
        assert entry["row"].startswith(want["row_starts"])
        assert entry["page"] == (1 if ext == "pdf" else None)


def test_an_extra_row_of_the_districts_template_is_named_not_dropped():
    """黄陂 2020: the district's template adds “其他主动公开文件” to table 二; it is not an official row, so
    its three numbers are reported (page, table, row) instead of vanishing."""
    result = inspected("huangpi_street_2020.pdf")
    [finding] = [f for f in result["findings"] if f["rule"] == "extract.unplaced"]
    assert finding["message"].startswith("第1页，表格1，“其他主动公开文件")
    assert "0、0、0" in finding["message"]


def test_a_two_line_title_with_guanyu_gives_unit_and_year():
    """新九镇 2021: “盐边县新九镇人民政府” / “关于2021年度政府信息公开工作的年度报告” — the unit is not
    “…关于”, and the 九 of 新九镇 is not read as a digit."""
    result = inspected("xinjiu_2021.pdf")
    assert (result["unit"], result["year"]) == ("盐边县新九镇人民政府", 2021)


def _docx_with(name: str, old: str, new: str) -> bytes:
    import io
    import zipfile

    source = zipfile.ZipFile(WORD / name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                assert data.count(old.encode()) == 1
                data = data.replace(old.encode(), new.encode())
            target.writestr(item, data)
    return out.getvalue()


def test_a_cell_that_is_not_a_number_is_named_by_table_row_and_column():
    """龙岗 2024 with “58” misprinted “5B” (the OCR-like slip a retyped table has): an error naming the
    cell, and an entry of ``unreadable`` saying table, printed row and column."""
    data = _docx_with("longgang_dept_2024.docx", "<w:t>58</w:t>", "<w:t>5B</w:t>")
    result = inspect([read("longgang.docx", data)])[0]
    assert result["tables"]["applications"]["new"] == [None, 7, 0, 0, 1, 0, 66]
    error = next(f for f in result["findings"] if f["rule"] == "extract.unreadable")
    assert error["cells"] == ["三.new.自然人"]
    assert "表格2，“一、本年新收政府信息公开申请数量”行，“自然人”列" in error["message"]
    assert result["unreadable"] == [{"cell": "三.new.自然人", "text": "5B", "page": None, "table": 2,
                                     "row": "一、本年新收政府信息公开申请数量", "column": "自然人", "why": "不是数字"}]


def test_words_a_pdf_prints_inside_a_table_but_in_no_cell_are_reported():
    from gongkai.domain.annual_report.extract import Grid, extract_report

    head = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
    rows = [head, ["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"],
            ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"]]
    grid = Grid(rows, page=4, table=2, stray=[("12", 2)])
    result = extract_report([grid])
    assert result["unreadable"] == [{"cell": None, "text": "12", "page": 4, "table": 2,
                                     "row": "二、上年结转政府信息公开申请数量", "column": "",
                                     "why": "印在表格线上或单元格以外"}]


def test_a_number_a_pdf_prints_where_a_ruling_is_missing_is_reported_not_blank():
    """上海市人民政府办公厅 2019 printed to PDF with the right rule of one cell missing (859, 一、本年新收 总计):
    the table finder closes no cell around it; the number is reported with page, table and row instead
    of the cell silently reading blank."""
    weasyprint = pytest.importorskip("weasyprint")
    html = (WORD.parent / "shanghai_bgt_2019.html").read_text(encoding="utf-8")
    css = ("<style>@page{size:A4;margin:20mm} body{font-size:9pt} table{border-collapse:collapse;width:100%}"
           "td{border:0.5pt solid #000;font-size:7pt;padding:1pt}</style>")
    html = html.replace("</head>", css + "</head>").replace(
        "<td><p>859</p></td>", '<td style="border-right:hidden"><p>859</p></td>')
    result = inspect([read("shanghai.pdf", weasyprint.HTML(string=html).write_pdf())])[0]
    assert result["tables"]["applications"]["new"] == [821, 35, None, None, 2, 1, None]
    [entry] = result["unreadable"]
    assert (entry["text"], entry["row"], entry["why"]) == ("859", "一、本年新收政府信息公开申请数量", "印在表格线上或单元格以外")
    assert isinstance(entry["page"], int) and isinstance(entry["table"], int)
    assert any(f["rule"] == "extract.unplaced" and "859" in f["message"] for f in result["findings"])
