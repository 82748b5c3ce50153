"""Injected script tags (被植入的外部脚本): off-site loader scripts (and stylesheets) put into a page by
an attacker.

Seen in the wild (tests/realdata/SOURCES.md, patterns/injection_patterns.md §6):

- a CMS's stored text fields (titles, names) carried ``<script src=https://…/site.js></script>`` four
  times over after each item's name (magicblack/maccms8 issue 12): a template never puts a script
  *inside* a link, a list item or a heading, and never loads the same file twice;
- a template's script was changed to load ``https://zz.bdustatic.com/linksubmit/push.js`` — a look-alike
  of Baidu's ``zz.bdstatic.com`` push script — with the address written in ``\\x`` escapes
  (magicblack/maccms10 issue 985); a look-alike library name on another site (``iquery.min.js`` for
  ``jquery.min.js``) in the same thread.

``injected_scripts`` returns (kind, reason, snippet, selector) for each such script or stylesheet; a genuine third-party
script (the real Baidu push snippet, a statistics script in the page head) is none of these."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import scripts
from .page import ParsedPage, host_of

__all__ = ["LIBRARIES", "LOOKALIKE_HOSTS", "injected_scripts", "lookalike"]

# Script hosts and library file names a site commonly loads: a near miss of one is a disguise.
LOOKALIKE_HOSTS = ("bdstatic.com", "baidu.com", "cnzz.com", "51.la", "qq.com", "gtimg.com", "jquery.com",
                   "bootcdn.cn", "staticfile.org", "jsdelivr.net", "googleapis.com", "gov.cn", "aliyun.com")
LIBRARIES = ("jquery", "bootstrap", "echarts", "vue", "layui", "swiper", "common", "push")
_CONTENT_TAGS = {"a", "li", "p", "td", "th", "span", "h1", "h2", "h3", "h4", "h5", "h6", "title", "option",
                 "label", "dd", "dt", "em", "strong", "b", "font"}
_DECODED_URL = re.compile(r"(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})(/[^\s'\"<>]*\.js)\b", re.I)
_ESCAPED = re.compile(r"\\x[0-9a-f]{2}|\\u00[0-9a-f]{2}|fromCharCode|unescape|atob", re.I)
_MAX_DEPTH = 40


def _distance1(a: str, b: str) -> bool:
    """a and b differ by exactly one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def lookalike(url: str) -> str | None:
    """The well-known host or library this script URL imitates (``zz.bdustatic.com`` → bdstatic.com,
    ``…/iquery.min.js`` → jquery), or None."""
    host = host_of(url)
    labels = host.split(".")
    for known in LOOKALIKE_HOSTS:
        k_labels = known.split(".")
        if len(labels) >= len(k_labels) and labels[-1] == k_labels[-1] and len(k_labels[0]) >= 5:
            mine = labels[-len(k_labels)]
            if _distance1(mine, k_labels[0]):
                return known
    name = url.rsplit("/", 1)[-1].split("?")[0].lower()
    stem = name.split(".")[0]
    for lib in LIBRARIES:
        if len(lib) >= 5 and _distance1(stem, lib):
            return lib
    return None


def _container(node: Any) -> str | None:
    parent = node.parent
    depth = 0
    while parent is not None and depth < _MAX_DEPTH:
        if parent.tag in _CONTENT_TAGS:
            return str(parent.tag)
        if parent.tag in ("body", "head", "html"):
            return None
        parent = parent.parent
        depth += 1
    return None


def injected_scripts(view: ParsedPage, foreign: Callable[[str], bool]) -> list[tuple[str, str, str, str | None]]:
    """(kind, reason, snippet, selector) for each injected script or stylesheet on the page (kind
    ``injected_script`` or ``injected_stylesheet``; empty: none)."""
    out: list[tuple[str, str, str, str | None]] = []
    counts: dict[str, int] = {}
    inside: dict[str, str] = {}
    tags: dict[str, str] = {}
    if view.tree is not None:
        for node in view.tree.css("script[src], link[href]"):
            if node.tag == "link" and "stylesheet" not in (node.attributes.get("rel") or "").lower():
                continue
            src = (node.attributes.get("src" if node.tag == "script" else "href") or "").strip()
            if not src.startswith(("http://", "https://", "//")):
                continue
            url = "http:" + src if src.startswith("//") else src
            if not foreign(url):
                continue
            counts[url] = counts.get(url, 0) + 1
            tags[url] = str(node.tag)
            where = _container(node)
            if where and url not in inside:
                inside[url] = where
    for url, n in counts.items():
        reasons = []
        if url in inside:
            reasons.append(f"写在正文的 <{inside[url]}> 元素里面（模板不会把脚本放进文字内容）")
        if n >= 2:
            reasons.append(f"同一个外部脚本在本页被引用{n}次")
        like = lookalike(url)
        if like:
            reasons.append(f"地址仿冒常用的“{like}”")
        if reasons:
            if tags[url] == "script":
                out.append(("injected_script", f"被植入的外部脚本 {host_of(url)}：{'；'.join(reasons)}",
                            f'<script src="{url}">', f'script[src="{url}"]'))
            else:
                out.append(("injected_stylesheet", f"被植入的外部样式表 {host_of(url)}：{'；'.join(reasons).replace('脚本', '样式表')}",
                            f'<link rel="stylesheet" href="{url}">', f'link[href="{url}"]'))
    for source in view.scripts:
        if not _ESCAPED.search(source):
            continue
        decoded = " ".join(scripts.payloads(source) + [scripts._unescape_js(source)])
        for m in _DECODED_URL.finditer(decoded):
            url = "https://" + m.group(1) + m.group(2)
            if not foreign(url) or m.group(0) in source:
                continue                         # written in the clear: not hidden
            like = lookalike(url)
            reason = f"脚本用转义字符隐藏了要加载的外部脚本地址 {m.group(1)}"
            if like:
                reason += f"（仿冒常用的“{like}”）"
            out.append(("injected_script", reason, m.group(0), None))
            break
    return out
