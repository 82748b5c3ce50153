"""A fetched web page and the parts of it every check reads, parsed once (selectolax/Lexbor).

The crawler produces ``FetchedPage``; ``parse_html`` turns its text into ``ParsedPage``. Checks
take these and return ``Finding``s; none of them fetches anything."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

__all__ = ["FetchedPage", "Link", "ParsedPage", "host_of", "parse_html", "same_site"]

PROFILES = {
    "browser": "普通浏览器",
    "spider": "搜索引擎爬虫（Baiduspider）",
    "search_referrer": "从搜索引擎点击进入（带Referer）",
}
_SPACE = re.compile(r"\s+")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)


@dataclass
class FetchedPage:
    """One HTTP fetch: what was asked, what came back, how long it took. ``status`` is None when
    no response came (timeout, refused, DNS); ``error`` then says why."""

    url: str
    final_url: str = ""
    status: int | None = None
    profile: str = "browser"
    elapsed: float = 0.0                  # seconds to the full body
    content_type: str = ""
    encoding: str | None = None
    text: str = ""                        # decoded HTML or text
    body: bytes = b""                     # attachments (PDF, DOCX, XLSX …), size-limited
    redirects: list[tuple[int, str]] = field(default_factory=list)   # (status, Location) in order
    error: str | None = None
    referrer: str | None = None           # the page whose link led here
    anchor: str = ""                      # that link's text
    depth: int = 0
    truncated: bool = False
    fetched_at: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400

    @property
    def is_html(self) -> bool:
        return "html" in self.content_type or (not self.content_type and self.text.lstrip()[:1] == "<")


@dataclass(frozen=True)
class Link:
    """An outgoing reference: ``href`` absolute without fragment; ``tag`` a/iframe/script/img/link/area."""

    href: str
    text: str
    tag: str
    style: str = ""
    attrs: tuple[tuple[str, str], ...] = ()
    selector: str = ""


@dataclass
class ParsedPage:
    url: str
    title: str = ""
    keywords: str = ""
    description: str = ""
    refresh: str | None = None            # meta refresh target, absolute
    links: list[Link] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)        # inline script bodies
    script_srcs: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)         # <style> bodies
    text: str = ""                                          # visible text, whitespace squashed
    tree: HTMLParser | None = None
    linked_styles: list[tuple[str, str]] = field(default_factory=list)   # same-site stylesheets (URL, text)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _absolute(base: str, href: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    try:
        return urldefrag(urljoin(base, href))[0]
    except ValueError:
        return None


def _selector(tag: str, attr: str, value: str) -> str:
    return f'{tag}[{attr}="{value.replace(chr(34), chr(92) + chr(34))}"]'


_REFS = (("a", "href"), ("area", "href"), ("iframe", "src"), ("frame", "src"), ("img", "src"),
         ("script", "src"), ("link", "href"), ("embed", "src"), ("object", "data"))


def parse_html(url: str, html: str) -> ParsedPage:
    """The page's title, meta, links (with anchor text and inline style), scripts, styles and text."""
    tree = HTMLParser(html or "")
    page = ParsedPage(url=url, tree=tree)
    title = tree.css_first("title")
    page.title = _squash(title.text()) if title else ""
    for meta in tree.css("meta"):
        name = (meta.attributes.get("name") or meta.attributes.get("http-equiv") or "").lower()
        content = meta.attributes.get("content") or ""
        if name == "keywords":
            page.keywords = _squash(content)
        elif name == "description":
            page.description = _squash(content)
        elif name == "refresh":
            m = _REFRESH_URL.search(content)
            page.refresh = _absolute(url, m.group(1)) if m else None
    for tag, attr in _REFS:
        for node in tree.css(f"{tag}[{attr}]"):
            raw = node.attributes.get(attr) or ""
            href = _absolute(url, raw)
            if href:
                page.links.append(Link(href, _squash(node.text(deep=True)) if tag in ("a", "area") else "", tag,
                                       node.attributes.get("style") or "",
                                       tuple((k, v or "") for k, v in node.attributes.items()),
                                       _selector(tag, attr, raw)))
    for node in tree.css("script"):
        src = node.attributes.get("src")
        if src:
            page.script_srcs.append(_absolute(url, src) or src)
        else:
            page.scripts.append(node.text(deep=True))
    page.styles = [node.text(deep=True) for node in tree.css("style")]
    body = tree.body
    if body is not None:
        clone = HTMLParser(body.html or "")
        for node in clone.css("script, style, noscript, template"):
            node.decompose()
        page.text = _squash(clone.body.text(deep=True, separator=" ") if clone.body else "")
    return page


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def same_site(url: str, hosts: set[str]) -> bool:
    """Whether ``url`` is on one of the site's own hosts (or a sub-domain of one)."""
    host = host_of(url)
    return any(host == h or host.endswith("." + h) for h in hosts)
