"""Broken links (错链断链) and redirect loops, from what the crawler learnt about each link target.

The crawler keeps, for every target that answered badly, the pages that link to it (with the
anchor text); this module decides which of those are findings and how serious they are:

- an internal link (same site) answering 404/410, 5xx or nothing is ``broken_internal`` — high when
  the homepage carries it (inspectors count homepage broken links separately, spec watch.md §1.4),
  medium otherwise;
- an external link answering 404/410 or nothing is ``broken_external`` (medium: an expired domain
  may be re-registered for spam); an external 5xx is low (maybe temporary); 401/403/429 from another
  site are bot protection, not broken (spec watch.md §3);
- a redirect chain that comes back to a URL it already visited (or never ends) is ``redirect_loop``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .findings import HIGH, LOW, MEDIUM, Finding
from .page import same_site

__all__ = ["LinkTarget", "check_links", "describe_status", "is_bad"]

GONE = {404, 410}


@dataclass
class LinkTarget:
    """A URL linked from the site and how it answered. ``referrers`` holds (page, anchor text) of
    the first pages seen carrying the link (capped by the crawler); ``referrer_count`` counts all."""

    url: str
    status: int | None = None
    error: str | None = None
    redirects: list[tuple[int, str]] = field(default_factory=list)
    loop: bool = False
    referrers: list[tuple[str, str]] = field(default_factory=list)
    referrer_count: int = 0


def is_bad(status: int | None, loop: bool = False) -> bool:
    """Whether the crawler must remember who links to a target (it may become a finding)."""
    return loop or status is None or status >= 400


def describe_status(status: int | None, error: str | None) -> str:
    if status is None:
        if error == "timeout":
            return "无响应（超时）"
        return f"无法连接（{error}）" if error else "无法连接"
    if status in GONE:
        return f"HTTP {status}（页面不存在）"
    if status >= 500:
        return f"HTTP {status}（服务器错误）"
    return f"HTTP {status}"


def _severity(target: LinkTarget, internal: bool, referrer: str, homepages: set[str]) -> str | None:
    status = target.status
    if internal:
        if status is None or status in GONE or status >= 500:
            return HIGH if referrer in homepages else MEDIUM
        return None
    if status is None or status in GONE:
        return MEDIUM
    if status >= 500:
        return LOW
    return None


def check_links(targets: Iterable[LinkTarget], site_hosts: set[str],
                homepages: Iterable[str] = ()) -> list[Finding]:
    """One finding per (broken target, page carrying it); evidence: status and anchor text."""
    homes = set(homepages)
    findings: list[Finding] = []
    for target in targets:
        if not target.referrers:          # a start URL or column nobody links to: not a broken link
            continue
        internal = same_site(target.url, site_hosts)
        refs = target.referrers
        extra = {"status": target.status}
        if target.referrer_count > len(target.referrers):
            extra["referrer_count"] = target.referrer_count
        if target.loop:
            chain = " → ".join(loc for _, loc in target.redirects[:6])
            for referrer, anchor in refs:
                findings.append(Finding(
                    target.url, "links", "redirect_loop", HIGH if referrer in homes else MEDIUM,
                    f"重定向循环：{chain}" + (f"；链接文字“{anchor}”" if anchor else ""),
                    referrer=referrer, extra=dict(extra)))
            continue
        for referrer, anchor in refs:
            severity = _severity(target, internal, referrer, homes)
            if severity is None:
                continue
            where = "站内" if internal else "外部"
            evidence = f"{where}链接不可用：{describe_status(target.status, target.error)}"
            if anchor:
                evidence += f"；链接文字“{anchor[:60]}”"
            findings.append(Finding(target.url, "links", "broken_internal" if internal else "broken_external",
                                    severity, evidence, referrer=referrer, extra=dict(extra)))
    return findings
