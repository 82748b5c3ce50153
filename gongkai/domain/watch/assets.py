"""Same-site scripts and stylesheets (站内脚本和样式表), fetched once per run and checked like page content.

Spam is often not in any page's HTML: it is appended to the site's own ``jquery.min.js``
(``document.writeln('<div style="position:absolute;left:-9999px">…<a href=…>')``), or a stylesheet
hides the block of links a template carries. ``check_asset`` reads a script file as the page checks
read an inline script — the HTML it writes (hidden blocks, links to foreign domains), spam words in its
string literals, redirects (also those only for search-engine visitors or crawlers), obfuscation;
stylesheets are applied to the pages that link them (``integrity.check_page(linked_styles=…)``).
``changes`` compares this run's files with the last run's: a changed site script or stylesheet is a
finding of its own (which file, old and new SHA-256, an excerpt of what changed). Third-party scripts
are listed, not fetched."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import scripts, spam, stylesheets
from .findings import HIGH, MEDIUM, Finding
from .identities import script_signals
from .page import parse_html
from .redirects import script_redirects

__all__ = ["Asset", "changes", "check_asset", "diff_excerpt", "imports", "name_pages", "sha256", "signals"]

MAX_PAGES = 5
EXCERPT = 160
_IMPORT = re.compile(r"@import\s+(?:url\(\s*)?['\"]?([^'\")\s;]+)", re.I)
_STRING = re.compile(r"'((?:[^'\\\n]|\\.){2,})'|\"((?:[^\"\\\n]|\\.){2,})\"")
_OFFSITE_REF = re.compile(r"<(?:a|iframe|area)\b[^>]*?(?:href|src)\s*=\s*['\"]?\s*(?:https?:)?//([\w.-]+)", re.I)


@dataclass
class Asset:
    """One same-site script or stylesheet as this run fetched it."""

    url: str
    kind: str                         # "script" or "stylesheet"
    status: int | None = None
    text: str = ""
    sha256: str = ""
    size: int = 0
    truncated: bool = False
    error: str | None = None
    pages: list[str] = field(default_factory=list)     # the first pages that reference it
    imports: list[str] = field(default_factory=list)   # @import targets (stylesheets), absolute
    signals: list[str] = field(default_factory=list)   # reasons to fetch its pages as every identity

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[-1].split("?")[0] or self.url

    def referenced_by(self, page: str) -> None:
        if page not in self.pages and len(self.pages) < MAX_PAGES:
            self.pages.append(page)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def imports(css: str) -> list[str]:
    """The @import targets of a stylesheet, as written (relative or absolute)."""
    return _IMPORT.findall(css or "")


def signals(asset: Asset, is_site: Callable[[str], bool]) -> list[str]:
    """Cheap reasons (Chinese) to fetch the pages that use this script as every identity: it tests
    the user agent or referrer, is obfuscated, or writes links to another site."""
    if asset.kind != "script" or not asset.text:
        return []
    out = script_signals(asset.text)
    if scripts.obfuscation(asset.text):
        out.append("站内脚本含混淆代码")
    if ("write" in asset.text or "innerHTML" in asset.text) and any(
            not is_site("http://" + host) for host in _OFFSITE_REF.findall(scripts.written_html(asset.text))):
        out.append("站内脚本写入指向其他网站的链接")
    return [f"{asset.name}：{s}" for s in out]


def _literals(text: str) -> str:
    parts = []
    for m in _STRING.finditer(text):
        value = m.group(1) if m.group(1) is not None else m.group(2)
        if re.search(r"[\u4e00-\u9fff]|\\u[4-9][0-9a-f]{3}", value, re.I):
            parts.append(scripts._unescape_js(value))
    return " | ".join(parts)


def check_asset(asset: Asset, site_hosts: set[str], allowed_hosts: set[str]) -> list[Finding]:
    """Integrity findings of one same-site script or stylesheet file. A stylesheet's hiding rules are
    also applied to the pages that link it; here it is judged on its own (``stylesheets.findings``:
    text written by ::before/::after, the whole page or its main text hidden, off-site @import)."""
    if asset.kind not in ("script", "stylesheet") or not asset.text:
        return []
    from .integrity import _Collector, _hidden, _Page, _spam_links

    out = _Collector(asset.url)
    page = _Page(parse_html(asset.url, ""), set(site_hosts), set(allowed_hosts))
    if asset.kind == "stylesheet":
        for kind, severity, reason, snippet in stylesheets.findings(asset.text, page.foreign, f"站内样式表 {asset.name} "):
            out.add(kind, severity, reason, snippet)
        found = out.findings()
        for f in found:
            f.extra.update({"asset": asset.kind, "pages": list(asset.pages), "sha256": asset.sha256})
        return found
    where = f"站内脚本文件 {asset.name}"
    text = asset.text
    tricks = scripts.obfuscation(text)
    if tricks:
        out.add("obfuscated_script", MEDIUM, f"{where}含混淆代码（{'、'.join(tricks)}）", _around(text, tricks))
    written = scripts.written_html(text)
    if written and "<" in written:
        fragment = parse_html(asset.url, written)
        _, reported = _hidden(out, page, fragment.tree, fragment.styles, asset.url, f"{where}写入的", point=False)
        _spam_links(out, page, fragment, reported, f"{where}写入的", point=False)
    for cluster in spam.clusters(_literals(text)):
        if cluster.flagged(spam.STRUCTURAL) and not {"spam_text", "hidden_link"} & set(out.by_kind):
            out.add("spam_text", HIGH, f"{where}的字符串中含{cluster.label()}", cluster.snippet)
    for body in [text] + [p for p in scripts.payloads(text) if "location" in p]:
        for redirect in script_redirects(body, asset.url):
            target = redirect.target
            if target is not None and page.redirect_foreign(target):
                who = "仅对从搜索引擎进入的访问者或爬虫" if redirect.conditioned else ""
                out.add("foreign_redirect", HIGH, f"{where}{who}跳转到外部域名 {target.split('/')[2]}",
                        redirect.snippet)
            elif target is None and redirect.conditioned:
                out.add("foreign_redirect", HIGH, f"{where}按来源或 User-Agent 判断后跳转（目标由代码计算）",
                        redirect.snippet)
    found = out.findings()
    for f in found:
        f.extra.update({"asset": asset.kind, "pages": list(asset.pages), "sha256": asset.sha256})
    return found


def name_pages(found: list[Finding], assets: dict[str, Asset]) -> None:
    """At the end of a run: each script finding names the pages that use the file."""
    for f in found:
        asset = assets.get(f.url)
        if asset is None or "asset" not in f.extra or not asset.pages:
            continue
        f.extra["pages"] = list(asset.pages)
        f.evidence += f"（引用该文件的页面：{'、'.join(asset.pages[:3])}）"


def _around(text: str, tricks: list[str]) -> str:
    m = re.search(r"eval\s*\(|\\x[0-9a-f]{2}|fromCharCode|unescape|atob", text, re.I)
    start = max(0, m.start() - 20) if m else 0
    return " ".join(text[start:start + 100].split())


def diff_excerpt(old: str, new: str, limit: int = EXCERPT) -> tuple[str, str]:
    """(removed, added): the changed middle of two versions after their common beginning and end, each
    cut to ``limit`` characters — minified files are one line, so a line diff says nothing; code
    appended to a library shows as exactly what was appended."""
    n = min(len(old), len(new))
    start = 0
    while start < n and old[start] == new[start]:
        start += 1
    end = 0
    while end < n - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    removed, added = old[start:len(old) - end], new[start:len(new) - end]

    def cut(s: str) -> str:
        s = " ".join(s.split())
        return s if len(s) <= limit else s[:limit] + "…"
    return cut(removed), cut(added)


def _added_part(old: str, new: str) -> str:
    """The whole middle of ``new`` that differs from ``old`` (not cut, for judging what was added)."""
    n = min(len(old), len(new))
    start = 0
    while start < n and old[start] == new[start]:
        start += 1
    end = 0
    while end < n - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return new[start:len(new) - end]


def changes(previous: dict[str, dict[str, Any]], current: dict[str, Asset]) -> list[Finding]:
    """A finding for each site script or stylesheet whose content changed since the last run.

    ``previous`` maps a URL to {"sha256", "text", "known": [earlier hashes]}; a file back to a version
    seen before (the clerk restored it) is no finding; a file seen for the first time is the baseline."""
    found = []
    for url, asset in sorted(current.items()):
        before = previous.get(url)
        if not before or not asset.sha256 or asset.error or asset.status != 200:
            continue
        if asset.sha256 == before["sha256"] or asset.sha256 in (before.get("known") or []):
            continue
        removed, added = diff_excerpt(before.get("text") or "", asset.text)
        new_part = _added_part(before.get("text") or "", asset.text)
        what = "站内脚本文件" if asset.kind == "script" else "站内样式表"
        evidence = (f"{what} {asset.name} 的内容与上次检查时不同（原 SHA-256 {before['sha256'][:12]}…，"
                    f"现 {asset.sha256[:12]}…）")
        tricks = stylesheets.added_tricks(new_part) if asset.kind == "stylesheet" else []
        if tricks:
            evidence += f"（{'；'.join(tricks)}）"
        if added:
            evidence += f"；新增：{added}"
        if removed:
            evidence += f"；删除：{removed}"
        if asset.pages:
            evidence += f"；引用该文件的页面：{'、'.join(asset.pages[:3])}"
        evidence += "。请确认是否为本单位或网站运维单位的正常更新。"
        found.append(Finding(url, "tamper", "asset_changed", HIGH if tricks else MEDIUM, evidence,
                             extra={"asset": asset.kind, "old_sha256": before["sha256"], "new_sha256": asset.sha256,
                                    "added": added, "removed": removed, "pages": list(asset.pages),
                                    "tricks": tricks}))
    return found
