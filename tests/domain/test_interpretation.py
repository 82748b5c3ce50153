"""政策解读 rules: which documents need one, the approval gate, lateness, the yearly counts."""
import datetime as dt

import pytest

from gongkai.domain import interpretation as r
from gongkai.domain.workdays import WorkdayCalendar

D = dt.date


def cal():
    return WorkdayCalendar.official()


def test_policy_genres_always_need_a_interpretation_others_when_flagged():
    assert r.needs_interpretation("行政规范性文件") and r.needs_interpretation("规章")
    assert not r.needs_interpretation("通知") and r.needs_interpretation("通知", flagged=True)
    assert not r.needs_interpretation(None)


def test_gate_refuses_without_interpretation_or_reason():
    with pytest.raises(r.GateRefusal, match="同步发布政策解读"):
        r.check_gate(True, 0, "  ")
    with pytest.raises(r.GateRefusal, match="过短"):
        r.check_gate(True, 0, "无")
    assert r.check_gate(True, 0, " 内部工作制度，不涉及公众权利义务 ") == "内部工作制度，不涉及公众权利义务"
    assert r.check_gate(True, 1, "") == ""
    assert r.check_gate(False, 0, "") == ""


def test_lag_counts_working_days_and_skips_the_national_day_holiday():
    c = cal()
    # 2025-09-30 (Tue) → 2025-10-09 (Thu): 1–8 October are holidays, so only 1 working day.
    assert r.lag_days(c, D(2025, 9, 30), D(2025, 10, 9)) == 1
    assert r.classify(c, D(2025, 9, 30), D(2025, 10, 9), D(2025, 12, 1)) is r.Lag.WITHIN_LIMIT
    assert r.classify(c, D(2025, 3, 3), D(2025, 3, 3), D(2025, 12, 1)) is r.Lag.ON_TIME
    assert r.classify(c, D(2025, 3, 3), D(2025, 2, 28), D(2025, 12, 1)) is r.Lag.ON_TIME
    assert r.classify(c, D(2025, 3, 3), D(2025, 3, 6), D(2025, 12, 1)) is r.Lag.WITHIN_LIMIT   # 3 WD
    assert r.classify(c, D(2025, 3, 3), D(2025, 3, 7), D(2025, 12, 1)) is r.Lag.LATE           # 4 WD
    assert r.classify(c, D(2025, 3, 3), None, D(2025, 3, 5)) is r.Lag.PENDING
    assert r.classify(c, D(2025, 3, 3), None, D(2025, 3, 10)) is r.Lag.MISSING
    assert r.classify(c, D(2025, 3, 3), None, D(2025, 3, 10), exempt=True) is None
    assert r.classify(c, D(2025, 3, 3), D(2025, 3, 10), D(2025, 12, 1), limit=5) is r.Lag.WITHIN_LIMIT


def test_unknown_calendar_year_counts_calendar_days():
    c = WorkdayCalendar.official()
    far = D(max(c.known_years) + 5, 3, 2)
    assert r.lag_days(c, far, far + dt.timedelta(days=4)) == 4
    assert r.lag_days(None, D(2025, 3, 1), D(2025, 3, 8)) == 7


def test_figures():
    c = cal()
    policies = [
        r.PolicyRow(D(2025, 3, 3), (D(2025, 3, 3),)),                   # on time
        r.PolicyRow(D(2025, 3, 3), (D(2025, 3, 20), D(2025, 3, 4))),     # first one counts: on time
        r.PolicyRow(D(2025, 5, 6), (D(2025, 5, 20),)),                   # late
        r.PolicyRow(D(2025, 6, 3)),                                      # missing
        r.PolicyRow(D(2025, 6, 3), exempt=True),                         # exempt
    ]
    interps = [
        r.InterpretationRow(D(2025, 3, 3), "text", (D(2025, 3, 3),)),
        r.InterpretationRow(D(2025, 3, 20), "video", (D(2025, 3, 3),)),
        r.InterpretationRow(D(2025, 3, 4), "leader", (D(2025, 3, 3),)),
        r.InterpretationRow(D(2025, 5, 20), "graphic", (D(2025, 5, 6),)),
        r.InterpretationRow(D(2025, 7, 1), "media", ()),
    ]
    f = r.figures(c, policies, interps, D(2025, 12, 31))
    assert f["policies"] == 5 and f["policies_with_interpretation"] == 3
    assert f["policies_without_interpretation"] == 1 and f["policies_exempt"] == 1
    assert f["policies_late"] == 1 and f["late_interpretations"] == 2
    assert f["interpretations"] == 5
    assert (f["interpretation_materials"], f["interpretation_products"], f["interpretation_media_articles"]) == (2, 2, 1)
    assert f["non_text_interpretations"] == 3 and f["leader_interpretations"] == 1


def test_every_form_has_a_report_class():
    assert set(r.REPORT_CLASS) == set(r.FORMS)
