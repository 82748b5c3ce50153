"""The bound on failure events (gongkai/domain/failure_events.py) and the alert rules
(gongkai/domain/security_alerts.py), without a database."""
import datetime as dt

from gongkai.domain import failure_events as rules
from gongkai.domain import security_alerts

LIMITS = rules.Limits(per_key=3, per_source=5, per_action=8)


def run(events):
    """Feed events through the rule the way the recorder does; returns (written, tallies)."""
    counts, tallies, written = {}, {}, []
    for f in events:
        now = tuple(counts.setdefault(k, 0) + 1 for k in rules.counters(f))
        for k, n in zip(rules.counters(f), now):
            counts[k] = n
        d = rules.decide(f, now, LIMITS)
        if d.record:
            written.append(f)
        else:
            tallies[d.aggregate] = tallies.get(d.aggregate, 0) + 1
    return written, tallies


def test_identical_failures_beyond_the_limit_are_tallied_per_source():
    f = rules.Failure("auth.login_failed", "203.0.113.5", "", "zhang")
    written, tallies = run([f] * 8)
    assert len(written) == 3 and tallies == {"s|auth.login_failed|203.0.113.5": 5}


def test_one_source_spraying_names_is_bounded_by_the_source_limit():
    events = [rules.Failure("auth.login_failed", "203.0.113.5", "", f"user{i}") for i in range(12)]
    written, tallies = run(events)
    assert len(written) == 5 and sum(tallies.values()) == 7


def test_many_sources_are_bounded_by_the_action_limit_into_one_tally():
    events = [rules.Failure("security.denied", f"198.51.100.{i}", "", "/manage/") for i in range(20)]
    written, tallies = run(events)
    assert len(written) == 8 and tallies == {"a|security.denied": 12}


def test_summary_names_the_source_or_all_sources():
    window = dt.datetime(2026, 12, 2, 8, 30, tzinfo=dt.UTC)
    one = rules.summary("s|auth.login_failed|203.0.113.5", window, 7, ["zhang"])
    every = rules.summary("a|security.denied", window, 12, [])
    assert (one["action"], one["ip"], one["suppressed"]) == ("auth.login_failed", "203.0.113.5", 7)
    assert every["ip"] == "*" and "所有来源" in rules.summary_reason(every)


def test_window_is_the_minute_and_closes_after_it():
    at = dt.datetime(2026, 12, 2, 8, 30, 59, 999, tzinfo=dt.UTC)
    window = rules.window_of(at)
    assert window.second == 0 and window.minute == 30
    assert not rules.is_closed(window, at) and rules.is_closed(window, at + dt.timedelta(seconds=1))


def test_samples_are_few_and_distinct():
    samples = []
    for name in ["a", "a", "b", "c", "d", "e", "f", "g"]:
        samples = rules.add_sample(samples, name)
    assert samples == ["a", "b", "c", "d", "e"]


def test_a_burst_crosses_its_threshold_exactly_once():
    assert [n for n in range(1, 40) if security_alerts.crossed(n, 20)] == [20]
    assert not security_alerts.crossed(5, 0)  # 0 switches a rule off


def test_bursts_cover_login_and_denial_actions():
    bursts = security_alerts.default_bursts()
    assert [b.kind for b in security_alerts.bursts_for("auth.login_failed", bursts)] == ["login_burst"]
    assert [b.kind for b in security_alerts.bursts_for("security.csrf_failed", bursts)] == ["denial_burst"]
    assert security_alerts.bursts_for("item.publish", bursts) == []


def test_repeats_within_the_quiet_period_are_not_new_alerts():
    now = dt.datetime(2026, 12, 2, 8, 30, tzinfo=dt.UTC)
    assert security_alerts.is_repeat(now - dt.timedelta(minutes=59), now, 60)
    assert not security_alerts.is_repeat(now - dt.timedelta(minutes=60), now, 60)
    assert not security_alerts.is_repeat(None, now, 60)


def test_chain_break_notice_names_the_row():
    notice = security_alerts.chain_break_notice(41, 40, "本条记录的内容与校验码不符（已被修改）", 39)
    assert "id=41" in notice.body and "链序号 40" in notice.body and notice.severity == "critical"
