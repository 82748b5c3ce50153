"""Cloaking (伪装/快照劫持): the page a search-engine crawler (or a visitor arriving from a search
engine) gets differs materially from what a browser gets.

Pages change between two fetches for harmless reasons (a clock, a visitor counter, a rotating news
list), so a text diff alone is not the signal. What counts (spec watch.md §2.3 point 1) is what
only the other profile sees: spam words (scored with the structural threshold, legitimate context
still excusing the weaker words), a spam title/keywords/description, or links to foreign domains
that the browser view does not have."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import spam
from .hijack import FIELDS
from .page import ParsedPage, host_of

__all__ = ["Difference", "compare", "spam_words"]


@dataclass
class Difference:
    reason: str          # Chinese
    snippet: str
    selector: str | None = None


def spam_words(page: ParsedPage) -> set[str]:
    text = " ".join((page.title, page.keywords, page.description, page.text))
    return {h.word for h in spam.scan(text)[1]}


def compare(browser: ParsedPage, other: ParsedPage, is_foreign: Callable[[str], bool],
            seen: set[str] | None = None) -> list[Difference]:
    """What ``other`` shows that ``browser`` does not. ``is_foreign(url)`` says whether a link
    leaves the site and its allowed domains; ``seen`` may pass ``spam_words(browser)``."""
    diffs: list[Difference] = []
    seen = spam_words(browser) if seen is None else seen
    for attr, label, selector in FIELDS:
        mine, theirs = getattr(browser, attr) or "", getattr(other, attr) or ""
        if theirs and theirs != mine:
            found = spam.assess(theirs)
            if found.flagged(spam.STRUCTURAL) and set(found.words) - seen:
                diffs.append(Difference(f"{label}不同，含{found.label()}", theirs[:120], selector))
    for cluster in spam.clusters(other.text):
        new = [w for w in cluster.words if w not in seen]
        if new and cluster.flagged(spam.STRUCTURAL):
            diffs.append(Difference(f"正文多出{cluster.label()}", cluster.snippet))
            break
    browser_hosts = {host_of(link.href) for link in browser.links}
    new_links = [link for link in other.links
                 if link.tag in ("a", "area", "iframe") and is_foreign(link.href)
                 and host_of(link.href) not in browser_hosts]
    if new_links:
        hosts = list(dict.fromkeys(host_of(link.href) for link in new_links))
        first = new_links[0]
        diffs.append(Difference(f"多出指向外部域名的链接（{'、'.join(hosts[:5])}）",
                                f"{first.text[:40]} → {first.href}"[:120], first.selector))
    return diffs
