"""Failure events in the audit log, bounded (安全审计 GB/T 22239-2019 8.1.4.3 a)–b)); no Django.

Refused actions — a wrong password, a lockout, a 403, a CSRF failure, a refused upload — are audit
events with ``outcome="failure"``. An attacker controls how many of them happen, so they are
bounded per minute before they reach the log:

* at most ``per_key`` identical events (same action, source address, actor and subject) a minute,
* at most ``per_source`` events of one action from one address a minute,
* at most ``per_action`` events of one action from all addresses a minute.

An event over any limit is not written on its own: it is counted, and once its minute is over one
summary row (``audit.failures_suppressed``) says how many were left out, from which address, with
a few sample subjects. Past ``per_action`` the summary is kept per action (address ``*``), so even
an attacker with many addresses adds at most one summary row per action and minute. The default
``per_key`` is above the largest lockout limit (10), so every failure up to a lockout is a row.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SUPPRESSED_ACTION = "audit.failures_suppressed"
ANY_ADDRESS = "*"
MAX_SAMPLES = 5
SUBJECT_CHARS = 100


@dataclass(frozen=True)
class Limits:
    per_key: int = 10
    per_source: int = 30
    per_action: int = 300


@dataclass(frozen=True)
class Failure:
    """One refused action: what, from where, by whom (actor id or ``""``), on what (a username,
    a path, a file name)."""

    action: str
    ip: str | None
    actor: str
    subject: str

    @property
    def address(self) -> str:
        return self.ip or "-"


def window_of(at: dt.datetime) -> dt.datetime:
    """The minute ``at`` falls in (its counting window)."""
    return at.replace(second=0, microsecond=0)


def key_counter(f: Failure) -> str:
    return f"k|{f.action}|{f.address}|{f.actor}|{f.subject[:SUBJECT_CHARS]}"


def source_counter(f: Failure) -> str:
    return f"s|{f.action}|{f.address}"


def action_counter(f: Failure) -> str:
    return f"a|{f.action}"


def counters(f: Failure) -> tuple[str, str, str]:
    """The three counters an event adds one to: identical, per source, per action."""
    return key_counter(f), source_counter(f), action_counter(f)


@dataclass(frozen=True)
class Decision:
    record: bool
    aggregate: str | None = None  # the counter that keeps the tally of a suppressed event

    @property
    def suppressed(self) -> bool:
        return not self.record


def decide(f: Failure, counts: tuple[int, int, int], limits: Limits) -> Decision:
    """``counts``: the three counters including this event. Write it, or count it into a summary."""
    per_key, per_source, per_action = counts
    if per_action > limits.per_action:
        return Decision(False, action_counter(f))
    if per_key > limits.per_key or per_source > limits.per_source:
        return Decision(False, source_counter(f))
    return Decision(True)


def add_sample(samples: list[str], subject: str) -> list[str]:
    """A few distinct subjects of the suppressed events, for the summary row."""
    subject = subject[:SUBJECT_CHARS]
    if subject in samples or len(samples) >= MAX_SAMPLES:
        return samples
    return [*samples, subject]


def summary(counter: str, window: dt.datetime, suppressed: int, samples: list[str]) -> dict[str, object]:
    """The ``audit.failures_suppressed`` row's detail for one closed window of one counter."""
    parts = counter.split("|")
    action = parts[1]
    address = parts[2] if parts[0] == "s" else ANY_ADDRESS
    return {"action": action, "ip": address, "window": window.isoformat(), "suppressed": suppressed,
            "samples": list(samples)}


def summary_reason(detail: dict[str, object]) -> str:
    where = "所有来源" if detail["ip"] == ANY_ADDRESS else f"来源 {detail['ip']}"
    return f"{where}同类失败事件过多，1 分钟内另有 {detail['suppressed']} 条合并记录"


def is_closed(window: dt.datetime, now: dt.datetime) -> bool:
    return window < window_of(now)
