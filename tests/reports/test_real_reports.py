"""The inspection (审查) on real published annual reports (tests/realdata/reports, sources in SOURCES.md):
every printed cell read into its cell, a misspelt row label read with a warning naming it, the
format from the tables' shape, unit and year from a title that wraps in a PDF."""
import json
from pathlib import Path

import pytest

from gongkai.domain.annual_report.extract import detect_format, extract_report, find_headings
from gongkai.domain.annual_report.tables import REPORT_ROWS
from gongkai.reports.inspection import inspect, read

DATA = Path(__file__).resolve().parents[1] / "realdata" / "reports"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


def inspected(name: str, data: bytes | None = None) -> dict:
    return inspect([read(name, data if data is not None else (DATA / name).read_bytes())])[0]


def rules_of(result: dict) -> list[str]:
    return [f["rule"] for f in result["findings"]]


def test_shanghai_2019_every_cell_as_published():
    """上海市人民政府办公厅 2019 (2019 format, blank cells left blank, 采购总金额 “251000元”)."""
    result = inspected("shanghai_bgt_2019.html")
    expected = EXPECTED["shanghai_bgt_2019.html"]
    assert (result["format"], result["unit"], result["year"]) == ("2019", "上海市人民政府办公厅", 2019)
    for table in ("proactive", "applications"):
        for key, cells in expected["tables"][table].items():
            assert result["tables"][table][key] == cells, (table, key)
    assert result["tables"]["disputes"] == expected["tables"]["disputes"]
    assert result["tables"]["applications"]["total"] == [767, 35, None, None, 2, 1, 805]
    assert result["tables"]["proactive"]["procurement"] == [6, 251000]
    assert not [r for r in rules_of(result) if r.startswith(("extract.", "structure."))]


def test_shanghai_2019_as_a_pdf_whose_title_wraps_reads_the_same():
    """The same report printed to a narrow PDF: the title wraps over two lines and the year, set in
    another font, comes out of line order; table labels wrap inside their cells."""
    weasyprint = pytest.importorskip("weasyprint")
    html = (DATA / "shanghai_bgt_2019.html").read_text(encoding="utf-8")
    css = ("<style>@page{size:120mm 400mm;margin:8mm} body{font-size:7pt} p:first-child{font-size:20pt}"
           "table{border-collapse:collapse;width:100%} td{border:0.5pt solid #000;font-size:5pt;padding:0}</style>")
    html = html.replace("</head>", css + "</head>").replace(
        "<title>2019年上海市人民政府办公厅政府信息公开工作年度报告</title>", "")
    result = inspected("shanghai_bgt_2019.pdf", weasyprint.HTML(string=html).write_pdf())
    expected = EXPECTED["shanghai_bgt_2019.html"]
    assert (result["format"], result["unit"], result["year"]) == ("2019", "上海市人民政府办公厅", 2019)
    assert result["tables"] == expected["tables"]
    assert "structure.section_missing" not in rules_of(result)
    # a row the PDF table reader could not see is reported, never silently blank
    missing = [f for f in result["findings"] if f["rule"] == "extract.t3_row_missing"]
    assert all(cell.startswith("三.") for f in missing for cell in f["cells"])


def test_haidian_2021_printed_cells_exact_and_unprinted_rows_reported():
    """海淀 2021 (excerpt, plain text with | between cells; rows leave out merged label cells)."""
    result = inspected("haidian_2021_excerpt.txt")
    expected = EXPECTED["haidian_2021_excerpt.txt"]
    assert result["format"] == "2021"
    printed = REPORT_ROWS[:REPORT_ROWS.index(expected["printed_rows_end"]) + 1]
    for key in printed:
        assert result["tables"]["applications"][key] == expected["tables"]["applications"][key], key
    assert result["tables"]["applications"]["new"] == [49, 0, 0, 0, 0, 0, 49]
    assert result["tables"]["applications"]["unavailable.1"] == [54, 0, 0, 0, 0, 0, 54]
    assert result["tables"]["proactive"] == expected["tables"]["proactive"]
    missing = next(f for f in result["findings"] if f["rule"] == "extract.t3_row_missing")
    assert set(missing["cells"]) == {f"三.{k}" for k in REPORT_ROWS if k not in printed}


