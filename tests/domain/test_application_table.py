"""Table 三 counted from records: rows, columns, carry-over across the year boundary, and the
identities of domain.md §2.6 on every table."""
import datetime as dt
import random

import pytest

from gongkai.domain.annual_report.application_table import (
    COLUMN_LABELS,
    COLUMNS,
    RESULT_ROWS,
    TableError,
    add_tables,
    count_table,
)
from gongkai.domain.decisions import REPORT_ROWS

D = dt.date
NP, BIZ, LAW = "natural_person", "commercial", "legal_services"
col = COLUMNS.index


def assert_identities(table):
    """domain.md §2.6: 1. row-wise 总计; 2. （七）总计 = sum of result rows; 3. 一+二 = （七）+四."""
    assert set(table) == set(REPORT_ROWS)
    for row, cells in table.items():
        assert len(cells) == 7 and all(n >= 0 for n in cells), row
        assert cells[6] == sum(cells[:6]), row
    for c in range(7):
        assert table["total"][c] == sum(table[row][c] for row in RESULT_ROWS)
        assert table["new"][c] + table["carried_in"][c] == table["total"][c] + table["carried_out"][c]


def test_columns_are_the_official_applicant_columns():
    assert COLUMN_LABELS == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def test_counts_new_results_and_carry_over_across_the_year_boundary():
    records = [
        (D(2025, 12, 30), D(2026, 1, 2), NP, "granted"),      # open on 31 Dec 2025, answered on 2 Jan
        (D(2025, 11, 3), D(2025, 12, 31), NP, "partial"),     # answered on the last day: not carried
        (D(2025, 6, 1), None, BIZ, ""),                       # still open: carried twice
        (D(2026, 1, 1), D(2026, 1, 5), LAW, "withheld.4"),
        (D(2026, 3, 2), D(2026, 3, 20), NP, "other.2"),
        (D(2026, 12, 31), None, NP, ""),                      # received on the last day, open
        (D(2026, 12, 28), D(2027, 1, 4), BIZ, "unavailable.1"),
        (D(2027, 1, 2), None, NP, ""),                        # next year's: ignored for 2026
    ]
    t2025, t2026, t2027 = (count_table(records, y) for y in (2025, 2026, 2027))
    for table in (t2025, t2026, t2027):
        assert_identities(table)

    assert t2025["new"][col(NP)] == 2 and t2025["new"][col(BIZ)] == 1
    assert t2025["partial"][col(NP)] == 1 and t2025["total"][6] == 1
    assert t2025["carried_out"][col(NP)] == 1 and t2025["carried_out"][col(BIZ)] == 1

    # carried_out of 2025 is carried_in of 2026, column by column
    assert t2026["carried_in"] == t2025["carried_out"]
    assert t2026["granted"][col(NP)] == 1             # the one answered on 2 January
    assert t2026["new"] == [2, 1, 0, 0, 1, 0, 4]
    assert t2026["withheld.4"][col(LAW)] == 1 and t2026["other.2"][col(NP)] == 1
    assert t2026["total"] == [2, 0, 0, 0, 1, 0, 3]
    assert t2026["carried_out"] == [1, 2, 0, 0, 0, 0, 3]  # 31 Dec, 28 Dec, and the one open since 2025

    assert t2027["carried_in"] == t2026["carried_out"]
    assert t2027["unavailable.1"][col(BIZ)] == 1
    assert t2027["new"][6] == 1 and t2027["carried_out"][6] == 3


def test_application_answered_before_the_year_is_not_in_it():
    table = count_table([(D(2024, 5, 6), D(2024, 6, 1), NP, "granted")], 2025)
    assert all(sum(cells) == 0 for cells in table.values())


def test_every_result_type_has_its_own_row():
    records = [(D(2026, 2, 2), D(2026, 2, 10), NP, row) for row in RESULT_ROWS]
    table = count_table(records, 2026)
    assert_identities(table)
    assert all(table[row] == [1, 0, 0, 0, 0, 0, 1] for row in RESULT_ROWS)
    assert table["total"][6] == len(RESULT_ROWS) == 21  # with （七）总计, the 22 rows under 三


@pytest.mark.parametrize("record, message", [
    ((D(2026, 2, 2), None, "alien", ""), "未知的申请人类型"),
    ((D(2026, 2, 2), D(2026, 2, 3), NP, ""), "没有有效的办理结果类型"),
    ((D(2026, 2, 2), D(2026, 2, 3), NP, "withheld.9"), "没有有效的办理结果类型"),
])
def test_bad_records_are_refused_with_a_reason(record, message):
    with pytest.raises(TableError, match=message):
        count_table([record], 2026)


def test_identities_hold_on_random_records_and_on_sums():
    rng = random.Random(7)
    types = list(COLUMNS[:-1])
    records = []
    for _ in range(3000):
        received = D(2024, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
        answered = None if rng.random() < 0.2 else received + dt.timedelta(days=rng.randrange(60))
        records.append((received, answered, rng.choice(types), rng.choice(RESULT_ROWS) if answered else ""))
    tables = [count_table(records, y) for y in (2024, 2025, 2026)]
    for table in tables:
        assert_identities(table)
    assert tables[1]["carried_in"] == tables[0]["carried_out"]
    assert tables[2]["carried_in"] == tables[1]["carried_out"]
    assert_identities(add_tables(*tables))
    half = count_table(records[:1500], 2025)
    other = count_table(records[1500:], 2025)
    assert add_tables(half, other) == tables[1]


def test_a_count_appended_to_a_record_stands_for_that_many_identical_ones():
    one = (D(2025, 12, 1), D(2026, 2, 1), BIZ, "not_processed.2")
    assert count_table([one, one, one], 2026) == count_table([(*one, 3)], 2026)
    assert count_table([(*one, 3)], 2025)["carried_out"] == [0, 3, 0, 0, 0, 0, 3]
