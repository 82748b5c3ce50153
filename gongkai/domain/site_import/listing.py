"""Reading a column's list pages (栏目列表页): which links are its items, which are its other pages.

- ``classify(html, url)``: "detail" (a metadata table or the CMS's article ``<meta>`` tags),
  "list" (a run of item links or paging), else "other".
- ``list_links(html, url)``: (detail URLs, other list pages). Items are the largest group of
  same-site links sharing one URL shape (digits ignored) whose texts read like titles; the
  navigation (other columns, shaped like this page) is left out; the rows Hanweb's ``jpage`` lists
  keep in ``<script type="text/xml"><datastore>`` count as links of the page. Paging: 下一页/尾页 and numbered
  links next to this page, and the ``createPageHTML(count, current, "index", "html")`` script
  TRS/Hanweb templates emit — the page count is read from the script text (a literal or a
  ``var countPage = N`` in the same page); no script is ever run.
- Hanweb's ``jpage`` pager (``jpage_pages``): the list page holds only the first group of rows; the
  others come from ``/module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=P`` with the
  column's parameters (col, appid, webid, path, columnid, sourceContentType, unitid, webname,
  permissiontype) the page's script passes (``$('#id').jpage({proxyUrl:…, perPage:…, groupSize:…,
  totalRecord:…, ajaxParam:{…}})``, ``var param_ID = {…}``, the ``<nextgroup>`` link). Those
  requests are built as GET URLs, one per group of ``perPage × groupSize`` rows after the rows the
  page already holds; each answer is itself a ``<datastore>`` list (its ``<totalrecord>`` ends the
  chain when the page did not say it).

Bounded like ``detail``: the input is cut at ``MAX_HTML_CHARS``, at most ``MAX_LINKS`` links and
``MAX_SCRIPT_PAGES`` script pages (from at most ``MAX_SCRIPT_CALLS`` calls) are considered."""
from __future__ import annotations

import datetime
import posixpath
import re
from collections import defaultdict
from typing import Literal
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from .detail import (MAX_HTML_CHARS, _Budget, _body_node, _ext, _label_pairs, _meta_values, _squash, bounded_html,
                     field_values, parse_date)
from .records import Attachment

__all__ = ["MAX_LINKS", "MAX_SCRIPT_PAGES", "classify", "file_items", "is_jpage_request", "jpage_pages", "list_links",
           "script_pages"]

MAX_LINKS = 5000
MAX_SCRIPT_PAGES = 2000
MAX_SCRIPT_CALLS = 10
MIN_TITLE_CHARS = 4

_NEXT_TEXTS = {"下一页", "下页", "后页", "下一頁", "next", "next page", ">", ">>", "›", "»", "下一页>", "下一页>>",
               "尾页", "末页", "最后一页", "last"}
_SKIP_TEXTS = {"首页", "上一页", "上页", "前页", "返回", "更多", "more", "打印", "关闭", "返回顶部"}
_DIGITS = re.compile(r"\d+")
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^()]{0,400})\)", re.I)
_ARG = re.compile(r"""\s*(?:(?P<num>-?\d+)|["'](?P<str>[^"']{0,100})["']|(?P<name>[A-Za-z_$][\w$]{0,60}))\s*""")
_PAGE_NUMBER = re.compile(r"^\[?\s*(\d{1,4})\s*\]?$")
_DETAIL_FIELDS = ("index_number", "doc_number", "publisher", "written_on", "published_on", "topic", "genre",
                  "validity")


def _absolute(href: str, base: str) -> str:
    try:
        url = urldefrag(urljoin(base, href.strip()))[0]
    except ValueError:
        return ""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _shape(url: str) -> str:
    """The URL with its digits blurred: item links of one column share it."""
    parts = urlsplit(url)
    query = "?" + _DIGITS.sub("0", parts.query) if parts.query else ""
    return _DIGITS.sub("0", parts.path) + query


def _directory(url: str) -> str:
    return posixpath.dirname(urlsplit(url).path)


_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)


def _records(html: str) -> list[str]:
    """The rows of Hanweb ``jpage`` datastores in the text: inside ``<script type="text/xml">`` on a
    list page, or the whole answer of ``dataproxy.jsp``."""
    if "<datastore" not in html[:MAX_HTML_CHARS].lower():
        return []
    return [m.group(1) for m in _RECORD.finditer(html[:MAX_HTML_CHARS])][:MAX_LINKS]