def test_a_misspelt_row_label_is_read_with_a_warning_naming_it():
    """“2.其他法律行政止公开” (a misspelling seen in a published 2021 report) keeps its row: its
    zeros are read as zeros into withheld.2, and a warning names the label."""
    result = inspected("haidian_2021_excerpt_misspelt.txt")
    assert result["tables"]["applications"]["withheld.2"] == [0, 0, 0, 0, 0, 0, 0]
    assert result["tables"]["applications"]["withheld.3"] == [0, 0, 0, 0, 0, 0, 0]
    warning = next(f for f in result["findings"] if f["rule"] == "extract.label_misspelt")
    assert "2.其他法律行政止公开" in warning["message"] and warning["cells"] == ["三.withheld.2"]
    missing = next(f for f in result["findings"] if f["rule"] == "extract.t3_row_missing")
    assert "三.withheld.2" not in missing["cells"]


def test_an_unknown_row_with_numbers_is_reported_not_dropped():
    blocks = [[["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"],
               ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"],
               ["完全无关的一行文字", "7", "0", "0", "0", "0", "0", "7"]]]
    findings = extract_report(blocks)["findings"]
    unknown = next(f for f in findings if f["rule"] == "extract.unknown_row")
    assert "完全无关的一行文字" in unknown["message"] and "7" in unknown["message"]


def test_format_follows_the_tables_shape_not_one_row():
    """A 2021 report whose （六） sub-row labels a PDF garbled, so only “（六）其他处理” was
    recognised: 24 rows read and table 二's 2021 headers outvote that one row."""
    keys = [k for k in REPORT_ROWS if not k.startswith("other.")] + ["other"]
    assert detect_format(keys, "2021", ["regulations", "licensing"], data_rows=25) == "2021"
    assert detect_format(keys, "2019", ["other_services", "procurement"], data_rows=23) == "2019"
    assert detect_format(["new", "other.1"], None) == "2021"
    assert detect_format([], None) == "unknown"


def test_headings_found_when_a_pdf_line_runs_on_or_the_numeral_stands_alone():
    paragraphs = ["一、总体情况 2021年，本区坚持以习近平新时代中国特色社会主义思想为指导，全面推进政务公开工作",
                  "二、", "主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    text = "".join(find_headings(paragraphs))
    assert "总体情况" in text and "主动公开" in text and "申请" in text
    assert find_headings(["一是加强领导，二是完善制度。"]) == []


def test_taiping_2022_copied_one_cell_per_line_is_rebuilt_into_tables():
    """太平镇 2022: the page's tables come out as one cell per line (“规章” / “0” / “0” / “0”)."""
    result = inspected("taiping_2022_excerpt.txt")
    expected = EXPECTED["taiping_2022_excerpt.txt"]
    assert (result["format"], result["unit"], result["year"]) == ("2021", "太平镇人民政府", 2022)
    assert result["tables"]["proactive"] == expected["tables"]["proactive"]
    printed = REPORT_ROWS[:REPORT_ROWS.index("withheld.3") + 1]
    for key in printed:
        assert result["tables"]["applications"][key] == [0] * 7, key
    assert "structure.t2_missing" not in rules_of(result) and "structure.t3_missing" not in rules_of(result)


def test_songmutang_2022_title_on_two_lines_and_a_spanning_value():
    """松木塘镇 2022: unit and year on two lines of the title; “| 行政处罚 | 9 | ||” (a value
    spanning three columns) read as 9, not as a blank."""
    result = inspected("songmutang_2022_excerpt.txt")
    assert (result["unit"], result["year"]) == ("桃江县松木塘镇人民政府", 2022)
    assert result["tables"]["proactive"] == EXPECTED["songmutang_2022_excerpt.txt"]["tables"]["proactive"]
    assert result["tables"]["proactive"]["punishment"] == [9]
    missing = next(f for f in result["findings"] if f["rule"] == "extract.t2_row_missing")
    assert missing["cells"] == ["二.fees"]
