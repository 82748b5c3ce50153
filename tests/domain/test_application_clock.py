"""The answer clock (答复期限) on the official 2025 and 2026 schedules.

Expected dates are counted by hand from the State Council's notices, which the
comments restate (W = working day, n) = the n-th day counted):
- 2025 国庆+中秋: 1–8 Oct off; Sun 28 Sep and Sat 11 Oct worked.
- 2026 元旦: 1–3 Jan off; Sun 4 Jan worked.
- 2026 春节: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb worked.
- 2026 中秋: Fri 25 Sep off.  2026 国庆: 1–7 Oct off; Sun 20 Sep and Sat 10 Oct worked.
"""
import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from gongkai.domain.application_clock import (
    OTHER_AGENCY, THIRD_PARTY, ClockError, ClockInput, Deadline, Pause, SupplementPending, compute_deadline,
    consultation_reply_due, is_overdue, supplement_expires, supplement_lapsed, supplement_notice_due,
    with_extension, working_days_left)
from gongkai.domain.workdays import HOLIDAY, DayOverride, UnknownYearError, WorkdayCalendar

D = dt.date
CAL = WorkdayCalendar.official()


def due(received, **kw):
    return compute_deadline(CAL, ClockInput(received, **kw)).due


@pytest.mark.parametrize("received,expected", [
    # 2026 国庆. Oct 8 1), 9 2), Sat 10 3), 12–16 4)–8), 19–23 9)–13), 26–30 14)–18), Nov 2 19), Nov 3 20).
    (D(2026, 9, 30), D(2026, 11, 3)),
    # Received on a holiday (on-line, confirmed that day): same count as from Sep 30.
    (D(2026, 10, 3), D(2026, 11, 3)),
    # 中秋 then 国庆 2026. Sun Sep 20 1), 21–24 2)–5), 25 off, 28–30 6)–8), Oct 8 9), 9 10), Sat 10 11),
    # 12–16 12)–16), 19–22 17)–20).
    (D(2026, 9, 18), D(2026, 10, 22)),
    # 2025 国庆+中秋. Sun Sep 28 1), 29 2), 30 3), Oct 1–8 off, 9 4), 10 5), Sat 11 6), 13–17 7)–11),
    # 20–24 12)–16), 27–30 17)–20).
    (D(2025, 9, 26), D(2025, 10, 30)),
    # From inside the 2025 holiday: Oct 9 1), 10 2), Sat 11 3), 13–17 4)–8), 20–24 9)–13), 27–31 14)–18),
    # Nov 3 19), Nov 4 20).
    (D(2025, 10, 1), D(2025, 11, 4)),
    # 2026 春节. Sat Feb 14 1), 15–23 off, 24–27 2)–5), Sat 28 6), Mar 2–6 7)–11), 9–13 12)–16), 16–19 17)–20).
    (D(2026, 2, 13), D(2026, 3, 19)),
    # Feb 11–13 1)–3), Sat 14 4), 24–27 5)–8), Sat 28 9), Mar 2–6 10)–14), 9–13 15)–19), 16 20).
    (D(2026, 2, 10), D(2026, 3, 16)),
    # Received on the worked Saturday itself (not counted): Feb 24–27 1)–4), Sat 28 5), Mar 2–6 6)–10),
    # 9–13 11)–15), 16–20 16)–20).
    (D(2026, 2, 14), D(2026, 3, 20)),
    # 2026 元旦. Sun Jan 4 1), 5–9 2)–6), 12–16 7)–11), 19–23 12)–16), 26–29 17)–20).
    (D(2025, 12, 31), D(2026, 1, 29)),
])
def test_due_is_twenty_working_days_after_receipt(received, expected):
    assert due(received) == expected


def test_supplement_restarts_the_clock_from_its_receipt():
    # Received Mon 28 Sep 2026; supplement received Fri 9 Oct. Sat Oct 10 1), 12–16 2)–6), 19–23 7)–11),
    # 26–30 12)–16), Nov 2–5 17)–20).
    clock = ClockInput(D(2026, 9, 28), supplement_requested=D(2026, 9, 30), supplemented=D(2026, 10, 9))
    deadline = compute_deadline(CAL, clock)
    assert deadline.due == D(2026, 11, 5)
    assert any("收到补正：2026-10-09" in line and "第三十条" in line for line in deadline.lines)
    assert not any(step.kind == "warning" for step in deadline.explanation)


@pytest.mark.parametrize("received,expected", [
    # Sep 29 1), 30 2), Oct 8 3), 9 4), Sat 10 5), 12 6), 13 7).
    (D(2026, 9, 28), D(2026, 10, 13)),
    # 24–27 1)–4), Sat 28 5), Mar 2 6), 3 7).
    (D(2026, 2, 23), D(2026, 3, 3)),
])
def test_supplement_notice_within_seven_working_days(received, expected):
    assert supplement_notice_due(CAL, received) == expected


