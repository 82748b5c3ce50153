"""The auditor on real published reports as an office publishes them: Word documents and the PDFs Word
makes of them (tests/realdata/reports/word, built by _build_word_pdfs.py from the real texts listed in
SOURCES.md). Every printed cell is read into its cell — compared cell by cell, for the DOCX and for the
PDF — and every printed number that no official cell takes is reported with its page, table and row."""
import json
from pathlib import Path

import pytest

from gongkai.domain.annual_report.tables import REPORT_ROWS, REPORT_ROWS_2019
from gongkai.reports.auditing import audit, read

WORD = Path(__file__).resolve().parents[1] / "realdata" / "reports" / "word"
EXPECTED = json.loads((WORD / "expected.json").read_text(encoding="utf-8"))
CASES = [(stem, ext) for stem in EXPECTED for ext in ("docx", "pdf")]


def audited(name: str) -> dict:
    return audit([read(name, (WORD / name).read_bytes())])[0]


def printed_rows(spec: dict) -> list[str]:
    end = spec["printed_rows_end"]
    if end is None:
        return []
    rows = REPORT_ROWS_2019 if spec["format"] == "2019" else REPORT_ROWS
    return list(rows[:rows.index(end) + 1])


@pytest.mark.parametrize("stem,ext", CASES, ids=[f"{s}.{e}" for s, e in CASES])
def test_every_printed_cell_is_read_into_its_cell(stem, ext):
    spec = EXPECTED[stem]
    result = audited(f"{stem}.{ext}")
    assert (result["format"], result["unit"], result["year"]) == (spec["format"], spec["unit"], spec["year"])
    for key, cells in spec["tables"]["proactive"].items():
        assert result["tables"]["proactive"][key] == cells, ("二", key)
    rows = printed_rows(spec)
    assert rows == list(spec["tables"]["applications"])
    for key in rows:
        assert result["tables"]["applications"][key] == spec["tables"]["applications"][key], ("三", key)
    if not rows:
        assert "structure.t3_missing" in [f["rule"] for f in result["findings"]]


@pytest.mark.parametrize("stem,ext", CASES, ids=[f"{s}.{e}" for s, e in CASES])
def test_every_number_not_read_into_a_cell_is_reported_with_its_place(stem, ext):
    expected = EXPECTED[stem]["unreadable"]
    got = audited(f"{stem}.{ext}")["unreadable"]
    assert len(got) == len(expected)
    for entry, want in zip(got, expected):
        assert entry["text"] == want["text"] and entry["table"] == want["table"]
        assert entry["row"].startswith(want["row_starts"])
        assert entry["page"] == (1 if ext == "pdf" else None)


def test_an_extra_row_of_the_districts_template_is_named_not_dropped():
    """黄陂 2020: the district's template adds “其他主动公开文件” to table 二; it is not an official row, so
    its three numbers are reported (page, table, row) instead of vanishing."""
    result = audited("huangpi_street_2020.pdf")
    [finding] = [f for f in result["findings"] if f["rule"] == "extract.unplaced"]
    assert finding["message"].startswith("第1页，表格1，“其他主动公开文件")
    assert "0、0、0" in finding["message"]


def test_a_two_line_title_with_guanyu_gives_unit_and_year():
    """新九镇 2021: “盐边县新九镇人民政府” / “关于2021年度政府信息公开工作的年度报告” — the unit is not
    “…关于”, and the 九 of 新九镇 is not read as a digit."""
    result = audited("xinjiu_2021.pdf")
    assert (result["unit"], result["year"]) == ("盐边县新九镇人民政府", 2021)
