"""What changed since the last watch of a site (两次检查之间的变化): for ``gongkai watch``, which has no
database, one JSON state document per site.

A finding is the same problem across runs when its ``Finding.key()`` is the same (URL, category,
kind, referrer). Compared with the previous run's state:

- **new**: found now, not open before;
- **still open**: found now and before (keeps the date it was first seen);
- **fixed**: open before, not found now, and its page (or the page linking to it) was checked this
  run — a page this run did not reach (a smaller ``--max-pages``) proves nothing: its findings stay
  open as **not rechecked**;
- off-site scripts and stylesheets the site references for the first time are a finding of their
  own (``third_party_added``): an attacker's loader or look-alike stylesheet is usually just that —
  a new reference to another site. It is an event, reported once, not a condition that gets fixed.

The state is bounded: at most ``MAX_OPEN`` open findings and ``MAX_THIRD_PARTY`` off-site URLs kept."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .findings import MEDIUM, Finding

__all__ = ["EVENT_KINDS", "MAX_OPEN", "MAX_THIRD_PARTY", "STATE_VERSION", "Changes", "compare"]

STATE_VERSION = 1
MAX_OPEN = 20000
MAX_THIRD_PARTY = 5000
EVIDENCE = 300
EVENT_KINDS = frozenset({"third_party_added", "asset_changed"})   # reported once, never "fixed"


def _entry(f: Finding, first_seen: str) -> dict[str, Any]:
    return {"url": f.url, "category": f.category, "kind": f.kind, "referrer": f.referrer or "",
            "severity": f.severity, "evidence": f.evidence[:EVIDENCE], "first_seen": first_seen}


def _key(entry: dict[str, Any]) -> tuple[str, str, str, str]:
    return (str(entry.get("url", "")), str(entry.get("category", "")), str(entry.get("kind", "")),
            str(entry.get("referrer") or ""))


@dataclass
class Changes:
    """The comparison of one run with the previous one, and the state to save for the next."""

    previous_finished: str | None
    new: list[Finding] = field(default_factory=list)
    still_open: list[Finding] = field(default_factory=list)
    fixed: list[dict[str, Any]] = field(default_factory=list)
    not_rechecked: list[dict[str, Any]] = field(default_factory=list)
    third_party_added: list[Finding] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        def brief(f: Finding) -> dict[str, Any]:
            return {"url": f.url, "category": f.category, "kind": f.kind, "referrer": f.referrer or "",
                    "severity": f.severity}
        return {"previous_check": self.previous_finished,
                "new": [brief(f) for f in self.new],
                "fixed": [{k: e.get(k) for k in ("url", "category", "kind", "referrer", "severity", "first_seen")}
                          for e in self.fixed],
                "still_open": len(self.still_open), "not_rechecked": len(self.not_rechecked)}


def _valid(previous: Any) -> dict[str, Any] | None:
    if not isinstance(previous, dict) or previous.get("version") != STATE_VERSION:
        return None
    if not isinstance(previous.get("open"), list) or not isinstance(previous.get("third_party"), list):
        return None
    return previous


def compare(previous: Any, site: str, finished: dt.datetime, findings: Iterable[Finding],
            checked_urls: set[str] | None, third_party: dict[str, str]) -> Changes:
    """Compare this run's findings (and off-site references: URL → first page) with ``previous``
    (the last state document, or None / anything unreadable for a first run)."""
    prev = _valid(previous)
    now = finished.isoformat()
    before = {_key(e): e for e in (prev["open"] if prev else []) if isinstance(e, dict)}
    changes = Changes(previous_finished=str(prev.get("finished")) if prev else None)
    if prev is not None:
        known = {str(u) for u in prev["third_party"]}
        for url, first_page in sorted(third_party.items()):
            if url not in known:
                changes.third_party_added.append(Finding(
                    url, "integrity", "third_party_added", MEDIUM,
                    f"网站新引用了其他网站的脚本或样式表 {url}（首次出现在 {first_page}），上次检查时没有。"
                    "被植入的加载脚本和仿冒样式表常常就是这样一个新的外部引用，请确认是否为本单位或运维单位所加。",
                    referrer=first_page))
    current = [*findings, *changes.third_party_added]
    open_entries = []
    seen = set()
    for f in current:
        key = f.key()
        if key in seen:
            continue
        seen.add(key)
        old = before.get(key)
        if old is None:
            if prev is not None:
                changes.new.append(f)
        else:
            changes.still_open.append(f)
        if f.kind not in EVENT_KINDS:
            open_entries.append(_entry(f, str(old.get("first_seen") or now) if old else now))
    for key, entry in before.items():
        if key in seen or entry.get("kind") in EVENT_KINDS:
            continue
        url, _, _, referrer = key
        if checked_urls is None or url in checked_urls or (referrer and referrer in checked_urls):
            changes.fixed.append(entry)
        else:
            changes.not_rechecked.append(entry)
            open_entries.append(entry)
    third = sorted(set(third_party) | ({str(u) for u in prev["third_party"]} if prev else set()))
    changes.state = {"version": STATE_VERSION, "site": site, "finished": now,
                     "open": open_entries[:MAX_OPEN], "third_party": third[:MAX_THIRD_PARTY]}
    return changes
