"""The reply clock, the ageing lines and the masking of 政务咨询 (gongkai.domain.consultation)."""
import datetime as dt

import pytest

from gongkai.domain import consultation as c
from gongkai.domain.workdays import UnknownYearError, WorkdayCalendar

D = dt.date
CAL = WorkdayCalendar.official()


@pytest.mark.parametrize(("received", "promise", "due"), [
    (D(2025, 3, 3), 5, D(2025, 3, 10)),      # Monday: the day itself not counted
    (D(2025, 3, 8), 5, D(2025, 3, 14)),      # Saturday: counting starts Monday
    (D(2025, 9, 30), 5, D(2025, 10, 14)),    # 国庆/中秋 10-1..10-8 off; Saturday 10-11 worked
    (D(2025, 4, 30), 1, D(2025, 5, 6)),      # 劳动节 5-1..5-5
])
def test_reply_due_counts_working_days(received, promise, due):
    assert c.reply_due(CAL, received, promise) == due


def test_reply_due_never_guesses_an_unentered_year():
    cal = WorkdayCalendar({}, {2030})
    with pytest.raises(UnknownYearError):
        c.reply_due(cal, D(2030, 12, 27), 5)


@pytest.mark.parametrize("promise", [0, 16])
def test_promise_out_of_range(promise):
    with pytest.raises(ValueError, match="1至15"):
        c.reply_due(CAL, D(2025, 3, 3), promise)


def test_reply_workdays():
    assert c.reply_workdays(CAL, D(2025, 3, 3), D(2025, 3, 3)) == 0
    assert c.reply_workdays(CAL, D(2025, 3, 7), D(2025, 3, 10)) == 1


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2025, 1, 15), 3, D(2025, 4, 15)),
    (D(2025, 11, 30), 3, D(2026, 2, 28)),
    (D(2024, 11, 30), 3, D(2025, 2, 28)),
    (D(2023, 11, 30), 3, D(2024, 2, 29)),
    (D(2025, 10, 31), 3, D(2026, 1, 31)),
])
def test_add_months_clamps(day, months, expected):
    assert c.add_months(day, months) == expected


@pytest.mark.parametrize(("today", "band"), [
    (D(2025, 1, 10), c.AgeBand.WITHIN_PROMISE),
    (D(2025, 1, 11), c.AgeBand.OVER_PROMISE),
    (D(2025, 3, 1), c.AgeBand.OVER_PROMISE),      # day 59
    (D(2025, 3, 2), c.AgeBand.WARNING),           # day 60
    (D(2025, 4, 1), c.AgeBand.VETO),              # 3 months
])
def test_age_band(today, band):
    assert c.age_band(D(2025, 1, 1), D(2025, 1, 10), today) == band


def test_age_band_unknown_due_still_has_lines():
    assert c.age_band(D(2025, 1, 1), None, D(2025, 1, 5)) == c.AgeBand.UNKNOWN
    assert c.age_band(D(2025, 1, 1), None, D(2025, 4, 1)) == c.AgeBand.VETO


def test_average():
    assert c.average([]) is None
    assert c.average([1, 2, 2]) == 1.7


def test_mask_public_text_hides_the_askers_name_contact_and_numbers():
    text = "我是王小明，电话13812345678，身份证11010519491231002X，邮箱wxm@example.cn，问低保申请。"
    out = c.mask_public_text(text, ["王小明", "wxm@example.cn"])
    assert "王小明" not in out.text and "13812345678" not in out.text
    assert "11010519491231002X" not in out.text and "wxm@example.cn" not in out.text
    assert "问低保申请" in out.text
    assert out.masked >= 4