def _datastore(html: str) -> LexborHTMLParser | None:
    """The item rows Hanweb's ``jpage`` lists carry inside ``<script type="text/xml"><datastore>``
    (``<record><![CDATA[<li><a href=…>…</a></li>]]></record>``), as HTML of their own."""
    rows = _records(html)
    return LexborHTMLParser(bounded_html("".join(rows))[0]) if rows else None


_JPAGE_PROXY = re.compile(r"""proxyUrl\s*:\s*["']([^"'\s]{1,300})["']""", re.I)
_JPAGE_NUMBER = r"""(?<![\w$]){name}\s*:\s*["']?(\d{{1,9}})["']?"""
_JPAGE_PARAMS = re.compile(r"""(?:ajaxParam\s*:|(?<![\w$])param_\w{1,40}\s*=)\s*\{([^{}]{0,2000})\}""", re.I)
_JPAGE_PAIR = re.compile(r"""\s*["']?([A-Za-z_]\w{0,40})["']?\s*:\s*(?:"([^"]{0,300})"|'([^']{0,300})'|(-?[\w.]{1,60}))\s*""")
_NEXTGROUP = re.compile(r"""<nextgroup>\s*<!\[CDATA\[.*?href\s*=\s*["']([^"']{1,2000})["']""", re.S | re.I)
_TOTAL_RECORD = re.compile(r"<totalrecord>\s*(\d{1,9})\s*</totalrecord>", re.I)
_PAGER_KEYS = {"startrecord", "endrecord", "perpage", "page"}
JPAGE_PROXY = "/module/web/jpage/dataproxy.jsp"
JPAGE_PER_PAGE = 15                   # jpage's defaults when the page does not say
JPAGE_GROUP_SIZE = 3


def is_jpage_request(url: str) -> bool:
    """A request to Hanweb's jpage proxy (its answer is XML, ``text/xml``, not a web page)."""
    return urlsplit(url).path.lower().endswith("/dataproxy.jsp")


def _jpage_number(name: str, text: str) -> int | None:
    found = re.search(_JPAGE_NUMBER.format(name=name), text, re.I)
    return int(found.group(1)) if found else None


def jpage_pages(html: str, url: str) -> list[str]:
    """The ``dataproxy.jsp`` requests that give the rows of a Hanweb ``jpage`` list beyond the ones
    this page holds (GET URLs, in record order). ``url`` may be a list page or one such answer."""
    text = html[:MAX_HTML_CHARS]
    here = urlsplit(url)
    own = dict(parse_qsl(here.query, keep_blank_values=True)) if is_jpage_request(url) else {}
    scripts = "\n".join(m.group(1) for m in re.finditer(r"<script\b[^>]*>(.*?)</script>", text, re.S | re.I)
                        if "jpage" in m.group(1).lower() or "param_" in m.group(1))
    group = _NEXTGROUP.search(text)
    if not own and not group and "jpage" not in scripts.lower():
        return []
    proxy = ""
    params: dict[str, str] = {}                 # what the script passes (jpage's ajaxParam), in its order
    for block in _JPAGE_PARAMS.finditer(scripts):
        for pair in block.group(1).split(","):
            found = _JPAGE_PAIR.fullmatch(pair)
            if found is not None:
                params[found.group(1)] = next(v for v in found.groups()[1:] if v is not None)
    if group is not None:                       # the <nextgroup> link fills in what the script left out
        href = group.group(1).replace("&amp;", "&")
        proxy = _absolute(href, url)
        for key, value in parse_qsl(urlsplit(href).query, keep_blank_values=True):
            if key.lower() not in _PAGER_KEYS and key not in params:
                params[key] = value
    named = _JPAGE_PROXY.search(scripts)
    if named is not None:
        proxy = _absolute(named.group(1), url)
    if own:
        proxy = urlsplit(url)._replace(query="", fragment="").geturl()
        params = {k: v for k, v in own.items() if k.lower() not in _PAGER_KEYS}
    if not proxy:
        proxy = _absolute(JPAGE_PROXY, url)
    proxy = urlsplit(proxy)._replace(query="", fragment="").geturl()
    if not proxy or _host(proxy) != _host(url) or "columnid" not in {k.lower() for k in params}:
        return []
    per_page = _jpage_number("perPage", scripts) or _int(own.get("perpage")) or JPAGE_PER_PAGE
    step = max(1, min(per_page * (_jpage_number("groupSize", scripts) or JPAGE_GROUP_SIZE), 1000))
    total_found = _jpage_number("totalRecord", scripts)
    if total_found is None:
        answer_total = _TOTAL_RECORD.search(text)
        total_found = int(answer_total.group(1)) if answer_total else None
    held = len(_records(text))
    start = (_int(own.get("endrecord")) or 0) + 1 if own else held + 1
    if total_found is None:                   # not said: one more group, and only after a full one
        if held < (step if own else 1):
            return []
        total = start + step - 1
    else:
        total = total_found
    pages: list[str] = []
    for first in range(start, total + 1, step):
        if len(pages) >= MAX_SCRIPT_PAGES:
            break
        query = {"startrecord": str(first), "endrecord": str(min(first + step - 1, total)), "perpage": str(per_page)}
        pages.append(proxy + "?" + urlencode({**query, **params}))
    return pages


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() and len(value) < 10 else None


