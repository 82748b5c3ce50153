"""Availability: single probes and the rolling 7-day failed-probe ratio (单项否决 5%, warning 3%)."""
import datetime as dt

from gongkai.domain.watch.availability import Probe, check_probe, check_ratio, probe_failed, ratio_state

URL = "http://www.example.gov.cn/"
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def probe(status=200, elapsed=0.5, error=None, at=NOW):
    return Probe(at, elapsed, status, error)


def week(per_day=20, failed=0, days=7):
    """``per_day`` probes on each of ``days`` days, the first ``failed`` of them failing (no response)."""
    probes = []
    for d in range(days):
        for i in range(per_day):
            at = NOW - dt.timedelta(days=d, minutes=30 * i + 1)
            bad = len(probes) < failed
            probes.append(probe(None if bad else 200, 0.3, "ConnectError" if bad else None, at))
    return probes


def test_single_probes():
    assert check_probe(URL, probe()) == []
    [slow] = check_probe(URL, probe(200, 15.0))
    assert (slow.kind, slow.severity) == ("slow", "high") and "15" in slow.evidence
    assert check_probe(URL, probe(200, 14.9)) == []
    [timeout] = check_probe(URL, probe(None, 15.0, "timeout"))
    assert timeout.kind == "slow"
    [down] = check_probe(URL, probe(None, 0.01, "ConnectError"))
    assert down.kind == "unreachable" and "ConnectError" in down.evidence
    [err] = check_probe(URL, probe(502))
    assert err.kind == "server_error" and "502" in err.evidence
    assert check_probe(URL, probe(404)) == []       # the homepage answered: a link problem, not availability


def test_probe_failed_uses_the_configured_limit():
    assert probe_failed(probe(200, 2.0), slow_after=2.0)
    assert not probe_failed(probe(200, 2.0))


def test_veto_line_needs_5_percent_of_a_full_week():
    probes = week(failed=7)                         # 7 of 140 = 5.0%
    state = ratio_state(probes, NOW)
    assert state["total"] == 140 and state["complete"] and state["state"] == "veto"
    [f] = check_ratio(URL, probes, NOW)
    assert (f.kind, f.severity) == ("failure_ratio", "high")
    assert "5.0%" in f.evidence and "单项否决" in f.evidence


def test_warning_line_at_3_percent():
    [f] = check_ratio(URL, week(failed=5), NOW)     # 3.6%
    assert f.severity == "medium" and "预警" in f.evidence
    assert check_ratio(URL, week(failed=4), NOW) == []   # 2.9%


def test_too_few_probes_is_only_a_warning():
    probes = week(per_day=10, failed=10)            # 14%, but 10 probes a day
    state = ratio_state(probes, NOW)
    assert state["state"] == "warning" and not state["complete"]
    [f] = check_ratio(URL, probes, NOW)
    assert f.severity == "medium" and "样本不足" in f.evidence


def test_probes_older_than_the_window_do_not_count():
    old = [probe(None, 0.1, "ConnectError", NOW - dt.timedelta(days=8)) for _ in range(50)]
    state = ratio_state(week() + old, NOW)
    assert state["failed"] == 0 and state["state"] == "ok"
    assert check_ratio(URL, [], NOW) == []


def test_slow_probes_count_as_failures():
    probes = week()
    probes[:7] = [probe(200, 16.0, at=p.at) for p in probes[:7]]
    assert ratio_state(probes, NOW)["state"] == "veto"
