"""The arithmetic rules on plain table dicts, as the report builder uses them."""
from gongkai.domain.annual_report import rules
from gongkai.domain.annual_report.tables import empty_tables

from .generate import sample_tables


def test_blank_total_means_the_row_sum_and_blank_cells_are_zero():
    tables = sample_tables()
    tables["applications"]["granted"][6] = None
    assert [f["rule"] for f in rules.check_applications(tables["applications"])] == ["t3.blank"]
    tables["applications"]["granted"][6] = 22
    tables["applications"]["granted"][0] = None        # 20 -> blank = 0: the row no longer adds up to 22
    found = [f["rule"] for f in rules.check_applications(tables["applications"])]
    assert found == ["t3.blank", "t3.row_total", "t3.result_sum"]


def test_an_all_blank_table_is_consistent():
    tables = empty_tables("2019")
    assert [f["rule"] for f in rules.check_report(tables, "2019")] == ["t3.blank", "t4.blank"]


def test_cross_year_carry_over_per_column():
    previous, current = sample_tables(), sample_tables()
    previous["applications"]["carried_out"] = [2, 0, 0, 0, 1, 0, 3]
    previous["proactive"]["normative_documents"][2] = 14      # 14 + 2 issued - 1 repealed = 15
    assert rules.check_cross_year(current, previous) == []     # blank 社会公益组织 reads as 0
    previous["applications"]["carried_out"] = [1, 0, 0, 0, 1, 0, 2]
    found = rules.check_cross_year(current, previous)
    assert [(f["rule"], f["severity"], f["cells"][0]) for f in found] == [
        ("cross_year.carried", "warning", "三.carried_in.自然人"),
        ("cross_year.carried", "warning", "三.carried_in.总计"),
    ]
    previous["proactive"]["normative_documents"][2] = 15
    assert [f["rule"] for f in rules.check_cross_year(current, previous)][-1:] == ["cross_year.t2_in_force"]
    assert [(f["rule"], f["severity"], f["cells"][0]) for f in rules.check_cross_year(current, previous)][2:] == [
        ("cross_year.t2_in_force", "warning", "二.normative_documents.现行有效件数"),
    ]


def test_negative_numbers_are_errors_except_a_yearly_change():
    tables = sample_tables("2019")          # 行政许可 本年增/减 is -2
    assert rules.check_proactive(tables["proactive"], "2019") == []
    tables["disputes"][0] = -1
    assert "t4.negative" in [f["rule"] for f in rules.check_disputes(tables["disputes"])]
