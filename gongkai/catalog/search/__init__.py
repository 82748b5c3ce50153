"""Full-text search of published catalog items (全文检索).

The text rules (bigram tokens, query parsing, snippets, the relevance score) live in
:mod:`gongkai.domain.search_text`; this module keeps the index in the database and
answers queries. No search server: SQLite FTS5 in the embedded deployment, a
``tsvector('simple')`` column with a GIN index on PostgreSQL. Both are created by
migration ``0004_search_index``; only published items are in the index.

Layout: :mod:`.base` (the index row, filters, the engine interface), :mod:`.sqlite` and
:mod:`.postgres` (one engine each, with its tables), :mod:`.engines` (the engine of the
current connection), :mod:`.indexing` (index upkeep); this module answers queries and
ranks, the same way on every engine.

Neither table has a foreign key to ``catalog_item``: a cascade would let rows vanish
without the FTS row (SQLite) and would make Django's ``flush`` (TRUNCATE) fail.
Search results are re-read through the ORM (published only), so a stale row can
never show a deleted or withdrawn item.

Order of results
----------------
1. Items whose title (or 文号) contains the query come before items that contain it
   only in the body.
2. Within each of the two groups the newest :data:`RANK_WINDOW` matches are ordered
   by relevance (BM25 from :func:`~gongkai.domain.search_text.relevance`); older
   matches follow, newest first. A group with no more than RANK_WINDOW matches is
   therefore ranked entirely by relevance, which is the usual case for a county's
   catalog; for a word that is in tens of thousands of items, recent relevant items
   come first and the cost of a query stays bounded.
3. The total is counted up to :data:`COUNT_CAP`; beyond it the page says "more than".
4. ``sort=SORT_DATE`` (按日期) skips the ranking: all matches newest first.
5. Before all of that, a query that *is* a 索引号 or 文号 (in any of the spellings of
   :func:`gongkai.domain.identifiers.variants`) puts the items it names first, whether or
   not their text matches (the 索引号 is not in the text index at all). They are counted
   once and left out of the pages that follow.

What is indexed besides title, 文号 and body: the names of the item's 主题分类, 体裁 and
公开目录 categories (an item classed 民政、扶贫、救灾 is found by 扶贫). They are part of
the body column, so they never put an item in the title group, and they do not count for
the relevance score (which reads the item's own texts): an item that names the word
itself ranks above one that is only classed under it. Renaming a category re-indexes
its items (signal on Category).

These two bounds keep a query on SQLite at a few milliseconds on a million items:
every step reads at most about COUNT_CAP index entries plus one window of texts.
PostgreSQL cannot stop as early: a GIN lookup reads a word's whole posting list, and
a phrase is rechecked against each candidate's tsvector, so there common words and
long phrases cost more (``bench/search.py`` prints both). For a word the planner
expects in a large share of the items, the count reads the newest rows instead and
stops at the cap (:meth:`.postgres.PostgresEngine.count`); and the index table is partitioned
by quarter, each with its own GIN indexes, which counts and reads go through newest first, so a
common word's work is one quarter's posting list, not the catalog's.

Limits: the year filter is the year of the published date (of the written date if an
item has none). On PostgreSQL a tsvector keeps positions up to 16,383 and 256
positions per word, so in a very long body a phrase of three or more characters that
occurs only past that point can be missed (two-character words are always found);
SQLite FTS5 has no such limit.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from django.db import DatabaseError, connection
from django.db.models import Q

from gongkai.domain import identifiers
from gongkai.domain import search_text as st

from ..models import Item, ItemStatus
from .base import ALL, BODY_ONLY, TITLE, Filters
from .engines import corpus_size, current_engine
from .indexing import connect_signals, index_item, index_items, reindex_all, remove_item

__all__ = ["COUNT_CAP", "RANK_WINDOW", "SORTS", "SORT_DATE", "SORT_RELEVANCE", "Hit", "SearchPage",
           "connect_signals", "index_item", "index_items", "reindex_all", "remove_item", "search"]

log = logging.getLogger(__name__)

COUNT_CAP = 2_000         # matches counted exactly; more shows as "超过2000条" (100 pages of 20)
RANK_WINDOW = 200         # newest matches per group that are ranked by relevance
MAX_PER_PAGE = 100

MESSAGE_CAPPED = "找到超过{cap}条结果，请增加检索词或使用筛选条件缩小范围。"
MESSAGE_UNAVAILABLE = "检索服务暂时不可用，请稍后再试。"
MESSAGE_NO_INDEX = "当前数据库不支持全文检索。"

SORT_RELEVANCE, SORT_DATE = "relevance", "date"
SORTS = {SORT_RELEVANCE: "按相关度", SORT_DATE: "按日期"}
MAX_EXACT = 10            # items one identifier may name (a 文号 shared by a few items)


# ----------------------------------------------------------------------------- results

@dataclass
class Hit:
    item: Item
    title_html: str       # escaped title with <mark>…</mark>
    snippet_html: str     # escaped ~120 characters of the body with <mark>…</mark>
    rank: float           # relevance score; 0.0 for matches outside the ranked window
    exact: bool = False   # the query is this item's 索引号 or 文号


@dataclass
class SearchPage:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    message: str = ""     # Chinese text for the user (bad query, hint, relaxed search)
    total_capped: bool = False   # there are more than ``total`` matches
    sort: str = SORT_RELEVANCE

    @property
    def num_pages(self) -> int:
        return max(0, math.ceil(self.total / self.per_page)) if self.per_page else 0

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


# ----------------------------------------------------------------------------- search

def _idf(engine, query, filters, corpus_size) -> list[float]:
    """Weight of each term; all 1.0 for a one-term query, where it would not change the order.

    The document frequency is counted up to COUNT_CAP: terms rarer than that weigh
    more, all commoner ones weigh the same — enough to tell 低保 from 工作.
    """
    if len(query.terms) < 2:
        return [1.0] * len(query.terms)
    no_filters = Filters(None, None, None, None)
    weights = []
    for term in query.terms:
        single = st.Query(terms=[term])
        df = engine.count(single, no_filters, ALL, COUNT_CAP)
        weights.append(st.idf(df, max(corpus_size, df, COUNT_CAP)))
    return weights


def _texts(ids: list[int]) -> list[tuple]:
    """``(id, title, doc_number, body_text)`` rows; plain SQL, twice as fast as the ORM here."""
    if not ids:
        return []
    meta = Item._meta
    columns = ", ".join(connection.ops.quote_name(meta.get_field(f).column)
                        for f in ("id", "title", "doc_number", "body_text"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(meta.db_table)} "
                       f"WHERE {connection.ops.quote_name(meta.pk.column)} IN ({', '.join(['%s'] * len(ids))})",
                       list(ids))
        return cursor.fetchall()


def _ranked_window(engine, query, filters, kind, size, many, idf) -> list[tuple[int, float]]:
    """The newest ``min(size, RANK_WINDOW)`` matches of one group, best first."""
    ids = engine.newest(query, filters, kind, min(size, RANK_WINDOW), 0, many)
    texts = {r[0]: r[1:] for r in _texts(ids)}
    docs, kept = [], []
    for item_id in ids:
        if item_id in texts:
            title, doc_number, body = texts[item_id]
            docs.append((" ".join(filter(None, [title, doc_number])), body or ""))
            kept.append(item_id)
    scores = st.relevance(query, docs, idf)
    # ties keep the newest first: ids are in newest-first order and sorted() is stable
    order = sorted(range(len(kept)), key=lambda i: -scores[i])
    return [(kept[i], scores[i]) for i in order]


def _group_slice(engine, query, filters, kind, size, many, lo, hi, idf) -> list[tuple[int, float]]:
    """Rows ``lo:hi`` of one group (title matches or body-only matches) of ``size``
    visible rows; ``many``: the group has more matches than that."""
    if hi <= lo:
        return []
    window = min(size, RANK_WINDOW)
    out: list[tuple[int, float]] = []
    if lo < window:
        out = _ranked_window(engine, query, filters, kind, size, many, idf)[lo:min(hi, window)]
    if hi > window:
        start = max(lo, window)
        out += [(i, 0.0) for i in engine.newest(query, filters, kind, hi - start, start, many)]
    return out


def _run(engine, query, filters, lo, hi, sort=SORT_RELEVANCE):
    """Ids with scores of matches ``lo:hi``, the total (capped) and whether it was capped."""
    counted = engine.count(query, filters, ALL, COUNT_CAP + 1)
    if not counted:
        return [], 0, False
    capped = counted > COUNT_CAP
    total = min(counted, COUNT_CAP)
    hi = min(hi, total)
    if lo >= hi:
        return [], total, capped
    if sort == SORT_DATE:
        return [(i, 0.0) for i in engine.newest(query, filters, ALL, hi - lo, lo, capped)], total, capped
    in_title = min(engine.count(query, filters, TITLE, COUNT_CAP), total)
    idf = _idf(engine, query, filters, corpus_size(engine))
    rows = _group_slice(engine, query, filters, TITLE, in_title, in_title >= COUNT_CAP,
                        lo, min(hi, in_title), idf)
    # when the total is capped, the body-only group is as large as it likes
    rows += _group_slice(engine, query, filters, BODY_ONLY, total - in_title, capped,
                         max(lo, in_title) - in_title, hi - in_title, idf)
    return rows, total, capped


def _exact_ids(text: str, filters: Filters) -> list[int]:
    """Published items whose 索引号 or 文号 is ``text`` (as typed), newest first."""
    spellings = identifiers.variants(text)
    if not spellings:
        return []
    qs = Item.objects.filter(status=ItemStatus.PUBLISHED).filter(
        Q(index_no__in=spellings) | Q(doc_number__in=spellings))
    if filters.unit_ids is not None:
        qs = qs.filter(unit_id__in=filters.unit_ids)
    if filters.year:
        qs = qs.filter(Q(published_date__year=filters.year)
                       | Q(published_date__isnull=True, written_date__year=filters.year))
    if filters.genre_id:
        qs = qs.filter(genre_id=filters.genre_id)
    if filters.category_id:
        qs = qs.filter(pk__in=Item.categories.through.objects.filter(category_id=filters.category_id)
                       .values("item_id"))
    return list(qs.order_by("-published_date", "-pk").values_list("pk", flat=True)[:MAX_EXACT])


def _with_exact(engine, query, filters, exact, lo, hi, sort):
    """Rows ``lo:hi`` of "the exact items, then the other matches" and the total.

    The exact items that also match are left out of the matches, so each is counted and
    shown once. Where there are such items, the matches are read from the first one (where
    they are likely to be) to the end of the page, so that leaving them out shifts every
    page alike; reading ids is cheap next to the ranked window, which is read anyway.
    """
    also = engine.matching(query, filters, exact) if query is not None and exact else set()
    rows = [(i, 0.0) for i in exact[lo:hi]]
    m_lo, m_hi = max(0, lo - len(exact)), max(0, hi - len(exact))
    total, capped = 0, False
    if query is not None:
        if also:
            more, total, capped = _run(engine, query, filters, 0, m_hi + len(also), sort)
            rows += [r for r in more if r[0] not in also][m_lo:m_hi]
        else:
            more, total, capped = _run(engine, query, filters, m_lo, m_hi, sort)
            rows += more
    return rows, len(exact) + total - len(also), capped


def _hits(rows, query, exact=()) -> list[Hit]:
    ids = [item_id for item_id, _ in rows]
    # status is checked here, not in SQL: with "status = …" SQLite's planner may pick
    # the status index and scan every published item instead of the 20 primary keys
    by_id = {item.pk: item for item in Item.objects.filter(pk__in=ids).select_related("unit")}
    hits = []
    for item_id, score in rows:
        item = by_id.get(item_id)
        if item is None or item.status != ItemStatus.PUBLISHED:   # changed behind the index's back
            continue
        hits.append(Hit(item=item, title_html=st.highlight(item.title, query),
                        snippet_html=st.snippet(item.body_text, query), rank=round(score, 6),
                        exact=item_id in exact))
    return hits


def _int_or_none(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _positive_int(value, default):
    number = _int_or_none(value)
    return number if number and number > 0 else default


def search(query: str, *, unit_ids=None, year=None, category_id=None, genre_id=None, page=1,
           per_page=20, sort=SORT_RELEVANCE) -> SearchPage:
    """One page of published items matching ``query`` and the filters. Never raises on input.

    ``sort``: :data:`SORT_RELEVANCE` (default) or :data:`SORT_DATE` (newest first); an
    item whose 索引号 or 文号 is the query comes first either way."""
    text = query if isinstance(query, str) else ""
    page = _positive_int(page, 1)
    per_page = min(_positive_int(per_page, 20), MAX_PER_PAGE)
    sort = sort if sort in SORTS else SORT_RELEVANCE
    result = SearchPage(query=text.strip(), total=0, page=page, per_page=per_page, sort=sort)

    parsed = st.parse_query(text)
    result.message = parsed.message
    if unit_ids is not None:
        unit_ids = tuple(sorted({u for u in map(_int_or_none, unit_ids) if u is not None}))
        if not unit_ids:       # scoped to no unit at all: nothing can match
            return result
    filters = Filters(unit_ids, _int_or_none(year), _int_or_none(category_id), _int_or_none(genre_id))
    engine = current_engine()
    lo, hi = (page - 1) * per_page, page * per_page
    try:
        exact = _exact_ids(text, filters)
        if not exact and not parsed.ok:
            return result
        if not exact and not engine.available:
            result.message = MESSAGE_NO_INDEX
            return result
        words = parsed if parsed.ok and engine.available else None
        with engine.reading():
            rows, total, capped = _with_exact(engine, words, filters, exact, lo, hi, sort)
            if total == 0 and words is not None and (relaxed := st.relaxed_query(words)) is not None:
                rows, total, capped = _run(engine, relaxed, filters, lo, hi, sort)
                if total:
                    result.message = st.describe_relaxed(parsed, relaxed)
                    parsed = relaxed
            result.hits = _hits(rows, parsed, set(exact))
    except DatabaseError:
        log.exception("search failed for %r", text[:200])
        result.message = MESSAGE_UNAVAILABLE
        return result
    if exact and not parsed.ok:
        result.message = ""        # "no words to search for", yet the identifier named items
    result.total, result.total_capped = total, capped
    if capped and not result.message:
        result.message = MESSAGE_CAPPED.format(cap=COUNT_CAP)
    return result
