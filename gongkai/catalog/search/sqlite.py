"""The SQLite engine: an FTS5 table (the embedded deployment).

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
"""
from __future__ import annotations

from django.db import connection

from gongkai.domain import search_text as st

from .base import ALL, BODY_ONLY, DOC_TABLE, FACET_MARK, FTS_TABLE, TITLE, TITLE_MARK, Engine, chunks, item_id_of


class SqliteEngine(Engine):

    def upsert(self, docs):
        rows = []
        for d in docs:
            title = st.index_tokens(d.title)
            rows.append((d.sort_key, " ".join(title), st.index_text(d.body), " ".join(TITLE_MARK + t for t in title),
                         " ".join(FACET_MARK + t for t in d.facets)))
        with connection.cursor() as cursor:
            # the old row may sit under another sort key (the published date changed)
            old = []
            for chunk in chunks([d.item_id for d in docs], 500):
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
            for chunk in chunks(item_ids, 500):
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
        expr = st.fts5_match(query, TITLE_MARK if kind == TITLE else "")
        groups = filters.groups()
        if groups:
            expr = f"{expr} AND {st.fts5_any([[FACET_MARK + t for t in g] for g in groups])}"
        if kind == BODY_ONLY:
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
            return [item_id_of(row[0]) for row in cursor.fetchall()]

    def matching(self, query, filters, item_ids):
        if not item_ids:
            return set()
        where, params = self._where(query, filters, ALL)
        marks = ",".join(["%s"] * len(item_ids))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT sort_key FROM {DOC_TABLE} WHERE item_id IN ({marks})", list(item_ids))
            keys = [row[0] for row in cursor.fetchall()]
            if not keys:
                return set()
            cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {where} AND rowid IN ({','.join(['%s'] * len(keys))})",
                           [*params, *keys])
            return {item_id_of(row[0]) for row in cursor.fetchall()}

    def corpus_size(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {DOC_TABLE}")
            return cursor.fetchone()[0]
