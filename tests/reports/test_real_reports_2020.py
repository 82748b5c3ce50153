"""The inspection (审查) on real 2020 reports of 乡镇 in the 2019 format and 2021 reports of 街道 in the 2021 format, as their pages' text comes out
(tests/realdata/reports, sources in SOURCES.md): one cell per line with blank lines between, header
cells broken over two lines (“本年新” / “制作数量”), `|` rows whose merged cells' blanks the export
moved to the row's end, a typo in the period (“202020年12月31日”). Every printed cell is read into its
cell; what the excerpt does not print is reported, never a number lost."""
import json
from pathlib import Path

import pytest

from gongkai.reports.inspection import inspect, read

DATA = Path(__file__).resolve().parents[1] / "realdata" / "reports"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
REPORTS = ["zhongcun_2020_excerpt.txt", "dawuli_2020_excerpt.txt", "liangcheng_2020_excerpt.txt",
           "zhongbu_2020_excerpt.txt", "zhongshan_jd_2021_excerpt.txt", "beiao_2021_excerpt.txt",
           "jiarongli_2021_excerpt.txt"]
SHORT = {"zhongbu_2020_excerpt.txt": ["二.fees", "二.procurement"], "jiarongli_2021_excerpt.txt": ["二.fees"]}


@pytest.fixture(scope="module")
def results():
    return {name: inspect([read(name, (DATA / name).read_bytes())])[0] for name in REPORTS}


@pytest.mark.parametrize("name", REPORTS)
def test_format_unit_year_and_every_printed_cell(results, name):
    result, expected = results[name], EXPECTED[name]
    assert (result["format"], result["unit"], result["year"]) == \
        (expected["format"], expected["unit"], expected["year"])
    for key, cells in expected["tables"]["proactive"].items():
        if any(c is not None for c in cells):
            assert result["tables"]["proactive"][key] == cells, key
    for key, cells in expected["tables"]["applications"].items():
        assert result["tables"]["applications"][key] == cells, key
    assert not [f for f in result["findings"] if f["rule"] in ("extract.unplaced", "extract.unreadable")]
    assert result["unreadable"] == []


def test_pipe_rows_with_blanks_moved_to_the_end_keep_their_seven_cells(results):
    """两城镇: “一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||” — the label's merged
    cells come out as empty cells after the seventh number; the first number is not the label's."""
    result = results["liangcheng_2020_excerpt.txt"]
    assert result["tables"]["applications"]["new"] == [0] * 7
    assert result["tables"]["applications"]["carried_in"] == [0] * 7


def test_rows_the_excerpt_does_not_print_are_reported(results):
    rules_of = {n: [f for f in r["findings"] if f["rule"] == "extract.t2_row_missing"] for n, r in results.items()}
    assert {n: f[0]["cells"] for n, f in rules_of.items() if f} == SHORT


@pytest.mark.parametrize("name", REPORTS)
def test_sections_that_are_there_are_not_missing(results, name):
    missing = " ".join(f["message"] for f in results[name]["findings"] if f["rule"] == "structure.section_missing")
    assert "二、主动公开政府信息情况" not in missing
    assert "一、总体情况" not in missing


def test_a_table_copied_one_cell_per_line_with_its_separators_keeps_every_value(results):
    """中山街道 2021: each cell on a line of its own, the separators of the cells it spans on the next
    (“行政许可” / “|” / “2910” / “|||”): a line with one cell and separators is that cell, not a row."""
    proactive = results["zhongshan_jd_2021_excerpt.txt"]["tables"]["proactive"]
    assert (proactive["licensing"], proactive["punishment"], proactive["fees"]) == ([2910], [46], [0.092])


def test_a_title_that_says_xinxi_gongkai_nianbao_gives_unit_and_year(results):
    """“2021年北岙街道办事处信息公开年报”: 信息公开 without 政府 and 年报 for 年度报告."""
    assert (results["beiao_2021_excerpt.txt"]["unit"], results["beiao_2021_excerpt.txt"]["year"]) == ("北岙街道办事处", 2021)
