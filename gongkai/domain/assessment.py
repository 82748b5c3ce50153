"""Assessment (考核): scoring schemes as data and the arithmetic of scoring. No Django.

A scheme (考核方案) is a list of indicators (考核指标). Each indicator names one of the
platform's measures (``MEASURES``: what is counted from the records), its points (``weight``) and
how a measured value becomes points:

- ``linear`` (for a percentage or a count where more is better): full marks at a value ≥ ``full_at``,
  zero at a value ≤ ``zero_at``, linear in between;
- ``deduct`` (for a count of failures): ``per_item`` points off for each failure, never below zero.

A measure the platform cannot take (a module missing, no record of the past) is "无数据": value
``None`` and 0 points. A rate with nothing to measure (no application due this year) is full marks:
nothing was late. The weights of a scheme add up to 100 points; manual adjustments (加减分) come on
top of the computed total, each with its reason.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, SupportsFloat

__all__ = [
    "DEFAULT_INDICATORS",
    "MEASURES",
    "TOTAL_POINTS",
    "IndicatorScore",
    "Measure",
    "Measurement",
    "SchemeError",
    "points",
    "rank",
    "score_indicator",
    "total",
    "validate_indicators",
]

TOTAL_POINTS = 100

LINEAR, DEDUCT = "linear", "deduct"
PERCENT, COUNT = "percent", "count"


@dataclass(frozen=True)
class Measure:
    """What the platform can measure for a unit and year, and how it may be scored."""

    code: str
    label: str
    unit: str  # PERCENT (0–100) or COUNT
    rule: str  # LINEAR or DEDUCT
    description: str


MEASURES: dict[str, Measure] = {m.code: m for m in (
    Measure("proactive_timely", "主动公开信息按时发布率", PERCENT, LINEAR,
            "当年发布及到期应发布的主动公开信息中，在20个工作日内（发布期限内）发布的比例"),
    Measure("applications_timely", "依申请公开按时答复率", PERCENT, LINEAR,
            "当年到期的政府信息公开申请中，在答复期限内答复的比例"),
    Measure("disputes_corrected", "复议诉讼被纠错件数", COUNT, DEDUCT,
            "当年审结的行政复议、行政诉讼案件中结果被纠正的件数（维持、其他结果不扣分）"),
    Measure("annual_report", "年度报告按时发布且无错误", COUNT, DEDUCT,
            "上一年度的政府信息公开工作年度报告：未按期发布、逾期发布、存在校验错误，各计一项"),
    Measure("findings_fixed", "网站问题按期整改率", PERCENT, LINEAR,
            "整改期限在当年且已到期的网站问题中，在期限内整改的比例"),
    Measure("veto_lines", "网站单项否决线", COUNT, DEDUCT,
            "本单位网站触及的单项否决线条数（首页不连通率、栏目不更新、严重问题等）；当年按当前状态，往年按年末未整改的问题"),
    Measure("signoff_rate", "网站日常检查签收率", PERCENT, LINEAR,
            "当年已过的工作日中，网站日常检查由责任人签收的比例"),
    Measure("tasks_on_time", "工作要点任务按时完成率", PERCENT, LINEAR,
            "当年已到期的工作要点任务中按时完成的比例"),
    Measure("training_held", "开展培训次数", COUNT, LINEAR,
            "当年本单位组织的政务公开培训场次"),
    Measure("interpretation_timely", "政策解读同步发布率", PERCENT, LINEAR,
            "当年发布的须解读文件（规章、行政规范性文件等，经审核不解读的除外）中，解读在文件发布后"
            "规定工作日内（默认3个）发布的比例；未发布解读和发布滞后的逐项列出"),
    Measure("consult_timely", "网民留言按时答复率", PERCENT, LINEAR,
            "当年答复期限已届满的有效留言中，在单位承诺期限内答复（或转为依申请公开办理）的比例；"
            "超过3个月未答复（单项否决）和已满60天未答复的留言逐项列出"),
)}

DEFAULT_INDICATORS: list[dict[str, Any]] = [
    {"code": "proactive_timely", "name": "主动公开信息按时发布", "weight": 15, "rule": LINEAR,
     "full_at": 100, "zero_at": 80},
    {"code": "applications_timely", "name": "依申请公开按时答复", "weight": 15, "rule": LINEAR,
     "full_at": 100, "zero_at": 80},
    {"code": "disputes_corrected", "name": "复议诉讼未被纠错", "weight": 10, "rule": DEDUCT, "per_item": 5},
    {"code": "annual_report", "name": "年度报告按时发布且有效", "weight": 10, "rule": DEDUCT, "per_item": 5},
    {"code": "findings_fixed", "name": "网站问题按期整改", "weight": 15, "rule": LINEAR,
     "full_at": 100, "zero_at": 60},
    {"code": "veto_lines", "name": "未触及单项否决线", "weight": 10, "rule": DEDUCT, "per_item": 10},
    {"code": "signoff_rate", "name": "网站日常检查签收", "weight": 10, "rule": LINEAR,
     "full_at": 100, "zero_at": 80},
    {"code": "tasks_on_time", "name": "工作要点任务按时完成", "weight": 10, "rule": LINEAR,
     "full_at": 100, "zero_at": 60},
    {"code": "training_held", "name": "开展政务公开培训", "weight": 5, "rule": LINEAR,
     "full_at": 2, "zero_at": 0},
]

# Measures offered in the scheme form but not in the default scheme (a supervisor adds them).
OPTIONAL_INDICATORS: list[dict[str, Any]] = [
    {"code": "interpretation_timely", "name": "政策解读同步发布", "weight": 5, "rule": LINEAR,
     "full_at": 100, "zero_at": 60},
    {"code": "consult_timely", "name": "网民留言按时答复", "weight": 5, "rule": LINEAR,
     "full_at": 100, "zero_at": 60},
]


class SchemeError(ValueError):
    """A scheme that cannot be used; ``messages`` lists every problem in Chinese."""

    def __init__(self, messages: list[str]):
        super().__init__("；".join(messages))
        self.messages = messages


def _number(value: object, what: str, errors: list[str]) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(str(value).strip())
        except (TypeError, ValueError):
            errors.append(f"{what}必须是数字")
            return None
    if value != value or value in (float("inf"), float("-inf")):
        errors.append(f"{what}必须是数字")
        return None
    return float(value)


def validate_indicators(indicators: object) -> list[dict[str, Any]]:
    """Check a scheme's indicators and return them normalised (numbers as numbers, known keys only).

    Raises ``SchemeError`` with every problem found, each naming the indicator.
    """
    if not isinstance(indicators, list) or not indicators:
        raise SchemeError(["考核方案至少要有一项指标"])
    errors: list[str] = []
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    total_weight = 0.0
    for i, raw in enumerate(indicators, 1):
        if not isinstance(raw, dict):
            errors.append(f"第{i}项指标格式不正确")
            continue
        code = str(raw.get("code") or "")
        measure = MEASURES.get(code)
        if measure is None:
            errors.append(f"第{i}项指标的计分依据“{code}”不存在")
            continue
        name = str(raw.get("name") or "").strip() or measure.label
        where = f"指标“{name}”"
        if code in seen:
            errors.append(f"{where}重复：每项计分依据只能出现一次")
            continue
        seen.add(code)
        if len(name) > 50:
            errors.append(f"{where}名称不能超过50个字")
        weight = _number(raw.get("weight"), f"{where}的分值", errors)
        if weight is not None:
            if weight <= 0:
                errors.append(f"{where}的分值必须大于0")
            total_weight += weight
        rule = raw.get("rule") or measure.rule
        if rule != measure.rule:
            errors.append(f"{where}的计分方式不适用于该计分依据")
            continue
        item: dict[str, Any] = {"code": code, "name": name, "weight": weight, "rule": rule}
        if rule == LINEAR:
            full = _number(raw.get("full_at"), f"{where}的满分线", errors)
            zero = _number(raw.get("zero_at"), f"{where}的零分线", errors)
            if full is not None and zero is not None:
                if full <= zero:
                    errors.append(f"{where}的满分线必须高于零分线")
                if measure.unit == PERCENT and not (0 <= zero <= 100 and 0 <= full <= 100):
                    errors.append(f"{where}的满分线和零分线必须在0%到100%之间")
                if measure.unit == COUNT and zero < 0:
                    errors.append(f"{where}的零分线不能小于0")
            item.update(full_at=full, zero_at=zero)
        else:
            per = _number(raw.get("per_item"), f"{where}的每项扣分", errors)
            if per is not None and per <= 0:
                errors.append(f"{where}的每项扣分必须大于0")
            item["per_item"] = per
        out.append(item)
    if not errors and abs(total_weight - TOTAL_POINTS) > 1e-6:
        errors.append(f"各项指标分值合计应为{TOTAL_POINTS}分，当前为{_fmt(total_weight)}分")
    if errors:
        raise SchemeError(errors)
    for item in out:
        for key in ("weight", "full_at", "zero_at", "per_item"):
            if key in item and float(item[key]).is_integer():
                item[key] = int(item[key])
    return out


def default_indicators() -> list[dict[str, Any]]:
    return copy.deepcopy(DEFAULT_INDICATORS)


def _fmt(x: float) -> str:
    return f"{x:g}"


def points(indicator: dict[str, Any], value: float | None) -> float:
    """Points for a measured ``value`` under ``indicator`` (0 when there is no value)."""
    weight = float(indicator["weight"])
    if value is None:
        return 0.0
    if indicator["rule"] == DEDUCT:
        return round(max(0.0, weight - float(indicator["per_item"]) * value), 2)
    full, zero = float(indicator["full_at"]), float(indicator["zero_at"])
    if value >= full:
        return weight
    if value <= zero:
        return 0.0
    return round(weight * (value - zero) / (full - zero), 2)


@dataclass
class Measurement:
    """What was measured: ``value`` (None = 无数据), a one-line ``summary`` in Chinese and the
    evidence (dicts ``{"label", "url", "ok"}``), failures first."""

    value: float | None
    summary: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    failed: bool = False  # the measure could not be computed (an error, logged): not a result


@dataclass
class IndicatorScore:
    indicator: dict[str, Any]
    measurement: Measurement
    points: float

    @property
    def lost(self) -> float:
        return round(float(self.indicator["weight"]) - self.points, 2)

    @property
    def value_display(self) -> str:
        value = self.measurement.value
        if self.measurement.failed:
            return "计算出错"
        if value is None:
            return "无数据"
        measure = MEASURES[self.indicator["code"]]
        if measure.unit == PERCENT:
            return f"{value:.1f}%"
        return f"{_fmt(value)}{'项' if measure.rule == DEDUCT else '次'}"


def score_indicator(indicator: dict[str, Any], measurement: Measurement) -> IndicatorScore:
    return IndicatorScore(indicator, measurement, points(indicator, measurement.value))


def rate(good: int, due: int) -> float:
    """A percentage; with nothing due it is 100 (nothing was late)."""
    return 100.0 if due == 0 else round(100.0 * good / due, 2)


def total(scores: list[IndicatorScore], adjustments: Iterable[SupportsFloat] = ()) -> float:
    """Sum of the indicators' points plus the adjustments, never below zero."""
    return round(max(0.0, sum(s.points for s in scores) + sum(float(a) for a in adjustments)), 2)


def rank(totals: list[float]) -> list[int]:
    """Competition ranking (1, 2, 2, 4) of ``totals``, highest first, in the input's order."""
    ordered = sorted(totals, reverse=True)
    return [ordered.index(t) + 1 for t in totals]
