"""Stylesheets judged on their own (样式表植入): what a changed or injected stylesheet does to every page
that links it, without looking at any page.

- text written by ``::before``/``::after`` ``content:`` (no HTML shows it: a text search of the pages
  misses it) with spam words, or with a web address of another site;
- rules that hide a page's whole body or its main content (``body{display:none}``,
  ``.content{position:absolute;left:-9999px}``) outside ``@media`` — a defacement or a cloaking layer;
- ``@import`` of a stylesheet from another site (a look-alike host is worse).

``findings`` returns (kind, severity, reason, snippet) for one stylesheet's text; ``added_tricks``
names what such code does when it is what a change added (``assets.changes``). Bounded: the first
``MAX_CSS`` characters, at most ``MAX_RULES`` rules."""
from __future__ import annotations

import re
from collections.abc import Callable

from . import spam
from .findings import HIGH, MEDIUM
from .hidden import hiding_reason
from .injected import lookalike
from .page import host_of

__all__ = ["MAX_CSS", "MAX_RULES", "added_tricks", "findings", "pseudo_content"]

MAX_CSS = 1024 * 1024
MAX_RULES = 20000
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_MEDIA = re.compile(r"@(?:media|supports)[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.I)
_RULE = re.compile(r"([^{}@;]+)\{([^{}]*)\}")
_PSEUDO = re.compile(r":{1,2}(?:before|after)\b", re.I)
_CONTENT = re.compile(r"(?<![-\w])content\s*:\s*((?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[^;\"'])+)", re.I)
_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")
_DOMAIN = re.compile(r"(?:https?://)?((?:[a-z0-9-]+\.)+(?:com|net|org|cc|vip|top|xyz|me|info|co|tv|cn|app))\b", re.I)
_IMPORT = re.compile(r"@import\s+(?:url\(\s*)?['\"]?((?:https?:)?//[^'\")\s;]+)", re.I)
# the whole page or its main text: hiding these is never a closed menu
_MAIN = re.compile(r"^(?:html|body|main|article|#(?:content|main|article|zoom|wrapper|container)|"
                   r"\.(?:content|main|article|zoom|wrapper|container|detail))$", re.I)
_SHOWS = re.compile(r"display\s*:\s*(?!none)\w|visibility\s*:\s*visible", re.I)
_TRICK = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|(?:left|top|text-indent)\s*:\s*-\d{3,}|"
                    r"font-size\s*:\s*0(?![.\d])|opacity\s*:\s*0(?![.\d])", re.I)


# a positioned box pushed past the top or the left edge by a large right/bottom (hidden.py says why)
_POSITIONED = re.compile(r"position\s*:\s*(?:absolute|fixed)", re.I)
_FAR_SIDE = re.compile(r"(?<![-\w])(?:right|bottom)\s*:\s*(?:[2-9]\d{3}|\d{5,})(?:\.\d+)?(?:px)?(?![\d.%a-z])", re.I)


def _unescape(value: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            try:
                return chr(int(m.group(1), 16))
            except (ValueError, OverflowError):
                return ""
        return m.group(2)
    return _CSS_ESCAPE.sub(sub, value)


def _rules(css: str) -> list[tuple[str, str]]:
    text = _COMMENT.sub(" ", (css or "")[:MAX_CSS])
    text = _MEDIA.sub(" ", text)
    out = []
    for m in _RULE.finditer(text):
        out.append((" ".join(m.group(1).split()), m.group(2)))
        if len(out) >= MAX_RULES:
            break
    return out


def pseudo_content(css: str) -> list[tuple[str, str]]:
    """(selector, text) of each ::before/::after rule that writes text."""
    out = []
    for selector, decls in _rules(css):
        if not _PSEUDO.search(selector):
            continue
        for m in _CONTENT.finditer(decls):
            text = "".join(_unescape(a if a is not None else b) for a, b in _STRING.findall(m.group(1)))
            if text.strip():
                out.append((selector, text))
    return out


def findings(css: str, foreign: Callable[[str], bool], where: str) -> list[tuple[str, str, str, str]]:
    """(kind, severity, reason, snippet) for what this stylesheet does on its own."""
    out: list[tuple[str, str, str, str]] = []
    written = pseudo_content(css)
    if written:
        text = " ".join(t for _, t in written)
        found = spam.assess(text)
        if found.flagged(spam.STRUCTURAL):
            out.append(("spam_text", HIGH, f"{where}用 ::before/::after 的 content 在页面上写入{found.label()}",
                        found.snippet))
        for selector, value in written:
            hosts = [h for h in _DOMAIN.findall(value) if foreign("http://" + h)]
            if hosts:
                out.append(("injected_stylesheet", HIGH,
                            f"{where}用 {selector} 的 content 在页面上写入其他网站的网址 {hosts[0]}", value[:80]))
                break
    rules = _rules(css)
    for selector, decls in rules:
        if ":" in selector:
            continue                         # :hover menus, pseudo-elements (judged above)
        parts = [p.strip() for p in selector.split(",")]
        main = [p for p in parts if _MAIN.match(p) and not any(
            p in other and other != p and _SHOWS.search(d) for sel, d in rules for other in sel.split(","))]
        reason = hiding_reason(decls) if main else None
        if main and reason:
            out.append(("injected_stylesheet", HIGH, f"{where}把整页或正文（{main[0]}）隐藏了（{reason}）",
                        f"{selector}{{{' '.join(decls.split())[:80]}}}"))
            break
    for url in _IMPORT.findall(css[:MAX_CSS]):
        absolute = "http:" + url if url.startswith("//") else url
        if foreign(absolute):
            like = lookalike(absolute)
            severity = HIGH if like else MEDIUM
            extra = f"（仿冒常用的“{like}”）" if like else "（请确认是否为本单位引用）"
            out.append(("injected_stylesheet", severity, f"{where}用 @import 引入其他网站 {host_of(absolute)} 的样式表{extra}",
                        url))
            break
    return out


def added_tricks(added: str) -> list[str]:
    """What the code a change added does, in Chinese (empty: nothing of note)."""
    out = []
    positioned_far = _POSITIONED.search(added or "") and _FAR_SIDE.search(added or "")
    if _TRICK.search(added or "") or positioned_far:
        out.append("新增的样式隐藏或移出了页面元素")
    if _PSEUDO.search(added or "") and _CONTENT.search(added or ""):
        out.append("新增的样式用 ::before/::after 在页面上写入文字")
    if _IMPORT.search(added or ""):
        out.append("新增了 @import 引入的样式表")
    return out
