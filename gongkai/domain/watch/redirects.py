"""Redirects to foreign domains (恶意跳转): meta refresh, script assignments to ``location``, and
those made only for visitors who come from a search engine (``document.referrer`` tested for
baidu/sogou/so.com/google …, spec watch.md §2.1 Referer cloaking).

A redirect to the site itself, to an allowed domain or to any ``*.gov.cn`` host is normal (a
column moved to the county portal); any other target is foreign. A referrer-conditioned redirect is
reported even when its target is computed and cannot be read, because no legitimate page sends only
search-engine visitors elsewhere."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from .page import same_site

__all__ = ["ALWAYS_ALLOWED", "Redirect", "is_foreign", "script_redirects"]

ALWAYS_ALLOWED = {"gov.cn"}
_ASSIGN = re.compile(
    r"(?:\b(?:window|top|self|parent|document)\s*\.\s*)?\blocation(?:\s*\.\s*href)?\s*=(?!=)\s*([^;\n]{1,400})"
    r"|\blocation\s*\.\s*(?:replace|assign)\s*\(\s*([^;\n]{1,400})"
    r"|\bwindow\s*\.\s*navigate\s*\(\s*([^;\n]{1,400})")
_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"")
_REFERRER = re.compile(r"document\s*\.\s*referrer|document\[['\"]referrer['\"]\]")
_ENGINES = re.compile(r"baidu|sogou|so\.com|360\.cn|google|bing|sm\.cn|soso|youdao|yahoo|haosou|toutiao", re.I)
_USER_AGENT = re.compile(r"navigator\s*\.\s*userAgent|navigator\[['\"]userAgent['\"]\]", re.I)
_CRAWLERS = re.compile(r"spider|googlebot|bingbot|sogou|yisou|haosou|bytespider", re.I)


@dataclass(frozen=True)
class Redirect:
    target: str | None       # absolute URL, None when computed and unreadable
    conditioned: bool        # only for visitors from a search engine (referrer) or per crawler user agent
    snippet: str


def is_foreign(url: str, site_hosts: set[str], allowed_hosts: set[str]) -> bool:
    return not same_site(url, set(site_hosts) | set(allowed_hosts) | ALWAYS_ALLOWED)


def _target(expression: str, base: str) -> str | None:
    literal = "".join((m.group(1) if m.group(1) is not None else m.group(2))
                      for m in _STRING.finditer(expression))
    literal = literal.strip()
    if not literal or literal.startswith(("javascript:", "#")):
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*:", literal, re.I) and not re.match(r"^https?:", literal, re.I):
        return None
    if re.match(r"^[\w-]+(?:\.[\w-]+)*\.(?:com|net|cn|org|top|xyz|vip|cc|me|info|pw)(?:[/:?]|$)", literal, re.I):
        literal = "http://" + literal
    try:
        return urljoin(base, literal)
    except ValueError:
        return None


def script_redirects(script: str, base: str) -> list[Redirect]:
    """Redirects a script makes: each assignment to location (or replace/assign), with its target
    when it is a string literal (or a concatenation of literals)."""
    if "location" not in script and "navigate" not in script:
        return []
    conditioned = bool((_REFERRER.search(script) and _ENGINES.search(script))
                       or (_USER_AGENT.search(script) and _CRAWLERS.search(script)))
    found = []
    for m in _ASSIGN.finditer(script):
        expression = next(g for g in m.groups() if g is not None)
        snippet = re.sub(r"\s+", " ", script[max(0, m.start() - 40): m.end()])[-120:]
        found.append(Redirect(_target(expression, base), conditioned, snippet))
    return found
