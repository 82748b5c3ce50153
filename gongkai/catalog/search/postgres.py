"""The PostgreSQL engine: ``tsvector('simple')`` columns with GIN indexes.

Tables
------
PostgreSQL
    ``catalog_item_search``: item id, sort key and three ``tsvector('simple')`` columns
    built with ``to_tsvector`` from the same tokens: ``document`` (title, 文号 and
    body), ``title_vector`` and ``facets`` (``u12 y2024 g5 c31``). GIN indexes on
    ``(document, facets)`` and ``(title_vector, facets)``, so a query and its filters
    are one index scan; a b-tree on the sort key for the newest matches of common words.
    Searches run with ``enable_seqscan`` off (see :meth:`_PostgresEngine.reading`).
"""
from __future__ import annotations

import contextlib
import json
import math

from django.db import connection, transaction

from gongkai.domain import search_text as st

from .base import ALL, BODY_ONLY, DOC_TABLE, TITLE, Engine


#: Walk the newest rows only for a query expected in at least this many times ``cap`` rows …
WALK_MIN_EXPECTED = 3
#: … and in at least 1.5 / this of them: the walk reads at most this many times ``cap`` rows.
WALK_MAX_ROWS = 8


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


class PostgresEngine(Engine):

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
        where, params = self._where(query, filters, ALL)
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
