"""Full-text search of published catalog items (全文检索).

The text rules (bigram tokens, query parsing, snippets, the relevance score) live in
:mod:`gongkai.domain.search_text`; this module keeps the index in the database and
answers queries. No search server: SQLite FTS5 in the embedded deployment, a
``tsvector('simple')`` column with a GIN index on PostgreSQL. Both are created by
migration ``0004_search_index``; only published items are in the index.

Tables
------
SQLite
    ``catalog_item_fts``, FTS5 with the tokenizer ``ascii`` (it keeps every non-ASCII
    character inside a token, so our space-separated tokens pass through unchanged).
    Columns: ``title`` (title and 文号) and ``body`` as text tokens; ``title_marked``,
    the title again as ``§``-prefixed tokens, so "the title contains the query" is a
    lookup of its own instead of a column test on every hit of a common word; and
    ``facets``, ``¶``-prefixed unit/year/genre/category tokens, so filters are part of
    the same index lookup (a year filter is a range of rowids instead, see below). The
    three kinds of token never collide, hence no column filters in queries. The rowid
    is the *sort key* ``published day << 32 | item id``: the index is in "newest
    first" order and FTS5 returns the newest matches without looking at the others.
    ``catalog_item_search`` maps item id → sort key, to find an item's row again.
PostgreSQL
    ``catalog_item_search``: item id, sort key and three ``tsvector('simple')`` columns
    built with ``to_tsvector`` from the same tokens: ``document`` (title, 文号 and
    body), ``title_vector`` and ``facets`` (``u12 y2024 g5 c31``). GIN indexes on
    ``(document, facets)`` and ``(title_vector, facets)``, so a query and its filters
    are one index scan; a b-tree on the sort key for the newest matches of common words.
    Searches run with ``enable_seqscan`` off (see :meth:`_PostgresEngine.reading`).

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
long phrases cost more (``bench/search.py`` prints both).

Limits: the year filter is the year of the published date (of the written date if an
item has none). On PostgreSQL a tsvector keeps positions up to 16,383 and 256
positions per word, so in a very long body a phrase of three or more characters that
occurs only past that point can be missed (two-character words are always found);
SQLite FTS5 has no such limit.

Keeping the index current
-------------------------
The catalog services call :func:`index_item` after publish, withdraw and edit, and
:func:`remove_item` on delete. :func:`connect_signals` (to be called from
``CatalogConfig.ready()``) also indexes on ``post_save``/``post_delete`` of Item and
on changes of its categories (m2m), so admin edits and scripts are covered as well.
:func:`reindex_all` rebuilds everything (``gongkai`` CLI, after an upgrade of the
token rules, in the benchmark).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import math
import time
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from gongkai.domain import identifiers
from gongkai.domain import search_text as st

from .models import Category, Item, ItemStatus

log = logging.getLogger(__name__)

COUNT_CAP = 2_000         # matches counted exactly; more shows as "超过2000条" (100 pages of 20)
RANK_WINDOW = 200         # newest matches per group that are ranked by relevance
MAX_PER_PAGE = 100

FTS_TABLE = "catalog_item_fts"
DOC_TABLE = "catalog_item_search"
# Markers of FTS5 tokens that are not text: the text tokenizer never emits these
# characters, and the FTS5 'ascii' tokenizer keeps them inside a token.
TITLE_MARK = "§"      # §扶贫: the bigram 扶贫 in the title (the title is indexed twice)
FACET_MARK = "¶"      # ¶u12 ¶y2024 ¶g5 ¶c31: unit, year, genre, category

MESSAGE_CAPPED = "找到超过{cap}条结果，请增加检索词或使用筛选条件缩小范围。"
MESSAGE_UNAVAILABLE = "检索服务暂时不可用，请稍后再试。"
MESSAGE_NO_INDEX = "当前数据库不支持全文检索。"

_TITLE, _BODY_ONLY, _ALL = "title", "body_only", "all"

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


# ----------------------------------------------------------------------- index rows

@dataclass(frozen=True)
class _Doc:
    """What the index holds for one published item."""

    item_id: int
    sort_key: int
    unit_id: int
    year: int | None      # of the sort day
    genre_id: int | None
    category_ids: tuple[int, ...]
    title: str            # title and 文号, original text
    body: str

    @property
    def facets(self) -> list[str]:
        return _facet_tokens(self.unit_id, self.year, self.genre_id, self.category_ids)


def _sort_key(item_id: int, day) -> int:
    """Newest first as one integer: FTS5 iterates rowids in order and can stop early."""
    if not 0 < item_id < 2 ** 32:
        raise ValueError(f"item id out of range for the search index: {item_id}")
    return ((day.toordinal() if day else 0) << 32) | item_id


def _item_id(sort_key: int) -> int:
    return sort_key & 0xFFFFFFFF


def _facet_tokens(unit_id, year, genre_id, category_ids=()):
    tokens = [f"u{unit_id}"]
    if year:
        tokens.append(f"y{year}")
    if genre_id:
        tokens.append(f"g{genre_id}")
    tokens.extend(f"c{c}" for c in category_ids)
    return tokens


_DOC_FIELDS = ("id", "title", "doc_number", "body_text", "unit_id", "genre_id", "published_date",
               "written_date", "topic__name", "genre__name")


def _docs(rows: list[dict]) -> list[_Doc]:
    """Index rows for ``Item.values(*_DOC_FIELDS)`` rows, with their categories."""
    through = Item.categories.through
    cats: dict[int, list[int]] = {}
    names: dict[int, list[str]] = {}
    ids = [r["id"] for r in rows]
    pairs = through.objects.filter(item_id__in=ids).values_list(
        "item_id", "category_id", "category__name", "category__is_active")
    for item_id, cat_id, name, active in pairs:
        cats.setdefault(item_id, []).append(cat_id)
        if active:
            names.setdefault(item_id, []).append(name)
    docs = []
    for r in rows:
        day = r["published_date"] or r["written_date"]
        docs.append(_Doc(
            item_id=r["id"], sort_key=_sort_key(r["id"], day), unit_id=r["unit_id"],
            year=day.year if day else None, genre_id=r["genre_id"],
            category_ids=tuple(sorted(cats.get(r["id"], ()))),
            title=" ".join(filter(None, [r["title"], r["doc_number"]])),
            body="\n".join(filter(None, [r["body_text"], r["topic__name"], r["genre__name"],
                                          *names.get(r["id"], ())])),
        ))
    return docs


# --------------------------------------------------------------------------- engines

@dataclass(frozen=True)
class _Filters:
    unit_ids: tuple[int, ...] | None
    year: int | None
    category_id: int | None
    genre_id: int | None

    def groups(self, year: bool = False) -> list[list[str]]:
        """Facet tokens: one of each group must be present. The year is a token only on
        request: it is better applied as a range of sort keys (:meth:`key_range`)."""
        groups = []
        if year and self.year:
            groups.append([f"y{self.year}"])
        if self.unit_ids is not None:
            groups.append([f"u{u}" for u in self.unit_ids])
        if self.genre_id:
            groups.append([f"g{self.genre_id}"])
        if self.category_id:
            groups.append([f"c{self.category_id}"])
        return groups


    def key_range(self) -> tuple[int, int] | None:
        """Sort keys of the year: the index is ordered by day, so a year is a range of it."""
        if not self.year:
            return None
        if not 1 <= self.year < 9999:
            return 1, 0        # no such year: an empty range, not "no filter"
        first, after = dt.date(self.year, 1, 1), dt.date(self.year + 1, 1, 1)
        return first.toordinal() << 32, (after.toordinal() << 32) - 1


class _Engine:
    """Index storage and the three primitive queries the ranking is built on."""

    available = True

    def reading(self):
        """Context for the queries of one search."""
        return contextlib.nullcontext()

    def upsert(self, docs: list[_Doc]) -> None: ...
    def delete(self, item_ids: list[int]) -> None: ...
    def rebuild_begin(self) -> None: ...
    def rebuild_end(self) -> None: ...
    def count(self, query: st.Query, filters: _Filters, kind: str, cap: int) -> int: ...
    def newest(self, query: st.Query, filters: _Filters, kind: str, limit: int, offset: int,
               many: bool) -> list[int]:
        """Item ids of matches ``offset:offset+limit``, newest first. ``many``: the group
        has COUNT_CAP matches or more (an engine may choose its plan by it)."""
    def corpus_size(self) -> int: ...
    def matching(self, query: st.Query, filters: _Filters, item_ids: list[int]) -> set[int]:
        """Those of ``item_ids`` that are matches (to count an exact hit once)."""
        return set()


class _SqliteEngine(_Engine):

    def upsert(self, docs):
        rows = []
        for d in docs:
            title = st.index_tokens(d.title)
            rows.append((d.sort_key, " ".join(title), st.index_text(d.body), " ".join(TITLE_MARK + t for t in title),
                         " ".join(FACET_MARK + t for t in d.facets)))
        with connection.cursor() as cursor:
            # the old row may sit under another sort key (the published date changed)
            old = []
            for chunk in _chunks([d.item_id for d in docs], 500):
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT sort_key FROM {DOC_TABLE} WHERE item_id IN ({marks})", chunk)
                old.extend((row[0],) for row in cursor.fetchall())
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", old)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, title_marked, facets) VALUES (%s, %s, %s, %s, %s)",
                rows)
            cursor.executemany(f"INSERT OR REPLACE INTO {DOC_TABLE} (item_id, sort_key) VALUES (%s, %s)",
                               [(d.item_id, d.sort_key) for d in docs])

    def delete(self, item_ids):
        with connection.cursor() as cursor:
            for chunk in _chunks(item_ids, 500):
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT sort_key FROM {DOC_TABLE} WHERE item_id IN ({marks})", chunk)
                keys = [row[0] for row in cursor.fetchall()]
                cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(k,) for k in keys])
                cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE item_id IN ({marks})", chunk)

    def rebuild_begin(self):
        # Deleting a million FTS rows one by one re-reads them all; dropping and
        # re-creating the table (with the DDL the migration left) is instant.
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
            ddl = cursor.fetchone()[0]
            cursor.execute(f"DROP TABLE {FTS_TABLE}")
            cursor.execute(ddl)
            cursor.execute(f"DELETE FROM {DOC_TABLE}")

    def rebuild_end(self):
        with connection.cursor() as cursor:
            # one merged b-tree per token: fewer pages to read per query
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")

    def _expr(self, query, filters, kind):
        # no column filters: plain, title-marked and facet tokens never collide, and a
        # column filter would make FTS5 read every hit of a token to test its column
        expr = st.fts5_match(query, TITLE_MARK if kind == _TITLE else "")
        groups = filters.groups()
        if groups:
            expr = f"{expr} AND {st.fts5_any([[FACET_MARK + t for t in g] for g in groups])}"
        if kind == _BODY_ONLY:
            expr = f"({expr}) NOT ({st.fts5_match(query, TITLE_MARK)})"
        return expr

    def _where(self, query, filters, kind):
        where, params = f"{FTS_TABLE} MATCH %s", [self._expr(query, filters, kind)]
        if (keys := filters.key_range()) is not None:
            # FTS5 takes rowid bounds into the lookup: it starts at the year, not before
            where += " AND rowid BETWEEN %s AND %s"
            params += list(keys)
        return where, params

    def count(self, query, filters, kind, cap):
        where, params = self._where(query, filters, kind)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {where} LIMIT %s)",
                           [*params, cap])
            return cursor.fetchone()[0]

    def newest(self, query, filters, kind, limit, offset, many):
        where, params = self._where(query, filters, kind)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY rowid DESC LIMIT %s OFFSET %s",
                           [*params, limit, offset])
            return [_item_id(row[0]) for row in cursor.fetchall()]

    def matching(self, query, filters, item_ids):
        if not item_ids:
            return set()
        where, params = self._where(query, filters, _ALL)
        marks = ",".join(["%s"] * len(item_ids))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT sort_key FROM {DOC_TABLE} WHERE item_id IN ({marks})", list(item_ids))
            keys = [row[0] for row in cursor.fetchall()]
            if not keys:
                return set()
            cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {where} AND rowid IN ({','.join(['%s'] * len(keys))})",
                           [*params, *keys])
            return {_item_id(row[0]) for row in cursor.fetchall()}

    def corpus_size(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {DOC_TABLE}")
            return cursor.fetchone()[0]


class _PostgresEngine(_Engine):

    _UPSERT = f"""
        INSERT INTO {DOC_TABLE} (item_id, sort_key, facets, title_vector, document)
        VALUES (%s, %s, to_tsvector('simple', %s), to_tsvector('simple', %s),
                to_tsvector('simple', %s) || to_tsvector('simple', %s))
        ON CONFLICT (item_id) DO UPDATE SET
            sort_key = EXCLUDED.sort_key, facets = EXCLUDED.facets,
            title_vector = EXCLUDED.title_vector, document = EXCLUDED.document"""

    def __init__(self):
        self._index_ddl: list[str] = []

    @contextlib.contextmanager
    def reading(self):
        """A savepoint, so that a failed statement cannot abort the caller's transaction,
        and no sequential scans.

        The planner prices ``document @@ q`` as cheap, but on a sequential scan it
        de-TOASTs every tsvector (kilobytes each); for a common word it then prefers
        that to the GIN index, which answers a one-word query without reading any
        tsvector. SET LOCAL outlives a released savepoint, so the old value is put back.
        """
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('enable_seqscan')")
                before = cursor.fetchone()[0]
                cursor.execute("SET LOCAL enable_seqscan = off")
            yield     # on an error the savepoint's rollback undoes the setting as well
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])

    def upsert(self, docs):
        rows = []
        for d in docs:
            title = st.index_text(d.title)
            rows.append((d.item_id, d.sort_key, " ".join(d.facets), title, title, st.index_text(d.body)))
        with connection.cursor() as cursor:
            cursor.executemany(self._UPSERT, rows)

    def delete(self, item_ids):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE item_id = ANY(%s)", [list(item_ids)])

    def rebuild_begin(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DOC_TABLE})")
            if cursor.fetchone()[0]:
                # a live index: DELETE keeps it readable (MVCC) until the rebuild commits,
                # where TRUNCATE / DROP INDEX would make every search wait for it
                cursor.execute(f"DELETE FROM {DOC_TABLE}")
                self._index_ddl = []
                return
            # first fill: a GIN index built once after loading is many times faster than
            # one updated row by row; keep the definitions the migration created
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                           "AND indexname NOT LIKE %s", [DOC_TABLE, "%_pkey"])
            found = cursor.fetchall()
            self._index_ddl = [ddl for _, ddl in found]
            for name, _ in found:
                cursor.execute(f'DROP INDEX "{name}"')

    def rebuild_end(self):
        with connection.cursor() as cursor:
            for ddl in self._index_ddl:
                cursor.execute(ddl)
            cursor.execute(f"ANALYZE {DOC_TABLE}")
        self._index_ddl = []

    def _where(self, query, filters, kind):
        tsq = st.pg_tsquery(query)
        if kind == _TITLE:
            # the title is part of the document, so this alone is the title group
            clauses, params = ["title_vector @@ to_tsquery('simple', %s)"], [tsq]
        else:
            clauses, params = ["document @@ to_tsquery('simple', %s)"], [tsq]
        if kind == _BODY_ONLY:
            clauses.append("NOT (title_vector @@ to_tsquery('simple', %s))")
            params.append(tsq)
        groups = filters.groups(year=True)    # in the GIN scan too: fewer rows to recheck
        if groups:
            # facets share the GIN index with the text: one index scan applies both
            clauses.append("facets @@ to_tsquery('simple', %s)")
            params.append(st.pg_any(groups))
        if (keys := filters.key_range()) is not None:
            clauses.append("sort_key BETWEEN %s AND %s")
            params.extend(keys)
        return " AND ".join(clauses), params

    def count(self, query, filters, kind, cap):
        where, params = self._where(query, filters, kind)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {DOC_TABLE} WHERE {where} LIMIT %s) t",
                           [*params, cap])
            return cursor.fetchone()[0]

    def newest(self, query, filters, kind, limit, offset, many):
        where, params = self._where(query, filters, kind)
        # Fewer than COUNT_CAP matches: sort them all (GIN, then a sort of at most that
        # many). More: walk the sort-key index backwards and stop at ``limit`` — but
        # only then, because walking it for a rare word would test every row on the way.
        order = "sort_key DESC" if many else "sort_key + 0 DESC"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT item_id FROM {DOC_TABLE} WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
                           [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def matching(self, query, filters, item_ids):
        if not item_ids:
            return set()
        where, params = self._where(query, filters, _ALL)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT item_id FROM {DOC_TABLE} WHERE {where} AND item_id = ANY(%s)",
                           [*params, list(item_ids)])
            return {row[0] for row in cursor.fetchall()}

    def corpus_size(self):
        with connection.cursor() as cursor:
            # the planner's estimate is enough for an IDF and costs nothing
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [DOC_TABLE])
            row = cursor.fetchone()
            return max(int(row[0]), 0) if row else 0


class _NoEngine(_Engine):
    """Databases without a full-text index of ours: indexing is a no-op."""

    available = False

    def upsert(self, docs):
        pass

    def delete(self, item_ids):
        pass


def _engine() -> _Engine:
    vendor = connection.vendor
    if vendor == "sqlite":
        return _SqliteEngine()
    if vendor == "postgresql":
        return _PostgresEngine()
    return _NoEngine()


def _chunks(seq, size):
    seq = list(seq)
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


# -------------------------------------------------------------------------- indexing

def index_item(item) -> None:
    """(Re)index one item; an item that is not published is taken out of the index."""
    if item.pk is None:
        return
    if item.status != ItemStatus.PUBLISHED:
        remove_item(item.pk)
        return
    rows = list(Item.objects.filter(pk=item.pk, status=ItemStatus.PUBLISHED).values(*_DOC_FIELDS))
    if not rows:            # the saved row says otherwise (stale instance): trust the row
        remove_item(item.pk)
        return
    with transaction.atomic():
        _engine().upsert(_docs(rows))


def index_items(item_ids) -> None:
    """(Re)index several items by id, in batches; unpublished ones are removed."""
    engine = _engine()
    for chunk in _chunks(item_ids, 500):
        rows = [r for r in Item.objects.filter(pk__in=chunk).values("status", *_DOC_FIELDS)
                if r["status"] == ItemStatus.PUBLISHED]
        published = {r["id"] for r in rows}
        with transaction.atomic():
            engine.delete([i for i in chunk if i not in published])
            if rows:
                engine.upsert(_docs(rows))


def remove_item(item_id: int) -> None:
    with transaction.atomic():
        _engine().delete([item_id])


def reindex_all(batch_size=1000) -> int:
    """Rebuild the whole index from the published items; returns how many were indexed.

    One transaction: searches go on against the old index until the new one commits.
    """
    engine = _engine()
    count = 0
    with transaction.atomic():
        engine.rebuild_begin()
        # walk the primary key and test the status in Python: a predictable range scan
        qs = Item.objects.order_by("pk").values("status", *_DOC_FIELDS)
        last = 0
        while True:
            rows = list(qs.filter(pk__gt=last)[:batch_size])
            if not rows:
                break
            last = rows[-1]["id"]
            published = [r for r in rows if r["status"] == ItemStatus.PUBLISHED]
            if published:
                engine.upsert(_docs(published))
                count += len(published)
        engine.rebuild_end()
    _corpus_cache.clear()
    return count


# ---------------------------------------------------------------------------- signals

def _on_save(sender, instance, **kwargs):
    index_item(instance)


def _on_delete(sender, instance, **kwargs):
    remove_item(instance.pk)


def _on_categories(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:                       # item.categories.add/remove/clear/set
        if action in ("post_add", "post_remove", "post_clear"):
            index_item(instance)
        return
    # category.items.…: the items involved are in pk_set, or (clear) must be noted first
    if action == "pre_clear":
        instance._search_cleared_items = list(instance.items.values_list("pk", flat=True))
    elif action == "post_clear":
        index_items(getattr(instance, "_search_cleared_items", []))
    elif action in ("post_add", "post_remove"):
        index_items(sorted(pk_set or ()))


def _on_category_saved(sender, instance, created, **kwargs):
    """A renamed (or switched off) category changes the text of the items filed under it."""
    if created:
        return
    ids = set(Item.categories.through.objects.filter(category_id=instance.pk).values_list("item_id", flat=True))
    ids |= set(Item.objects.filter(Q(topic_id=instance.pk) | Q(genre_id=instance.pk)).values_list("pk", flat=True))
    if ids:
        index_items(sorted(ids))


def connect_signals() -> None:
    """Keep the index current on every save/delete of an Item and category change.

    Call from ``CatalogConfig.ready()``. Safe to call twice (dispatch_uid).
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_on_save, sender=Item, dispatch_uid="gongkai.catalog.search.save")
    post_delete.connect(_on_delete, sender=Item, dispatch_uid="gongkai.catalog.search.delete")
    m2m_changed.connect(_on_categories, sender=Item.categories.through,
                        dispatch_uid="gongkai.catalog.search.categories")
    post_save.connect(_on_category_saved, sender=Category, dispatch_uid="gongkai.catalog.search.category_saved")


