"""Freshness checks (栏目更新检查): stale and blank columns, a homepage not updated, undated items.

The lines are those of the 2019 inspection indicators (spec watch.md §0 point 1, §1.2): a site is
vetoed (单项否决) with 5 or more lapsed columns (动态要闻 not updated in 2 weeks, 通知公告/政策文件
in 6 months), 10 or more columns not updated, 5 or more blank columns (有栏目无内容), or a homepage
with no new item in 2 weeks. Early warnings come before them (§0 point 3): homepage 10 days, more
than 2 blank columns, more than 6 stale columns.

How a listing page is read: every link is placed in its *item* — the nearest ``li``/``tr``/``dd``/
``dt``, else its parent element when that holds no other link, else the run of text from the link
to the next link. Items inside the page chrome (header, navigation, footer, copyright, pagination,
friendly links) are skipped, so a footer's "©2019" or "更新日期 2019-03-01" never makes a column look
fresh. An item's date is read from its text outside the link (or the end of the link text): the
formats 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日, and a bracketed [11-20] whose year is
inferred as the latest year not putting it after today. Dates after today are ignored: a future
date must not hide a stale column. Items are grouped by their parent element (a *list*); a list
holding one dated item is a content list and its undated items are reported. On a column page with
no dated list at all, lists of title-like links (long anchor texts) are its items, all undated.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .. import clock

from .config import COLUMN_CLASSES, ColumnSpec
from .findings import HIGH, LOW, MEDIUM, Finding
from .page import ParsedPage

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = [
    "HOMEPAGE_VETO_DAYS",
    "HOMEPAGE_WARNING_DAYS",
    "LINES",
    "Item",
    "check_column",
    "check_homepage",
    "column_dates",
    "column_items",
    "summary",
]

HOMEPAGE_VETO_DAYS = 14       # 首页超过两周未更新即单项否决
HOMEPAGE_WARNING_DAYS = 10    # early warning (开普云: 首页超过10天未更新)

# (key, Chinese label, veto limit: count >= limit, early warning: count >= warning)
LINES = (
    ("lapsed_columns", "动态要闻两周、通知公告/政策文件六个月未更新的栏目", 5, 3),
    ("stale_columns", "应更新而未更新的栏目", 10, 7),
    ("blank_columns", "空白栏目（有栏目无内容）", 5, 3),
    ("homepage_stale", "首页未更新天数", HOMEPAGE_VETO_DAYS + 1, HOMEPAGE_WARNING_DAYS + 1),
)
_LAPSE_CLASSES = {"news", "notice", "policy"}

_ITEM_TAGS = frozenset({"li", "tr", "dd", "dt"})
_CHROME_TAGS = frozenset({"header", "nav", "footer", "aside", "select", "option", "form"})
# class / id tokens of template regions that are not content lists
_CHROME_TOKENS = frozenset({
    "foot", "footer", "copyright", "copy", "bottom", "header", "head", "nav", "navbar", "navigation",
    "menu", "mainnav", "subnav", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "position", "location",
    "dqwz", "page", "pages", "paging", "pagination", "pager", "fenye", "pagebar", "share", "friend",
    "friendlink", "friendlinks", "yqlj", "links", "sitemap", "toolbar", "topbar",
})
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_CHROME_TEXT = re.compile(r"©|版权所有|[Cc]opyright|ICP备|公网安备|网站标识码|技术支持|主办单位|承办单位|今天是")
_PAGER_TEXT = re.compile(r"^(?:首页|上一页|下一页|上页|下页|尾页|末页|前页|后页|更多|更多>+|more|[0-9]+|[<>«»]+|跳转|GO|go)$")

_FULL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:(?P<sep>[-/.])\s*(\d{1,2})\s*(?P=sep)\s*(\d{1,2})(?!\d)"
    r"|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)")
_SHORT_DATE = re.compile(r"[\[【(（]\s*(\d{1,2})[-/.月](\d{1,2})日?\s*[\]】)）]")
_BARE_SHORT_DATE = re.compile(r"^\s*(\d{1,2})[-/](\d{1,2})\s*$")
_TITLE_LIKE = 8               # an anchor text this long reads as an item title, not a menu label


@dataclass(frozen=True)
class Item:
    """One entry of a listing: its link, title and date (None when undated)."""

    href: str
    title: str
    date: dt.date | None
    list_id: int


def _tokens(node: LexborNode) -> set[str]:
    attrs = node.attributes
    raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return set(_TOKEN_SPLIT.split(raw)) - {""}


def _in_chrome(node: LexborNode | None) -> bool:
    while node is not None and node.tag not in ("body", "html", "-document"):
        if node.tag in _CHROME_TAGS or _tokens(node) & _CHROME_TOKENS:
            return True
        node = node.parent
    return False


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, today: dt.date) -> dt.date | None:
    """[11-20] on a listing: the latest such day that is not after today."""
    for year in (today.year, today.year - 1):
        date = _valid(year, month, day)
        if date is not None and date <= today:
            return date
    return _valid(today.year - 1, month, day)


def _dates_in(text: str, today: dt.date) -> list[dt.date]:
    found = []
    for m in _FULL_DATE.finditer(text):
        year = int(m.group(1))
        month, day = (m.group(3), m.group(4)) if m.group("sep") else (m.group(5), m.group(6))
        date = _valid(year, int(month), int(day))
        if date is not None:
            found.append(date)
    for m in _SHORT_DATE.finditer(text):
        date = _infer_year(int(m.group(1)), int(m.group(2)), today)
        if date is not None:
            found.append(date)
    if not found:
        bare = _BARE_SHORT_DATE.match(text)
        if bare:
            date = _infer_year(int(bare.group(1)), int(bare.group(2)), today)
            if date is not None:
                found.append(date)
    # a date after today (plus a day for time zones) is a typo or a faked date: it never counts
    return [d for d in found if d <= today + dt.timedelta(days=1) and d.year >= 1990]


def _item_date(anchor_text: str, other_text: str, today: dt.date) -> dt.date | None:
    dates = _dates_in(other_text, today)
    if not dates:
        # "标题（2026-11-20）": a date closing the link text; one inside a title
        # ("关于2026年1月1日起施行……") is not the item's date
        tail = anchor_text[-16:]
        dates = [d for d in _dates_in(tail, today) if re.search(r"[\d日\]】)）]\s*$", tail)]
        dates = dates[-1:]
    return max(dates) if dates else None


def _text(node: LexborNode) -> str:
    return re.sub(r"\s+", " ", node.text(deep=True, separator=" ")).strip()


def _run_after(anchor: LexborNode) -> str:
    """The text from a link to the next link among its siblings (``<a>…</a> 2026-11-20<br>``)."""
    parts = []
    node = anchor.next
    while node is not None:
        if node.tag == "a" or (node.is_element_node and node.css_first("a")):
            break
        parts.append(node.text(deep=True, separator=" ") if node.tag != "-text" else (node.text_content or ""))
        node = node.next
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def column_items(parsed: ParsedPage, today: dt.date | None = None, *, homepage: bool = False) -> list[Item]:
    """The content items of a listing page (column page or homepage), with their dates."""
    today = today or clock.today()
    tree = parsed.tree
    if tree is None:
        return []
    seen: set[int] = set()
    raw: list[tuple[int, Item, int]] = []        # (list id, item, anchor length)
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        title = _text(anchor)
        if not href or href.startswith(("javascript:", "mailto:")) or not title or _PAGER_TEXT.match(title):
            continue
        if _in_chrome(anchor):
            continue
        container, other = None, ""
        node, depth = anchor.parent, 0
        while node is not None and depth < 5 and node.tag not in ("body", "html", "ul", "ol", "table", "tbody", "dl"):
            if node.tag in _ITEM_TAGS:
                container = node
                break
            node, depth = node.parent, depth + 1
        if container is None:
            parent = anchor.parent
            if parent is not None and parent.tag not in ("body", "html") and len(parent.css("a[href]")) == 1:
                container = parent
        if container is not None:
            if container.mem_id in seen:
                continue
            seen.add(container.mem_id)
            full = _text(container)
            other = full.replace(title, " ", 1)
            list_node = container.parent
        else:
            other = _run_after(anchor)
            full = f"{title} {other}"
            list_node = anchor.parent
        if _CHROME_TEXT.search(full):
            continue
        list_id = list_node.mem_id if list_node is not None else 0
        raw.append((list_id, Item(href, title, _item_date(title, other, today), list_id), len(title)))
    dated_lists = {lid for lid, item, _ in raw if item.date is not None}
    if dated_lists or homepage:
        return [item for lid, item, _ in raw if lid in dated_lists]
    # no dated list: lists of two or more title-like links are the column's (undated) items
    by_list: dict[int, list[tuple[Item, int]]] = {}
    for lid, item, length in raw:
        by_list.setdefault(lid, []).append((item, length))
    items = []
    for entries in by_list.values():
        titles = [length for _, length in entries if length >= _TITLE_LIKE]
        if len(titles) >= max(1, len(entries) // 2) and (len(entries) >= 2 or len(titles) == len(entries)):
            items += [item for item, length in entries if length >= _TITLE_LIKE]
    return items


def column_dates(parsed: ParsedPage, today: dt.date | None = None) -> list[dt.date]:
    """Dates of the items on a column listing page, newest first (footer and copyright ignored)."""
    return sorted((i.date for i in column_items(parsed, today) if i.date is not None), reverse=True)


def check_column(column: ColumnSpec, parsed: ParsedPage | None, today: dt.date) -> list[Finding]:
    """column_blank, column_stale and undated_item findings for one column (栏目).

    ``parsed`` None means the listing page could not be opened (404, no response): the column
    counts as blank, as an inspector would count it."""
    label = COLUMN_CLASSES.get(column.klass, (column.klass, None))[0]
    extra = {"column": column.name, "column_class": column.klass}
    if parsed is None:
        return [Finding(column.url, "freshness", "column_blank", HIGH,
                        f"栏目「{column.name}」的页面无法打开，按空白栏目计", extra=extra)]
    items = column_items(parsed, today)
    if not items:
        return [Finding(column.url, "freshness", "column_blank", HIGH,
                        f"栏目「{column.name}」没有任何信息条目（空白栏目）", extra=extra)]
    findings = []
    dated = [i.date for i in items if i.date is not None]
    undated = len(items) - len(dated)
    max_age = column.max_age
    if max_age is not None:
        limit = {**extra, "max_age_days": max_age}
        if not dated:
            findings.append(Finding(column.url, "freshness", "column_stale", MEDIUM,
                                    f"栏目「{column.name}」的{len(items)}条信息均未标注发布日期，"
                                    f"无法证明{max_age}天内有更新（{label}）", extra={**limit, "newest": None}))
        else:
            newest = max(dated)
            age = (today - newest).days
            if age > max_age:
                findings.append(Finding(column.url, "freshness", "column_stale", MEDIUM,
                                        f"栏目「{column.name}」最新信息日期为{newest.isoformat()}，已{age}天未更新，"
                                        f"超过{label}栏目{max_age}天的更新期限",
                                        extra={**limit, "newest": newest.isoformat(), "age_days": age}))
    if undated:
        findings.append(Finding(column.url, "freshness", "undated_item", LOW,
                                f"栏目「{column.name}」有{undated}条信息未标注发布日期",
                                extra={**extra, "count": undated}))
    return findings


def check_homepage(parsed: ParsedPage, today: dt.date,
                   previous_newest: dt.date | None = None) -> list[Finding]:
    """homepage_stale when the newest dated homepage item is more than 14 days old (veto line,
    high) or more than 10 days old (early warning, medium); undated_item for homepage list items
    without a date.

    ``previous_newest`` is the newest date seen by an earlier check; it is used only when this
    page shows no dated item at all (a navigation-only homepage), so that the age keeps counting
    from the last known update instead of being unknown."""
    items = column_items(parsed, today, homepage=True)
    dated = [i.date for i in items if i.date is not None]
    findings = []
    newest = max(dated) if dated else previous_newest
    if newest is None:
        findings.append(Finding(parsed.url, "freshness", "homepage_stale", HIGH,
                                "首页没有任何带发布日期的信息，按未更新计（单项否决线：两周）",
                                extra={"newest": None, "age_days": None}))
    else:
        age = (today - newest).days
        if age > HOMEPAGE_WARNING_DAYS:
            veto = age > HOMEPAGE_VETO_DAYS
            line = "已超过两周，达到单项否决线" if veto else f"已超过{HOMEPAGE_WARNING_DAYS}天预警线（否决线两周）"
            findings.append(Finding(parsed.url, "freshness", "homepage_stale", HIGH if veto else MEDIUM,
                                    f"首页最新信息日期为{newest.isoformat()}，已{age}天未更新，{line}",
                                    extra={"newest": newest.isoformat(), "age_days": age}))
    undated = len(items) - len(dated)
    if undated:
        findings.append(Finding(parsed.url, "freshness", "undated_item", LOW,
                                f"首页有{undated}条信息未标注发布日期", extra={"count": undated}))
    return findings


def _state(count: int, limit: int, warning: int) -> str:
    return "veto" if count >= limit else "warning" if count >= warning else "ok"


def summary(findings: Iterable[Finding], columns: Iterable[ColumnSpec]) -> dict[str, Any]:
    """Status against each 单项否决 line and its early-warning line, for dashboards.

    Returns {"lines": [{"line", "label", "count", "limit", "warning", "state"}, …]} plus each row
    under its own key. ``limit`` is the veto line (count >= limit is a veto), ``warning`` the
    early-warning line (count >= warning): more than 2 blank columns, more than 6 stale columns,
    homepage older than 10 days; for lapsed columns, whose source gives no warning line, 3 of 5 is
    our choice, as for blank columns. The homepage row counts days without an update."""
    klass = {c.url: c.klass for c in columns}
    stale, blank, lapsed = set(), set(), set()
    homepage_days = 0
    for f in findings:
        if f.category != "freshness":
            continue
        if f.kind == "column_blank":
            blank.add(f.url)
        elif f.kind == "column_stale":
            stale.add(f.url)
            if klass.get(f.url, f.extra.get("column_class")) in _LAPSE_CLASSES:
                lapsed.add(f.url)
        elif f.kind == "homepage_stale":
            days = f.extra.get("age_days")
            homepage_days = max(homepage_days, HOMEPAGE_VETO_DAYS + 1 if days is None else days)
    counts = {"lapsed_columns": len(lapsed), "stale_columns": len(stale),
              "blank_columns": len(blank), "homepage_stale": homepage_days}
    rows: list[dict[str, Any]] = [
        {"line": key, "label": label, "count": counts[key], "limit": limit, "warning": warning,
         "state": _state(counts[key], limit, warning)} for key, label, limit, warning in LINES]
    return {"lines": rows, **{row["line"]: row for row in rows}}