def test_a_late_supplement_notice_is_flagged_not_refused():
    clock = ClockInput(D(2026, 9, 28), supplement_requested=D(2026, 10, 14), supplemented=D(2026, 10, 15))
    deadline = compute_deadline(CAL, clock)
    warnings = [s.text for s in deadline.explanation if s.kind == "warning"]
    assert warnings and "2026-10-13" in warnings[0]


def test_no_due_date_while_the_supplement_is_awaited():
    with pytest.raises(SupplementPending):
        compute_deadline(CAL, ClockInput(D(2026, 9, 28), supplement_requested=D(2026, 9, 30)))


def test_supplement_period_expiry_means_given_up():
    # Notice received Wed 30 Sep 2026, office allows 10 working days: Oct 8 1), 9 2), Sat 10 3), 12–16 4)–8),
    # 19 9), 20 10).
    assert supplement_expires(CAL, D(2026, 9, 30), 10) == D(2026, 10, 20)
    assert not supplement_lapsed(CAL, D(2026, 9, 30), 10, today=D(2026, 10, 20))
    assert supplement_lapsed(CAL, D(2026, 9, 30), 10, today=D(2026, 10, 21))
    assert not supplement_lapsed(CAL, D(2026, 9, 30), 10, today=D(2026, 10, 30), supplemented=D(2026, 10, 20))
    with pytest.raises(ClockError):
        supplement_expires(CAL, D(2026, 9, 30), 0)


@pytest.mark.parametrize("pauses,expected", [
    # Mon–Fri 12–16 Oct 2026 paused: Oct 8 1), 9 2), Sat 10 3), 19–23 4)–8), 26–30 9)–13), Nov 2–6 14)–18),
    # 9 19), 10 20).
    ([(D(2026, 10, 12), D(2026, 10, 16))], D(2026, 11, 10)),
    # Overlapping pauses 12–14 and 13–16 cover the same five days once.
    ([(D(2026, 10, 12), D(2026, 10, 14)), (D(2026, 10, 13), D(2026, 10, 16))], D(2026, 11, 10)),
    # A pause inside the holiday has no working day in it.
    ([(D(2026, 10, 1), D(2026, 10, 7))], D(2026, 11, 3)),
    # A pause starting on the due day: Nov 2 19), Nov 3 and 4 paused, Nov 5 20).
    ([(D(2026, 11, 3), D(2026, 11, 4))], D(2026, 11, 5)),
    # A pause that begins after the clock ran out does not revive it.
    ([(D(2026, 11, 4), D(2026, 11, 6))], D(2026, 11, 3)),
])
def test_consultation_pauses_the_clock(pauses, expected):
    assert due(D(2026, 9, 30), pauses=tuple(Pause(a, b, THIRD_PARTY) for a, b in pauses)) == expected


def test_pause_across_mid_autumn_and_national_day():
    # Received Fri 18 Sep 2026, consultation 24 Sep–9 Oct: its working days are Sep 24, 28, 29, 30, Oct 8, 9 (6).
    # Sun Sep 20 1), 21–23 2)–4), paused to Oct 9, Sat Oct 10 5), 12–16 6)–10), 19–23 11)–15), 26–30 16)–20).
    deadline = compute_deadline(CAL, ClockInput(D(2026, 9, 18), pauses=(Pause(D(2026, 9, 24), D(2026, 10, 9)),)))
    assert (deadline.due, deadline.paused_workdays) == (D(2026, 10, 30), 6)


@pytest.mark.parametrize("days,pauses,expected", [
    # Original due Nov 3; Nov 4–6 1)–3), 9–13 4)–8), 16–20 9)–13), 23–27 14)–18), 30 19), Dec 1 20).
    (20, [], D(2026, 12, 1)),
    # Nov 4–6 1)–3), 9–13 4)–8), 16 9), 17 10).
    (10, [], D(2026, 11, 17)),
    # A consultation inside the extension also stops the clock: Nov 4–6 1)–3), 9–13 4)–8), 16–20 paused,
    # 23–27 9)–13), 30 14), Dec 1–4 15)–18), 7 19), 8 20).
    (20, [(D(2026, 11, 16), D(2026, 11, 20))], D(2026, 12, 8)),
])
def test_one_extension_of_up_to_twenty_working_days(days, pauses, expected):
    clock = ClockInput(D(2026, 9, 30), extension_days=days, pauses=tuple(Pause(a, b) for a, b in pauses))
    deadline = compute_deadline(CAL, clock)
    assert (deadline.base_due, deadline.due) == (D(2026, 11, 3), expected)


