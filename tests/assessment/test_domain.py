"""Scheme validation and the arithmetic of scoring (gongkai.domain.assessment)."""
import copy

import pytest

from gongkai.domain import assessment as rules


def test_default_scheme_covers_the_issue_list_and_is_valid():
    indicators = rules.validate_indicators(rules.default_indicators())
    assert [i["code"] for i in indicators] == [
        "proactive_timely", "applications_timely", "disputes_corrected", "annual_report", "findings_fixed",
        "veto_lines", "signoff_rate", "tasks_on_time", "training_held"]
    assert sum(i["weight"] for i in indicators) == 100


def _errors(indicators):
    with pytest.raises(rules.SchemeError) as exc:
        rules.validate_indicators(indicators)
    return exc.value.messages


def test_weights_must_add_up_to_100():
    indicators = rules.default_indicators()
    indicators[0]["weight"] = 10
    assert _errors(indicators) == ["各项指标分值合计应为100分，当前为95分"]


def test_each_problem_is_named_in_chinese():
    indicators = rules.default_indicators()
    indicators[0].update(full_at=70, zero_at=80)          # thresholds the wrong way round
    indicators[1]["weight"] = "十五"                       # not a number
    indicators[2]["per_item"] = 0                          # a deduction of nothing
    indicators.append(copy.deepcopy(indicators[3]))        # the same measure twice
    indicators.append({"code": "bribes", "weight": 1})    # a measure the platform does not have
    messages = _errors(indicators)
    assert "指标“主动公开信息按时发布”的满分线必须高于零分线" in messages
    assert "指标“依申请公开按时答复”的分值必须是数字" in messages
    assert "指标“复议诉讼未被纠错”的每项扣分必须大于0" in messages
    assert "指标“年度报告按时发布且有效”重复：每项计分依据只能出现一次" in messages
    assert "第11项指标的计分依据“bribes”不存在" in messages


def test_percent_thresholds_stay_within_0_and_100_and_rules_fit_the_measure():
    indicators = rules.default_indicators()
    indicators[0]["full_at"] = 120
    indicators[2]["rule"] = "linear"
    messages = _errors(indicators)
    assert "指标“主动公开信息按时发布”的满分线和零分线必须在0%到100%之间" in messages
    assert "指标“复议诉讼未被纠错”的计分方式不适用于该计分依据" in messages
    assert _errors([]) == ["考核方案至少要有一项指标"]


def test_linear_points_between_the_lines():
    ind = {"code": "applications_timely", "weight": 15, "rule": "linear", "full_at": 100, "zero_at": 80}
    assert rules.points(ind, 100) == 15
    assert rules.points(ind, 90) == 7.5
    assert rules.points(ind, 80) == 0
    assert rules.points(ind, 50) == 0
    assert rules.points(ind, None) == 0  # 无数据


def test_deductions_stop_at_zero():
    ind = {"code": "disputes_corrected", "weight": 10, "rule": "deduct", "per_item": 4}
    assert [rules.points(ind, n) for n in (0, 1, 2, 3)] == [10, 6, 2, 0]


def test_rate_with_nothing_due_is_full():
    assert rules.rate(0, 0) == 100
    assert rules.rate(3, 4) == 75


def test_totals_adjustments_and_competition_ranking():
    ind = {"code": "training_held", "weight": 5, "rule": "linear", "full_at": 2, "zero_at": 0}
    scores = [rules.score_indicator(ind, rules.Measurement(1, ""))]
    assert rules.total(scores) == 2.5
    assert rules.total(scores, [1.5, -1]) == 3
    assert rules.total(scores, [-10]) == 0
    assert rules.rank([80, 95, 80, 60]) == [2, 1, 2, 4]
