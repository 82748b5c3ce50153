"""The PostgreSQL engine: ``tsvector('simple')`` columns with GIN indexes, partitioned by quarter.

Tables
------
PostgreSQL
    ``catalog_item_search``: item id, sort key and three ``tsvector('simple')`` columns
    built with ``to_tsvector`` from the same tokens: ``document`` (title, 文号 and
    body), ``title_vector`` and ``facets`` (``u12 y2024 g5 c31``). GIN indexes on
    ``(document, facets)`` and ``(title_vector, facets)``, so a query and its filters
    are one index scan; a b-tree on the sort key for the newest matches of common words.
    Searches run with ``enable_seqscan`` off (see :meth:`_PostgresEngine.reading`).

Partitions
    The table is partitioned by sort-key range, one partition per quarter of the sort day
    (``catalog_item_search_p2025q4``; ``…_p0`` for undated items), created when a row first
    needs one (:func:`ensure_partitions`). Each partition has its own GIN indexes, so a
    count or a newest-first read goes through the partitions newest first and stops at its
    cap: the work is bounded by a quarter's posting lists, not the whole catalog's. Measured
    at 1,000,000 items: the capped count of 低保 47 ms over one table, 3.7 ms in its newest
    quarter (83,000 rows); 农村低保 73 → 13 ms (``docs/decisions.md``).
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import math

from django.db import connection, transaction

from gongkai.domain import search_text as st

from .base import ALL, BODY_ONLY, DOC_TABLE, TITLE, Engine


#: Walk the newest rows only for a query expected in at least this many times ``cap`` rows …
WALK_MIN_EXPECTED = 3
#: … and in at least 1.5 / this of them: the walk reads at most this many times ``cap`` rows.
#: Over quarter partitions the GIN count of a word in a quarter of the rows is the cheaper one
#: (扶贫, 27 %: 8 ms against a 15 ms walk at 1,000,000 items); in three quarters, the walk (资金:
#: 5.7 ms against 22 ms), so the walk is kept for words in more than about 40 % of the rows.
WALK_MAX_ROWS = 4


def walk_budget(cap: int, expected: int, rows: int) -> int:
    """Rows to read newest-first to find ``cap`` matches of a query the planner expects in
    ``expected`` of ``rows`` rows (with half as many again for a margin); 0: use the index."""
    if rows <= 0 or expected < WALK_MIN_EXPECTED * cap:
        return 0
    budget = min(math.ceil(1.5 * cap * rows / expected), rows)
    return budget if budget <= WALK_MAX_ROWS * cap else 0   # too rare to meet cap soon


def _estimate(cursor, where: str, params) -> int:
    """The planner's row estimate for ``where`` (planning only, well under a millisecond)."""
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {DOC_TABLE} WHERE {where}", params)
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _range_where(keys) -> tuple[str, list]:
    return ("sort_key BETWEEN %s AND %s", list(keys)) if keys else ("TRUE", [])


# ----------------------------------------------------------------------------- partitions

PARTITION_PREFIX = f"{DOC_TABLE}_p"
_LOCK_CLASS = 0x5EA4C4   # advisory-lock class of the index rows
_LOCK_BUCKETS = 256      # an item's row is locked by item id modulo this: a bounded number of locks
# The partitions, read once per search (:meth:`PostgresEngine.reading`) rather than before each of its
# counts and reads; one made during a search is seen by the next, as if it had been made just after.
_READ_PARTITIONS: contextvars.ContextVar[list[tuple[int, int, str]] | None] = contextvars.ContextVar(
    "search_partitions", default=None)


def _quarter_start(day_ordinal: int) -> dt.date:
    day = dt.date.fromordinal(day_ordinal)
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter(start: dt.date) -> dt.date:
    return dt.date(start.year + start.month // 10, (start.month + 2) % 12 + 1, 1)


def partition_of(sort_key: int) -> tuple[str, int, int]:
    """``(name, first key, key after the last)`` of the partition that holds ``sort_key``."""
    day = sort_key >> 32
    if day <= 0:
        return f"{PARTITION_PREFIX}0", 0, 1 << 32
    start = _quarter_start(day)
    after = _next_quarter(start)
    return (f"{PARTITION_PREFIX}{start.year}q{(start.month - 1) // 3 + 1}",
            start.toordinal() << 32, after.toordinal() << 32)


def _bounds(name: str) -> tuple[int, int] | None:
    """The key range of a partition, from its name; None for a table that is not one of ours."""
    tail = name.removeprefix(PARTITION_PREFIX)
    if tail == "0":
        return 0, 1 << 32
    year, _, quarter = tail.partition("q")
    if not (year.isdigit() and quarter in ("1", "2", "3", "4")) or not 1 <= int(year) <= 9998:
        return None
    start = dt.date(int(year), 3 * (int(quarter) - 1) + 1, 1)
    return start.toordinal() << 32, _next_quarter(start).toordinal() << 32


def _query_ranges(cursor) -> list[tuple[int, int, str]]:
    """``(first key, key after the last, name)`` of every partition, newest first."""
    cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                   "WHERE i.inhparent = %s::regclass", [DOC_TABLE])
    found = [(*bounds, name) for (name,) in cursor.fetchall() if (bounds := _bounds(name))]
    return sorted(found, reverse=True)