# ----------------------------------------------------------------------------- search

_corpus_cache: dict[str, tuple[float, int]] = {}
_CORPUS_TTL = 600.0


def _corpus_size(engine: _Engine) -> int:
    """Number of indexed items for the IDF; an estimate refreshed every ten minutes."""
    key = connection.alias
    now = time.monotonic()
    hit = _corpus_cache.get(key)
    if hit and now - hit[0] < _CORPUS_TTL:
        return hit[1]
    size = engine.corpus_size()
    _corpus_cache[key] = (now, size)
    return size


def _idf(engine, query, filters, corpus_size) -> list[float]:
    """Weight of each term; all 1.0 for a one-term query, where it would not change the order.

    The document frequency is counted up to COUNT_CAP: terms rarer than that weigh
    more, all commoner ones weigh the same — enough to tell 低保 from 工作.
    """
    if len(query.terms) < 2:
        return [1.0] * len(query.terms)
    no_filters = _Filters(None, None, None, None)
    weights = []
    for term in query.terms:
        single = st.Query(terms=[term])
        df = engine.count(single, no_filters, _ALL, COUNT_CAP)
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
    counted = engine.count(query, filters, _ALL, COUNT_CAP + 1)
    if not counted:
        return [], 0, False
    capped = counted > COUNT_CAP
    total = min(counted, COUNT_CAP)
    hi = min(hi, total)
    if lo >= hi:
        return [], total, capped
    if sort == SORT_DATE:
        return [(i, 0.0) for i in engine.newest(query, filters, _ALL, hi - lo, lo, capped)], total, capped
    in_title = min(engine.count(query, filters, _TITLE, COUNT_CAP), total)
    idf = _idf(engine, query, filters, _corpus_size(engine))
    rows = _group_slice(engine, query, filters, _TITLE, in_title, in_title >= COUNT_CAP,
                        lo, min(hi, in_title), idf)
    # when the total is capped, the body-only group is as large as it likes
    rows += _group_slice(engine, query, filters, _BODY_ONLY, total - in_title, capped,
                         max(lo, in_title) - in_title, hi - in_title, idf)
    return rows, total, capped


def _exact_ids(text: str, filters: _Filters) -> list[int]:
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
    filters = _Filters(unit_ids, _int_or_none(year), _int_or_none(category_id), _int_or_none(genre_id))
    engine = _engine()
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
