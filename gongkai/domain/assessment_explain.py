"""The scoring curve of an assessment indicator in words (考核计分说明). No Django.

``rule_text`` says how an indicator turns a measured value into points, with its thresholds;
``calculation`` shows the arithmetic for one unit's value — so a clerk can see why 90 % earns
7.5 of 15 points (halfway between the zero line 80 % and full marks at 100 %) and why 81.8 % earns
only 1.36 (just above the zero line).
"""
from __future__ import annotations

from typing import Any

from .assessment import DEDUCT, MEASURES, PERCENT, points


def _n(x: Any) -> str:
    return f"{float(x):g}"


def _unit(indicator: dict[str, Any]) -> str:
    measure = MEASURES[indicator["code"]]
    return "%" if measure.unit == PERCENT else ("项" if measure.rule == DEDUCT else "次")


def rule_text(indicator: dict[str, Any]) -> str:
    """How the indicator is scored, in one Chinese sentence with its thresholds."""
    weight = _n(indicator["weight"])
    if indicator["rule"] == DEDUCT:
        return f"每发生1{_unit(indicator)}扣{_n(indicator['per_item'])}分，扣完{weight}分为止"
    u, full, zero = _unit(indicator), _n(indicator["full_at"]), _n(indicator["zero_at"])
    span = _n(float(indicator["full_at"]) - float(indicator["zero_at"]))
    return (f"达到{full}{u}得满分{weight}分，不高于{zero}{u}得0分，其间按比例计分："
            f"得分 = {weight} ×（实际值 − {zero}）÷ {span}")


def example(indicator: dict[str, Any]) -> str:
    """One worked point on the curve: the value halfway between the lines, or one failure."""
    if indicator["rule"] == DEDUCT:
        one = points(indicator, 1)
        return f"如发生1{_unit(indicator)}得{_n(one)}分"
    mid = (float(indicator["full_at"]) + float(indicator["zero_at"])) / 2
    return f"如{_n(mid)}{_unit(indicator)}得{_n(points(indicator, mid))}分"


def calculation(indicator: dict[str, Any], value: float | None) -> str:
    """The arithmetic behind one unit's points for ``value``."""
    weight, got = _n(indicator["weight"]), _n(points(indicator, value))
    if value is None:
        return "无数据，得0分"
    u = _unit(indicator)
    if indicator["rule"] == DEDUCT:
        return f"{weight} − {_n(indicator['per_item'])} × {_n(value)} = {got}（不低于0）" if value else f"未扣分，得{weight}分"
    full, zero = float(indicator["full_at"]), float(indicator["zero_at"])
    if value >= full:
        return f"{_n(value)}{u}达到满分线{_n(full)}{u}，得{weight}分"
    if value <= zero:
        return f"{_n(value)}{u}不高于零分线{_n(zero)}{u}，得0分"
    return f"{weight} ×（{_n(value)} − {_n(zero)}）÷ {_n(full - zero)} = {got}"