def test_extension_must_be_approved_by_the_original_due_date():
    clock = with_extension(ClockInput(D(2026, 9, 30)), approved=D(2026, 11, 3))  # the due day itself: in time
    assert compute_deadline(CAL, clock).due == D(2026, 12, 1)
    late = with_extension(ClockInput(D(2026, 9, 30)), approved=D(2026, 11, 4))
    with pytest.raises(ClockError, match="2026-11-03") as exc:
        compute_deadline(CAL, late)
    assert exc.value.field == "extension_approved"
    # A pause before approval moves the original due date (Nov 10), so Nov 4 is in time.
    paused = with_extension(ClockInput(D(2026, 9, 30), pauses=(Pause(D(2026, 10, 12), D(2026, 10, 16)),)),
                            approved=D(2026, 11, 4))
    assert compute_deadline(CAL, paused).due == D(2026, 12, 8)


def test_answer_on_the_spot_closes_the_same_day():
    deadline = compute_deadline(CAL, ClockInput(D(2026, 10, 3), on_the_spot=True))
    assert deadline.due == D(2026, 10, 3)
    assert "第三十三条第一款" in deadline.lines[-1]


def test_explanation_names_holidays_makeup_days_pauses_and_extension():
    clock = ClockInput(D(2026, 9, 30), pauses=(Pause(D(2026, 10, 12), D(2026, 10, 16), THIRD_PARTY),),
                       extension_days=20, extension_approved=D(2026, 11, 2))
    lines = compute_deadline(CAL, clock).lines
    assert lines[0] == "收到申请：2026-09-30（条例第三十一条）"
    expected_in_order = [
        "国庆节放假：2026-10-01至10-07不计",
        "调休上班：2026-10-10（星期六）计入",
        "征求第三方意见：2026-10-12至2026-10-16暂停（5个工作日不计",
        "原答复期限：2026-11-10",
        "延期20个工作日（条例第三十三条第二款），负责人于2026-11-02同意",
        "答复期限：2026-12-08",
    ]
    positions = [next(i for i, line in enumerate(lines) if line.startswith(text)) for text in expected_in_order]
    assert positions == sorted(positions)
    assert lines[-1] == "答复期限：2026-12-08"


def test_explanation_of_2025_national_day_and_2026_spring_festival():
    lines_2025 = compute_deadline(CAL, ClockInput(D(2025, 9, 26))).lines
    assert "调休上班：2025-09-28（星期日）计入" in lines_2025
    assert "国庆节、中秋节放假：2025-10-01至10-08不计" in lines_2025
    assert "调休上班：2025-10-11（星期六）计入" in lines_2025
    lines_2026 = compute_deadline(CAL, ClockInput(D(2026, 2, 13))).lines
    assert "春节放假：2026-02-15至02-23不计" in lines_2026
    assert "调休上班：2026-02-28（星期六）计入" in lines_2026


def test_explanation_reports_overlap_and_late_pauses():
    clock = ClockInput(D(2026, 9, 30), pauses=(
        Pause(D(2026, 10, 12), D(2026, 10, 14), THIRD_PARTY), Pause(D(2026, 10, 13), D(2026, 10, 16), OTHER_AGENCY),
        Pause(D(2026, 12, 1), D(2026, 12, 2))))
    pauses = [s.text for s in compute_deadline(CAL, clock).explanation if s.kind == "pause"]
    assert "3个工作日不计" in pauses[0]
    assert "2个工作日不计，另有2个工作日与此前的暂停重叠" in pauses[1] and "第三十四条" in pauses[1]
    assert "不影响答复期限" in pauses[2]


def test_unknown_year_is_refused_never_guessed():
    # Dec 11 1), 14–18 2)–6), 21–25 7)–11), 28–31 12)–15), then 2027 has no schedule.
    with pytest.raises(UnknownYearError) as exc:
        due(D(2026, 12, 10))
    assert exc.value.year == 2027


def test_admin_entered_year_and_its_holiday_note():
    cal = WorkdayCalendar.official([DayOverride(D(2027, 1, 1), HOLIDAY, "元旦")], [2027])
    # Dec 11 1), 14–18 2)–6), 21–25 7)–11), 28–31 12)–15), Fri Jan 1 off, Jan 4–8 16)–20).
    deadline = compute_deadline(cal, ClockInput(D(2026, 12, 10)))
    assert deadline.due == D(2027, 1, 8)
    assert "元旦放假：2027-01-01至01-03不计" in deadline.lines


def test_consultation_reply_period_is_fifteen_working_days():
    # Oct 8 1), 9 2), Sat 10 3), 12–16 4)–8), 19–23 9)–13), 26 14), 27 15).
    assert consultation_reply_due(CAL, D(2026, 9, 30)) == D(2026, 10, 27)


