"""Integrity check of one page (内容安全): injected spam, dark links (暗链), foreign redirects,
cloaking, title hijack and obfuscated scripts, judged in context (spec watch.md §0 points 4–6, §2).

``check_page`` takes the fetches of one URL under each profile (browser always; spider and
search_referrer when the crawler made them) and returns at most one finding per kind and page (the
first occurrence gives the selector, the evidence lists up to three). Spam words count only with a
structural signal — hidden, in a link to a foreign domain, in the title/meta, seen only by a
crawler — or as a dense cluster with promotional markers in open text, so an anti-gambling police
notice, a 福利彩票公益金 report or a live-streamed county sports meeting is not flagged."""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from . import hidden, injected, scripts, spam, splice, stylesheets
from .cloaking import compare, spam_words
from .findings import HIGH, MEDIUM, Finding
from .hijack import hijacked_fields
from .identities import short_label
from .page import FetchedPage, ParsedPage, host_of, parse_html
from .redirects import is_foreign, script_redirects

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["WELL_KNOWN_HOSTS", "check_page"]

# Hosts a government page may link to without being listed (share buttons, national media, the
# filing and reporting services): a hidden link to them is a closed menu, not a dark link.
WELL_KNOWN_HOSTS = {
    "gov.cn", "weibo.com", "weibo.cn", "qq.com", "people.com.cn", "xinhuanet.com", "news.cn", "cctv.com",
    "cntv.cn", "chinanews.com.cn", "gmw.cn", "12377.cn", "12321.cn", "cyberpolice.cn", "conac.cn",
    "beian.gov.cn", "miit.gov.cn", "baidu.com",
}
_LIMIT = 3
_URL_PUNCT = re.compile(r"[./:?=&_-]+")


class _Collector:
    """One finding per kind on the page; evidence of further occurrences appended (up to three)."""

    def __init__(self, url: str):
        self.url = url
        self.by_kind: dict[str, Finding] = {}

    def add(self, kind: str, severity: str, reason: str, snippet: str, selector: str | None = None,
            profile: str = "browser") -> None:
        item = f"{reason}：{snippet.strip()[:120]}" if snippet else reason
        found = self.by_kind.get(kind)
        if found is None:
            self.by_kind[kind] = Finding(self.url, "integrity", kind, severity, item, profile=profile,
                                         selector=selector, extra={"occurrences": 1})
            return
        found.extra["occurrences"] += 1
        if found.extra["occurrences"] <= _LIMIT and item not in found.evidence:
            found.evidence += "；" + item
        if severity == HIGH:
            found.severity = HIGH

    def findings(self) -> list[Finding]:
        return list(self.by_kind.values())


def _ref(node: LexborNode, attr: str, base: str) -> str | None:
    raw = (node.attributes.get(attr) or "").strip()
    if not raw or raw.startswith(("javascript:", "#", "mailto:", "tel:", "data:")):
        return None
    if (raw[0] in "/." and not raw.startswith("//")) or ("://" not in raw and not raw.startswith("//")):
        return None                     # relative: on the page's own host
    try:
        return urljoin(base, raw)
    except ValueError:
        return None


class _Page:
    def __init__(self, view: ParsedPage, site_hosts: set[str], allowed_hosts: set[str]):
        self.view = view
        self.site = set(site_hosts)
        self.allowed = set(allowed_hosts)
        self.known = self.site | self.allowed | WELL_KNOWN_HOSTS
        self._cache: dict[str, bool] = {}

    def foreign(self, url: str) -> bool:
        """Leaves the site, the allowed domains and the well-known services."""
        answer = self._cache.get(url)
        if answer is None:
            labels = host_of(url).split(".")
            answer = not any(".".join(labels[i:]) in self.known for i in range(len(labels)))
            self._cache[url] = answer
        return answer

    def redirect_foreign(self, url: str) -> bool:
        return is_foreign(url, self.site, self.allowed)


def _hidden(out: _Collector, page: _Page, tree: Any, styles: Sequence[str | tuple[str, str]], base: str, origin: str = "",
            point: bool = True) -> tuple[list[str], set[str]]:
    """Hidden regions: foreign links in them are dark links; spam words in them (no link) hidden
    spam text. Returns the hidden texts (not open text) and the hrefs already reported."""
    texts: list[str] = []
    reported: set[str] = set()
    for region in hidden.hidden_regions(tree, styles):
        node: Any = region.node
        refs = []
        if node.tag in ("a", "area") and node.attributes.get("href"):
            refs.append((node, _ref(node, "href", base)))
        if node.tag in ("iframe", "frame") and node.attributes.get("src"):
            refs.append((node, _ref(node, "src", base)))
        refs += [(n, _ref(n, "href", base)) for n in node.css("a[href], area[href]")]
        refs += [(n, _ref(n, "src", base)) for n in node.css("iframe[src], frame[src]")]
        text = node.text(deep=True, separator=" ")
        texts.append(text)
        foreign = [(n, href) for n, href in refs if href and page.foreign(href)]
        selector = region.selector if point else None
        if foreign:
            hosts = list(dict.fromkeys(host_of(h) for _, h in foreign))
            n, href = foreign[0]
            anchor = " ".join(n.text(deep=True).split())[:40]
            reason = f"{origin}隐藏的外链（{region.reason}，{len(foreign)}个链接，域名 {'、'.join(hosts[:4])}）"
            out.add("hidden_link", HIGH, reason, f"{anchor} → {href}", selector)
            reported.update(h for _, h in foreign)
            continue
        found = spam.assess(text)
        if found.flagged(spam.STRUCTURAL):
            out.add("spam_text", HIGH, f"{origin}隐藏的{found.label()}（{region.reason}）", found.snippet, selector)
    return texts, reported


