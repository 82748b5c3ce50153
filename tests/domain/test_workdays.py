import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from gongkai.domain.workdays import (HOLIDAY, WORKDAY, DayOverride, ScheduleFormatError, UnknownYearError,
                                     WorkdayCalendar, parse_schedule)

D = dt.date
CAL = WorkdayCalendar.official()


@pytest.mark.parametrize("start,n,expected", [
    (D(2026, 9, 30), 5, D(2026, 10, 13)),   # 国庆 1–7 off, Sat 10 Oct is a 调休 working day
    (D(2026, 2, 13), 1, D(2026, 2, 14)),    # Saturday 14 Feb worked before 春节
    (D(2026, 2, 14), 1, D(2026, 2, 24)),    # 春节 15–23 Feb
    (D(2025, 12, 31), 1, D(2026, 1, 4)),    # 元旦 1–3 Jan, Sunday 4 Jan worked
    (D(2026, 11, 26), 20, D(2026, 12, 24)), # an ordinary stretch of weeks
    (D(2026, 11, 26), 0, D(2026, 11, 26)),
    (D(2026, 11, 28), 1, D(2026, 11, 30)),  # from a Saturday: the day itself is never counted
])
def test_add_counts_official_holidays_and_makeup_days(start, n, expected):
    assert CAL.add(start, n) == expected


def test_unknown_year_is_refused_not_guessed():
    with pytest.raises(UnknownYearError) as exc:
        CAL.add(D(2026, 12, 20), 10)
    assert exc.value.year == 2027
    assert "2027" in str(exc.value)


def test_admin_schedule_makes_a_year_known_and_overrides_weekdays():
    cal = WorkdayCalendar.official([DayOverride(D(2027, 1, 1), HOLIDAY, "元旦")], [2027])
    assert cal.add(D(2026, 12, 31), 1) == D(2027, 1, 4)  # Fri 1 Jan off, weekend, Mon 4
    worked = WorkdayCalendar.official([DayOverride(D(2027, 1, 2), WORKDAY)], [2027])
    assert worked.add(D(2026, 12, 31), 2) == D(2027, 1, 2)


def test_skipped_days_explain_a_deadline():
    skipped = dict(CAL.skipped(D(2026, 9, 30), D(2026, 10, 13)))
    assert D(2026, 10, 1) in skipped and D(2026, 10, 10) not in skipped
    assert skipped[D(2026, 10, 3)] in ("周末", "法定节假日")
    assert CAL.makeup_workdays(D(2026, 9, 30), D(2026, 10, 13)) == [D(2026, 10, 10)]


@settings(max_examples=200, deadline=None)
@given(st.dates(D(2020, 1, 1), D(2026, 6, 30)), st.integers(0, 60))
def test_add_and_between_agree(start, n):
    end = CAL.add(start, n)
    assert CAL.between(start, end) == n
    assert n == 0 or CAL.is_workday(end)


def test_parse_schedule_reads_chinese_kinds_and_comments():
    text = "\ufeff# 2027年节假日安排\n日期,类型,说明\n2027-01-01,休,元旦\n2027-02-20,班,春节调休上班\nyear,2028\n"
    days, years = parse_schedule(text)
    assert [(d.date, d.kind, d.note) for d in days] == [
        (D(2027, 1, 1), HOLIDAY, "元旦"), (D(2027, 2, 20), WORKDAY, "春节调休上班")]
    assert years == {2027, 2028}


@pytest.mark.parametrize("text,needle", [
    ("2027-13-01,休\n", "line 1"),
    ("2027-01-01,maybe\n", "kind"),
    ("2027-01-01,休\n2027-01-01,班\n", "already given on line 1"),
    ("# nothing\n", "names no day"),
    ("year,abc\n", "four-digit"),
])
def test_parse_schedule_rejects_bad_lines(text, needle):
    with pytest.raises(ScheduleFormatError, match=needle):
        parse_schedule(text)
