"""Site availability (网站可用性): single probes and the rolling 7-day failed-probe ratio.

The 单项否决 item 站点无法访问 (spec watch.md §1.2): the homepage is probed 20 or more times a day
for a week; the site fails when probes that get no answer or take 15 s or longer make up 5% or
more of them. Commercial monitors warn at 3% (§1.6); so do we.

A probe fails when it got no response, took ``slow_after`` seconds or longer (a timeout at that
limit counts as slow), or answered 5xx."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

from .findings import HIGH, MEDIUM, Finding

__all__ = [
    "PROBES_PER_DAY",
    "SLOW_AFTER",
    "VETO_RATIO",
    "WARNING_RATIO",
    "WINDOW_DAYS",
    "Probe",
    "check_probe",
    "check_ratio",
    "probe_failed",
    "ratio_state",
]

SLOW_AFTER = 15.0          # seconds: the 15 s rule
VETO_RATIO = 0.05          # 单项否决 line
WARNING_RATIO = 0.03       # early-warning line
PROBES_PER_DAY = 20
WINDOW_DAYS = 7


@dataclass(frozen=True)
class Probe:
    """One availability probe: when, how long to the full answer, the HTTP status (None: no response)."""

    at: dt.datetime
    elapsed: float
    status: int | None
    error: str | None = None


def _slow(probe: Probe, slow_after: float) -> bool:
    return probe.elapsed >= slow_after or probe.error == "timeout"


def probe_failed(probe: Probe, slow_after: float = SLOW_AFTER) -> bool:
    return _slow(probe, slow_after) or probe.status is None or probe.status >= 500


def check_probe(url: str, probe: Probe, slow_after: float = SLOW_AFTER) -> list[Finding]:
    """``slow`` (≥ 15 s or timed out), ``unreachable`` (no response) or ``server_error`` (5xx); all high:
    each one counts against the 5% veto line."""
    extra = {"elapsed": round(probe.elapsed, 3), "status": probe.status, "at": probe.at.isoformat()}
    if _slow(probe, slow_after):
        return [Finding(url, "availability", "slow", HIGH,
                        f"访问耗时{probe.elapsed:.1f}秒，达到{slow_after:g}秒的不可访问标准", extra=extra)]
    if probe.status is None:
        return [Finding(url, "availability", "unreachable", HIGH,
                        f"网站无法访问：{probe.error or '无响应'}", extra=extra)]
    if probe.status >= 500:
        return [Finding(url, "availability", "server_error", HIGH,
                        f"服务器错误：HTTP {probe.status}", extra=extra)]
    return []


class RatioState(TypedDict):
    """What ``ratio_state`` returns."""

    line: str
    total: int
    failed: int
    ratio: float
    veto: float
    warning: float
    complete: bool
    state: str            # "veto", "warning" or "ok"


def ratio_state(probes: Iterable[Probe], now: dt.datetime, *, days: int = WINDOW_DAYS,
                slow_after: float = SLOW_AFTER, per_day: int = PROBES_PER_DAY) -> RatioState:
    """The rolling window's failed-probe ratio against the lines, for checks and dashboards.

    ``state`` is "veto" at ≥ 5% with a full sample (≥ ``per_day`` probes on each of ``days`` days,
    the inspectors' method), "warning" at ≥ 3% (or ≥ 5% on a partial sample), else "ok".
    ``complete`` says whether the sample is full."""
    start = now - dt.timedelta(days=days)
    total = failed = 0
    per_date: dict[dt.date, int] = {}
    for probe in probes:
        if not (start < probe.at <= now):
            continue
        total += 1
        failed += probe_failed(probe, slow_after)
        per_date[probe.at.date()] = per_date.get(probe.at.date(), 0) + 1
    ratio = failed / total if total else 0.0
    complete = len(per_date) >= days and all(n >= per_day for n in per_date.values())
    if total and ratio >= VETO_RATIO and complete:
        state = "veto"
    elif total and ratio >= WARNING_RATIO:
        state = "warning"
    else:
        state = "ok"
    return {"line": "首页不连通率", "total": total, "failed": failed, "ratio": ratio,
            "veto": VETO_RATIO, "warning": WARNING_RATIO, "complete": complete, "state": state}


def check_ratio(url: str, probes: Iterable[Probe], now: dt.datetime, *, days: int = WINDOW_DAYS,
                slow_after: float = SLOW_AFTER, per_day: int = PROBES_PER_DAY) -> list[Finding]:
    """``failure_ratio``: high over the veto line, medium over the early-warning line."""
    state = ratio_state(probes, now, days=days, slow_after=slow_after, per_day=per_day)
    if state["state"] == "ok":
        return []
    pct = f"{state['ratio']:.1%}"
    evidence = f"近{days}日探测{state['total']}次，失败{state['failed']}次，不连通率{pct}"
    if state["state"] == "veto":
        evidence += f"，达到{VETO_RATIO:.0%}的单项否决线"
        severity = HIGH
    else:
        evidence += f"，超过{WARNING_RATIO:.0%}的预警线"
        if not state["complete"]:
            evidence += f"（样本不足每日{per_day}次×{days}日）"
        severity = MEDIUM
    return [Finding(url, "availability", "failure_ratio", severity, evidence,
                    extra={"ratio": round(state["ratio"], 4), "probes": state["total"],
                           "failed": state["failed"]})]
