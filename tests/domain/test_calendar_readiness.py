"""When the working-day calendar runs out at the year's end (issue 12.2)."""
import datetime as dt

from gongkai.domain.calendar_readiness import LONGEST_WORKDAYS, readiness, unknown_year_message
from gongkai.domain.workdays import WorkdayCalendar

D = dt.date


def calendar_knowing(*years):
    return WorkdayCalendar({}, set(years))


def test_no_warning_while_every_clock_fits_in_the_known_years():
    state = readiness(calendar_knowing(2030), D(2030, 10, 1))
    assert not state.warn and state.blocked == () and state.workdays_left == LONGEST_WORKDAYS


def test_warning_starts_the_day_the_longest_clock_first_reaches_the_unknown_year():
    cal = calendar_knowing(2030)
    first = next(D(2030, 10, 1) + dt.timedelta(days=n) for n in range(92)
                 if readiness(cal, D(2030, 10, 1) + dt.timedelta(days=n)).warn)
    day_before = readiness(cal, first - dt.timedelta(days=1))
    assert not day_before.warn
    state = readiness(cal, first)
    assert state.missing_year == 2031 and not state.urgent
    assert [c.workdays for c in state.blocked] == [LONGEST_WORKDAYS]
    # 40 working days of Mon–Fri end on the last working day of 2030 the day before
    assert cal.add(first - dt.timedelta(days=1), LONGEST_WORKDAYS) <= D(2030, 12, 31)


def test_urgent_once_a_new_applications_twenty_days_reach_the_unknown_year():
    state = readiness(calendar_knowing(2030), D(2030, 12, 10))
    assert state.urgent and state.missing_year == 2031
    assert "新收申请的答复期限（20个工作日）" in [c.label for c in state.blocked]
    assert state.workdays_left == 15  # 11–31 December 2030, weekdays


def test_entering_the_next_year_clears_the_warning():
    assert not readiness(calendar_knowing(2030, 2031), D(2030, 12, 10)).warn


def test_the_refusal_says_what_is_blocked_who_fixes_it_and_where():
    text = unknown_year_message(2031, "不能计算延期后的答复期限")
    assert text.startswith("2031年的节假日安排尚未录入，不能计算延期后的答复期限。")
    assert "系统管理员" in text and "工作日历 → 节假日安排" in text