def _links(tree: LexborHTMLParser, html: str, url: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    records = _datastore(html)
    anchors = tree.css("a[href]")[:MAX_LINKS]
    if records is not None:
        anchors += records.css("a[href]")[:MAX_LINKS]
    for link in anchors[:2 * MAX_LINKS]:
        href = (link.attributes.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        absolute = _absolute(href, url)
        if absolute:
            text = _squash(link.text(deep=True)) or _squash(link.attributes.get("title") or "")
            found.append((absolute, text))
    return found


def script_pages(script: str, url: str) -> list[str]:
    """The pages a ``createPageHTML(count, current, name, ext)`` call would link to (other than the
    current one), read from the text: literal arguments, or variables assigned a number/string in it."""
    pages: list[str] = []
    known: set[str] = set()
    for n, call in enumerate(_CREATE_PAGE.finditer(script[:MAX_HTML_CHARS])):
        if n >= MAX_SCRIPT_CALLS or len(pages) >= MAX_SCRIPT_PAGES:
            break
        values: list[int | str] = []
        for raw in call.group(1).split(",")[:8]:
            arg = _ARG.fullmatch(raw)
            if arg is None:
                values.append("")
            elif arg["num"] is not None:
                values.append(int(arg["num"]))
            elif arg["str"] is not None:
                values.append(arg["str"])
            else:
                assigned = re.search(rf"(?<![\w$.]){re.escape(arg['name'])}\s*=\s*(?:(-?\d+)|[\"']([^\"']{{0,100}})[\"'])",
                                     script)
                values.append("" if assigned is None else
                              int(assigned.group(1)) if assigned.group(1) else assigned.group(2))
        while values and not isinstance(values[0], int):
            values.pop(0)                        # an element id first: createPageHTML('page_div', 10, …)
        if len(values) < 2 or not isinstance(values[0], int) or not isinstance(values[1], int):
            continue
        count, current = min(values[0], MAX_SCRIPT_PAGES), values[1]
        name = values[2] if len(values) > 2 and isinstance(values[2], str) and values[2] else "index"
        ext = values[3] if len(values) > 3 and isinstance(values[3], str) and values[3] else "html"
        if not re.fullmatch(r"[\w.\-]{1,60}", name) or not re.fullmatch(r"[A-Za-z]{1,6}", ext):
            continue
        for number in range(max(0, count)):
            if number == current:
                continue
            page = f"{name}.{ext}" if number == 0 else f"{name}_{number}.{ext}"
            absolute = _absolute(page, url)
            if absolute and absolute not in known and len(pages) < MAX_SCRIPT_PAGES:
                known.add(absolute)
                pages.append(absolute)
    return pages


def _paging(tree: LexborHTMLParser, html: str, url: str, links: list[tuple[str, str]]) -> list[str]:
    here = urlsplit(url)
    out: list[str] = []
    known: set[str] = set()
    for href, text in links:
        if href == url or _host(href) != (here.hostname or "").lower():
            continue
        low = text.lower()
        same_place = _directory(href) == _directory(url) or urlsplit(href).path == here.path
        numbered = bool(_PAGE_NUMBER.match(text)) and same_place
        if (low in _NEXT_TEXTS or numbered) and href not in known:
            known.add(href)
            out.append(href)
    for script in tree.css("script")[:200]:
        source = script.text(deep=True) or ""
        if "createpagehtml" in source.lower():
            for page in script_pages(source, url):
                if page not in known and page != url:
                    known.add(page)
                    out.append(page)
    for page in jpage_pages(html, url):
        if page not in known and page != url:
            known.add(page)
            out.append(page)
    return out


def _items(links: list[tuple[str, str]], url: str, paging: list[str]) -> list[str]:
    host = _host(url)
    own = {_shape(url), *(_shape(p) for p in paging)}
    paged = set(paging)
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for href, text in links:
        if _host(href) != host or _ext(href) or href == url or href in paged:
            continue
        if text.lower() in _NEXT_TEXTS or text in _SKIP_TEXTS or _PAGE_NUMBER.match(text):
            continue
        shape = _shape(href)
        if shape in own or urlsplit(href).path in ("", "/"):
            continue
        groups[shape].append((href, text))
    best: list[str] = []
    best_score = 0
    for members in groups.values():
        titles = [t for _, t in members if len(t) >= MIN_TITLE_CHARS]
        if not titles or sum(map(len, titles)) / len(titles) < 6:
            continue
        score = sum(len(t) for t in titles)
        if score > best_score:
            urls = list(dict.fromkeys(h for h, t in members if len(t) >= MIN_TITLE_CHARS))
            best, best_score = urls, score
    return best


def _cut(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(bounded_html(html)[0])


def list_links(html: str, url: str) -> tuple[list[str], list[str]]:
    """(detail URLs, next list page URLs) of a list page, in page order, without repeats."""
    tree = _cut(html)
    links = _links(tree, html, url)
    paging = _paging(tree, html, url, links)
    return _items(links, url, paging), paging


def classify(html: str, url: str) -> Literal["list", "detail", "other"]:
    """What kind of page this is for the importer."""
    tree = _cut(html)
    budget = _Budget()
    body = _body_node(tree, budget)
    skip = {n.mem_id for n in body.traverse(include_text=True) if n.tag == "-text"} if body is not None else set()
    values = field_values(_label_pairs(tree.root, skip, budget)) if tree.root is not None else {}
    meta = _meta_values(tree)
    detail_score = sum(1 for f in _DETAIL_FIELDS if values.get(f)) + (2 if "title" in meta else 0)
    if detail_score >= 3:
        return "detail"
    links = _links(tree, html, url)
    paging = _paging(tree, html, url, links)
    items = _items(links, url, paging)
    if len(items) >= 2 or (paging and items) or (items and _records(html)):
        return "list"
    if detail_score >= 1 and body is not None:
        return "detail"
    return "other"


_ROWS = {"li", "tr", "dd", "dt", "p"}


def file_items(html: str, url: str) -> list[tuple[Attachment, datetime.date | None]]:
    """Items of a list page that are a file themselves (the row links straight to a PDF/DOC …): the
    file, named by the link text, and the date the row shows (None when it shows none)."""
    tree = _cut(html)
    host = _host(url)
    out: list[tuple[Attachment, datetime.date | None]] = []
    seen: set[str] = set()
    for link in tree.css("a[href]")[:MAX_LINKS]:
        href = _absolute(link.attributes.get("href") or "", url)
        text = _squash(link.text(deep=True)) or _squash(link.attributes.get("title") or "")
        if not href or href in seen or _host(href) != host or not _ext(href) or len(text) < MIN_TITLE_CHARS + 2:
            continue
        row = link.parent
        while row is not None and row.tag not in _ROWS:
            row = row.parent
        if row is None or len(row.css("a[href]")) != 1:
            continue                      # a file among other links: an attachment of something else
        seen.add(href)
        out.append((Attachment(href, text[:200]), parse_date(_squash(row.text(deep=True, separator=" ")))))
    return out