@pytest.mark.parametrize("today,left", [
    (D(2026, 9, 30), 5),    # Oct 8, 9, Sat 10, 12, 13
    (D(2026, 10, 13), 0),   # the due day
    (D(2026, 10, 15), -2),  # Oct 14, 15
    (D(2026, 10, 17), -3),  # a Saturday: Oct 14, 15, 16
])
def test_working_days_left(today, left):
    assert working_days_left(CAL, today, D(2026, 10, 13)) == left


def test_overdue_only_after_the_due_day():
    deadline = Deadline(D(2026, 11, 3))
    assert not is_overdue(deadline, D(2026, 11, 3))
    assert is_overdue(deadline, D(2026, 11, 4))
    assert is_overdue(D(2026, 11, 3), D(2026, 11, 4))


@pytest.mark.parametrize("kwargs,field", [
    ({"supplemented": D(2026, 9, 29)}, "supplemented"),
    ({"supplement_requested": D(2026, 9, 29)}, "supplement_requested"),
    ({"supplement_requested": D(2026, 10, 9), "supplemented": D(2026, 10, 8)}, "supplemented"),
    ({"pauses": (Pause(D(2026, 9, 29), D(2026, 10, 9)),)}, "pauses"),
    ({"extension_days": 21}, "extension_days"),
    ({"extension_days": -1}, "extension_days"),
    ({"extension_approved": D(2026, 10, 9)}, "extension_days"),
    ({"extension_days": 5, "extension_approved": D(2026, 9, 1)}, "extension_approved"),
    ({"on_the_spot": True, "extension_days": 5}, "on_the_spot"),
])
def test_impossible_inputs_are_refused_in_chinese(kwargs, field):
    with pytest.raises(ClockError) as exc:
        ClockInput(D(2026, 9, 30), **kwargs)
    assert exc.value.field == field
    assert any("\u4e00" <= c <= "\u9fff" for c in str(exc.value))


def test_a_pause_must_not_end_before_it_starts():
    with pytest.raises(ClockError, match="晚于"):
        Pause(D(2026, 10, 16), D(2026, 10, 12))


# --- properties --------------------------------------------------------------------------------

RECEIVED = st.dates(D(2025, 1, 1), D(2026, 8, 15))
EXTENSION = st.integers(0, 20)


@st.composite
def clocks(draw):
    received = draw(RECEIVED)
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        start = received + dt.timedelta(days=draw(st.integers(0, 40)))
        pauses.append(Pause(start, start + dt.timedelta(days=draw(st.integers(0, 14)))))
    return ClockInput(received, pauses=tuple(pauses), extension_days=draw(EXTENSION))


def _free_workdays(clock, after, upto):
    """Working days in (after, upto] that no pause covers: what the clock counts."""
    paused = set().union(*(p.days() for p in clock.pauses))
    day, n = after, 0
    while day < upto:
        day += dt.timedelta(days=1)
        n += CAL.is_workday(day) and day not in paused
    return n


@settings(max_examples=60, deadline=None)
@given(clocks())
def test_due_is_an_unpaused_working_day_reached_by_exactly_its_count(clock):
    deadline = compute_deadline(CAL, clock)
    assert CAL.is_workday(deadline.due)
    assert not any(p.start <= deadline.due <= p.end for p in clock.pauses)
    assert _free_workdays(clock, clock.received, deadline.base_due) == 20
    assert _free_workdays(clock, deadline.base_due, deadline.due) == clock.extension_days


@settings(max_examples=60, deadline=None)
@given(clocks())
def test_pauses_never_shorten_the_clock(clock):
    unpaused = ClockInput(clock.received, extension_days=clock.extension_days)
    assert compute_deadline(CAL, clock).due >= compute_deadline(CAL, unpaused).due


@settings(max_examples=60, deadline=None)
@given(RECEIVED, EXTENSION)
def test_extension_adds_exactly_its_working_days(received, days):
    plain = compute_deadline(CAL, ClockInput(received))
    extended = compute_deadline(CAL, ClockInput(received, extension_days=days))
    assert extended.base_due == plain.due
    assert CAL.between(plain.due, extended.due) == days


@settings(max_examples=60, deadline=None)
@given(RECEIVED, st.integers(0, 30), EXTENSION)
def test_due_is_monotonic_in_receipt_date(received, later_by, days):
    later = received + dt.timedelta(days=later_by)
    assert due(received, extension_days=days) <= due(later, extension_days=days)


@settings(max_examples=40, deadline=None)
@given(RECEIVED, st.integers(0, 30))
def test_supplement_counts_as_a_new_receipt(received, later_by):
    supplemented = received + dt.timedelta(days=later_by)
    assert due(received, supplemented=supplemented) == due(supplemented)