def _partition_ranges(cursor) -> list[tuple[int, int, str]]:
    """:func:`_query_ranges`, or the list the current search read at its start."""
    cached = _READ_PARTITIONS.get()
    return _query_ranges(cursor) if cached is None else cached


def _partitions(cursor, keys=None) -> list[str]:
    """The partitions, newest first; with ``keys`` only those that overlap that range."""
    return [name for lo, hi, name in _partition_ranges(cursor)
            if keys is None or (lo <= keys[1] and keys[0] < hi)]


def ensure_partitions(cursor, sort_keys) -> None:
    """Create the partitions these keys need (once per quarter; serialised by an advisory lock)."""
    needed = {partition_of(key) for key in sort_keys}
    existing = {name for *_, name in _query_ranges(cursor)}
    missing = sorted(p for p in needed if p[0] not in existing)
    if not missing:
        return
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_CLASS])
    for name, lo, hi in missing:
        cursor.execute(f'CREATE TABLE IF NOT EXISTS "{name}" PARTITION OF {DOC_TABLE} '
                       f"FOR VALUES FROM ({lo:d}) TO ({hi:d})")


class PostgresEngine(Engine):

    # no ON CONFLICT: a partitioned table's unique keys must hold the sort key, and an item's
    # sort key changes with its date; the row is deleted and written again (under a lock per item)
    _INSERT = f"""
        INSERT INTO {DOC_TABLE} (item_id, sort_key, facets, title_vector, document)
        VALUES (%s, %s, to_tsvector('simple', %s), to_tsvector('simple', %s),
                to_tsvector('simple', %s) || to_tsvector('simple', %s))"""

    def __init__(self):
        self._index_ddl: list[str] = []
        self._rebuilding = False

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
                token = _READ_PARTITIONS.set(_query_ranges(cursor))
            try:
                yield     # on an error the savepoint's rollback undoes the setting as well
            finally:
                _READ_PARTITIONS.reset(token)
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])

    def upsert(self, docs):
        rows = []
        for d in docs:
            title = st.index_text(d.title)
            rows.append((d.item_id, d.sort_key, " ".join(d.facets), title, title, st.index_text(d.body)))
        if not rows:
            return
        with connection.cursor() as cursor:
            ensure_partitions(cursor, [row[1] for row in rows])
            if not self._rebuilding:      # a rebuild starts from an empty table
                self._delete(cursor, [row[0] for row in rows])
            cursor.executemany(self._INSERT, rows)

    def delete(self, item_ids):
        with connection.cursor() as cursor:
            self._delete(cursor, list(item_ids))

    @staticmethod
    def _delete(cursor, item_ids: list[int]) -> None:
        # a lock per bucket of item ids (taken in order: no deadlock; at most _LOCK_BUCKETS held,
        # whatever the batch) keeps two writers of one item from both deleting nothing and both
        # inserting; it is held to the end of the transaction
        cursor.execute("SELECT pg_advisory_xact_lock(%s, b) FROM (SELECT DISTINCT (item_id %% %s)::int AS b "
                       "FROM unnest(%s::bigint[]) AS t(item_id)) buckets ORDER BY b",
                       [_LOCK_CLASS, _LOCK_BUCKETS, item_ids])
        cursor.execute(f"DELETE FROM {DOC_TABLE} WHERE item_id = ANY(%s)", [item_ids])

    def rebuild_begin(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DOC_TABLE})")
            if cursor.fetchone()[0]:
                # a live index: DELETE keeps it readable (MVCC) until the rebuild commits,
                # where TRUNCATE / DROP INDEX would make every search wait for it
                cursor.execute(f"DELETE FROM {DOC_TABLE}")
                self._index_ddl = []
                self._rebuilding = True
                return
            # first fill: a GIN index built once after loading is many times faster than
            # one updated row by row; keep the definitions the migration created
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [DOC_TABLE])
            found = cursor.fetchall()
            # pg_indexes shows a partitioned index as "ON ONLY", which would build it on no partition
            self._index_ddl = [ddl.replace(" ON ONLY ", " ON ", 1) for _, ddl in found]
            for name, _ in found:
                cursor.execute(f'DROP INDEX "{name}"')
        self._rebuilding = True

    def rebuild_end(self):
        with connection.cursor() as cursor:
            for ddl in self._index_ddl:
                cursor.execute(ddl)
            cursor.execute(f"ANALYZE {DOC_TABLE}")
        self._index_ddl = []
        self._rebuilding = False

    def settle(self):
        """VACUUM (ANALYZE) the freshly written index table.

        Rows a bulk load has just committed carry no hint bits: the first search that
        reads each of them looks up its transaction's commit status and sets the bits,
        which dirties the page, and with a small ``shared_buffers`` every page read then
        also writes one out. Measured on the benchmark's 200,000 items: the 2,001-row
        count of 扶贫 171 ms before, 35 ms after; the newest-first walk 187 ms → 6 ms
        (``docs/decisions.md``). Autovacuum would get there too, minutes later; a rebuild
        is the one moment where every row is new, so it is done here at once. VACUUM
        cannot run in a transaction: :func:`~gongkai.catalog.search.reindex_all` calls this
        only outside one (in autocommit), and leaves it to autovacuum otherwise.
        """
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {DOC_TABLE}")

    def _where(self, query, filters, kind):
        tsq = st.pg_tsquery(query)
        if kind == TITLE:
            # the title is part of the document, so this alone is the title group
            clauses, params = ["title_vector @@ to_tsquery('simple', %s)"], [tsq]
        else:
            clauses, params = ["document @@ to_tsquery('simple', %s)"], [tsq]
        if kind == BODY_ONLY:
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
        """Matches, counted up to ``cap``.

        A GIN scan reads a word's whole posting list before LIMIT can stop it: for a word in
        most of 200,000 items that is most of the count's time. Where the planner expects
        the query in many times ``cap`` rows, the newest rows are read first instead, a
        bounded number of them (:func:`walk_budget`): if ``cap`` of them match, that is the
        answer, without touching the index; if not (the estimate was wrong), the GIN count
        follows, so a wrong estimate costs one bounded walk, never a wrong count.
        """
        where, params = self._where(query, filters, kind)
        keys = filters.key_range()
        inner, inner_params = _range_where(keys)
        with connection.cursor() as cursor:
            expected = _estimate(cursor, where, params)
            budget = 0
            if expected >= WALK_MIN_EXPECTED * cap:   # the rows it is a share of, only then
                rows = _estimate(cursor, inner, inner_params) if keys else self.corpus_size()
                budget = walk_budget(cap, expected, rows)
            if budget:
                cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM (SELECT * FROM {DOC_TABLE} WHERE {inner} "
                               f"ORDER BY sort_key DESC LIMIT %s) recent WHERE {where} LIMIT %s) t",
                               [*inner_params, budget, *params, cap])
                if (found := cursor.fetchone()[0]) >= cap:
                    return found
            found = 0
            for part in _partitions(cursor, keys):    # newest first: a common word stops in the first
                cursor.execute(f'SELECT count(*) FROM (SELECT 1 FROM "{part}" WHERE {where} LIMIT %s) t',
                               [*params, cap - found])
                found += cursor.fetchone()[0]
                if found >= cap:
                    break
            return found

    def newest(self, query, filters, kind, limit, offset, many):
        where, params = self._where(query, filters, kind)
        # Fewer than COUNT_CAP matches: sort them all (GIN, then a sort of at most that
        # many). More: walk the sort-key index backwards and stop at ``limit`` — but
        # only then, because walking it for a rare word would test every row on the way.
        # The partitions are read newest first, each for what is still missing: the rows are
        # in sort-key order across them because their key ranges do not overlap.
        order = "sort_key DESC" if many else "sort_key + 0 DESC"
        wanted, ids = offset + limit, []
        with connection.cursor() as cursor:
            for part in _partitions(cursor, filters.key_range()):
                cursor.execute(f'SELECT item_id FROM "{part}" WHERE {where} ORDER BY {order} LIMIT %s',
                               [*params, wanted - len(ids)])
                ids.extend(row[0] for row in cursor.fetchall())
                if len(ids) >= wanted:
                    break
        return ids[offset:wanted]

    def matching(self, query, filters, item_ids):
        if not item_ids:
            return set()
        where, params = self._where(query, filters, ALL)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT item_id FROM {DOC_TABLE} WHERE {where} AND item_id = ANY(%s)",
                           [*params, list(item_ids)])
            return {row[0] for row in cursor.fetchall()}

    def corpus_size(self):
        with connection.cursor() as cursor:
            # the planner's estimate is enough for an IDF and costs nothing (-1: not analysed yet)
            cursor.execute("SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint FROM pg_inherits i "
                           "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass", [DOC_TABLE])
            return int(cursor.fetchone()[0])