def _spam_links(out: _Collector, page: _Page, view: ParsedPage, skip: set[str], origin: str = "",
                point: bool = True) -> list[str]:
    """Links to foreign domains whose anchor or URL carries spam; returns their anchor texts."""
    anchors = []
    for link in view.links:
        if link.tag not in ("a", "area", "iframe") or link.href in skip or not page.foreign(link.href):
            continue
        found = spam.assess(f"{link.text} {_URL_PUNCT.sub(' ', link.href)}")   # brand words in the URL, not .com
        if found.flagged(spam.STRUCTURAL):
            out.add("spam_text", HIGH, f"{origin}指向外部域名 {host_of(link.href)} 的违规链接（{found.label()}）",
                    f"{link.text[:40]} → {link.href}", link.selector if point else None)
            anchors.append(link.text)
    return anchors


def _open_text(out: _Collector, text: str, hidden_texts: list[str]) -> None:
    for chunk in hidden_texts:
        chunk = " ".join(chunk.split())
        if chunk:
            text = text.replace(chunk, " ")
    reported: set[str] = set()
    for cluster in spam.clusters(text):
        if cluster.flagged(spam.OPEN_TEXT):
            out.add("spam_text", HIGH, f"正文中密集出现{cluster.label()}（含推广用语 {'、'.join(cluster.promo[:3]) or '无'}）",
                    cluster.snippet)
            reported.update(cluster.words)
    _spliced(out, text, reported)


def _spliced(out: _Collector, text: str, reported: set[str]) -> None:
    """Spam phrases spliced into the running text (the founding report's attack): one finding
    naming every place — the phrase, its sentence and why it is out of place. Phrases of a dense
    cluster already reported as spam_text are not reported twice."""
    places = [p for p in splice.spliced_places(text) if p.phrase not in reported]
    if not places:
        return
    phrases = list(dict.fromkeys(p.phrase for p in places))
    items = [f"“{p.phrase}”：…{p.sentence[:80]}…（{'；'.join(p.reasons)}）" for p in places[:_LIMIT]]
    evidence = f"正文中有{len(places)}处嵌入了与上下文无关的“{'、'.join(phrases[:4])}”：" + "；".join(items)
    out.by_kind["spliced_spam"] = Finding(out.url, "integrity", "spliced_spam", HIGH, evidence,
                                          extra={"occurrences": len(places),
                                                 "places": [p.as_json() for p in places]})


def _redirects(out: _Collector, page: _Page, view: ParsedPage, profile: str = "browser",
               only_new: set[str] | None = None) -> set[str]:
    """Meta refresh and script redirects to foreign domains; returns the targets seen."""
    seen = set()
    base = view.url
    if view.refresh and page.redirect_foreign(view.refresh):
        seen.add(view.refresh)
        if only_new is None or view.refresh not in only_new:
            out.add("foreign_redirect", HIGH, f"meta refresh 跳转到外部域名 {host_of(view.refresh)}",
                    view.refresh, 'meta[http-equiv="refresh"]', profile)
    for source in view.scripts:
        bodies = [source] + [p for p in scripts.payloads(source) if "location" in p or "navigate" in p]
        for body in bodies:
            for redirect in script_redirects(body, base):
                target = redirect.target
                foreign = target is not None and page.redirect_foreign(target)
                if not foreign and not (redirect.conditioned and target is None):
                    continue
                key = target or redirect.snippet
                seen.add(key)
                if only_new is not None and key in only_new:
                    continue
                if redirect.conditioned:
                    reason = "仅对从搜索引擎进入的访问者或搜索引擎爬虫跳转（检查 document.referrer 或 User-Agent）"
                    reason += f"到外部域名 {host_of(target)}" if target else ""
                else:
                    reason = f"脚本跳转到外部域名 {host_of(target)}" if target else "脚本跳转到外部地址"
                out.add("foreign_redirect", HIGH, reason, redirect.snippet, None, profile)
    return seen


def _scripts(out: _Collector, page: _Page, view: ParsedPage) -> None:
    for source in view.scripts:
        tricks = scripts.obfuscation(source)
        if tricks:
            snippet = " ".join(source.split())[:100]
            out.add("obfuscated_script", MEDIUM, f"混淆脚本（{'、'.join(tricks)}）", snippet)
        if "write" not in source and "innerHTML" not in source and "insertAdjacentHTML" not in source and not tricks:
            continue
        html = scripts.written_html(source)
        if not html or "<" not in html:
            continue
        fragment = parse_html(view.url, html)
        _, reported = _hidden(out, page, fragment.tree, fragment.styles, view.url, "脚本写入的", point=False)
        _spam_links(out, page, fragment, reported, "脚本写入的", point=False)


def _http_redirect(out: _Collector, page: _Page, fetched: FetchedPage, browser: FetchedPage) -> None:
    final = fetched.final_url or ""
    if not final or not page.redirect_foreign(final) or (not fetched.ok and not fetched.redirects):
        return
    if page.redirect_foreign(fetched.url):
        return                                  # an external page checked as such
    if fetched is not browser and (browser.final_url or "") and host_of(browser.final_url) == host_of(final):
        return
    who = f"仅对{short_label(fetched.profile)}" if fetched is not browser else ""
    out.add("foreign_redirect", HIGH, f"{who}HTTP 跳转到外部域名 {host_of(final)}",
            " → ".join([fetched.url] + [loc for _, loc in fetched.redirects][:3] + [final])[:120],
            None, fetched.profile)


def check_page(pages: dict[str, FetchedPage], allowed_hosts: set[str], site_hosts: set[str],
               parsed: dict[str, ParsedPage] | None = None,
               linked_styles: Sequence[tuple[str, str]] = ()) -> list[Finding]:
    """All integrity findings of one URL. ``pages`` maps a profile to its fetch (``browser``
    required); ``parsed`` may pass the ParsedPage the caller already has for a profile;
    ``linked_styles`` the (URL, text) of the same-site stylesheets the page links (and @imports)."""
    browser = pages["browser"]
    out = _Collector(browser.url)
    parsed = parsed or {}
    views: dict[str, ParsedPage] = {}
    for profile, fetched in pages.items():
        if fetched is None or (profile != "browser" and fetched.text == browser.text and \
                (fetched.final_url or fetched.url) == (browser.final_url or browser.url)):
            continue                        # the same page for every profile: nothing to compare
        if fetched.text and fetched.is_html:
            views[profile] = parsed.get(profile) or parse_html(fetched.final_url or fetched.url, fetched.text)
    site = set(site_hosts) or {host_of(browser.url)}
    page = _Page(views.get("browser") or ParsedPage(browser.url), site, allowed_hosts)
    for fetched in pages.values():
        if fetched is not None:
            _http_redirect(out, page, fetched, browser)
    view = views.get("browser")
    browser_targets: set[str] = set()
    if view is not None:
        for label, selector, found in hijacked_fields(view):
            out.add("title_hijack", HIGH, f"{label}含{found.label()}", found.snippet, selector)
        styles: list[str | tuple[str, str]] = [*linked_styles, *view.styles]
        hidden_texts, reported = _hidden(out, page, view.tree, styles, view.url)
        hidden_texts += _spam_links(out, page, view, reported)     # judged already, not open text
        _scripts(out, page, view)
        for kind, reason, snippet, injected_at in injected.injected_scripts(view, page.foreign):
            out.add(kind, HIGH, reason, snippet, injected_at)
        for kind, severity, reason, snippet in stylesheets.findings("\n".join(view.styles), page.foreign, "页面的 <style> "):
            if kind == "spam_text":                  # @import and hiding in a page's own <style> are judged above
                out.add(kind, severity, reason, snippet, "style")
        browser_targets = _redirects(out, page, view)
        _open_text(out, view.text, hidden_texts)
    seen_words = None
    differences: dict[tuple[str, str], tuple[list[str], str | None]] = {}
    for profile, other in views.items():
        if profile == "browser":
            continue
        _redirects(out, page, other, profile, only_new=browser_targets)
        if view is None:
            continue
        if seen_words is None:
            seen_words = spam_words(view)
        for diff in compare(view, other, page.foreign, seen_words):
            who, _ = differences.setdefault((diff.reason, diff.snippet), ([], diff.selector))
            who.append(profile)
    for (reason, snippet), (who, where) in differences.items():
        names = "、".join(short_label(p) for p in who[:6]) + ("等" if len(who) > 6 else "")
        out.add("cloaking", HIGH, f"{names}看到的页面与普通浏览器不同：{reason}", snippet, where, who[0])
        cloaked = out.by_kind["cloaking"]
        cloaked.extra["identities"] = list(dict.fromkeys(cloaked.extra.get("identities", []) + who))
    return out.findings()
