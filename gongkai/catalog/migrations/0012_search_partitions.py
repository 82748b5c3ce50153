"""PostgreSQL: the search index table partitioned by quarter of the sort day.

A GIN lookup reads a word's whole posting list before ``LIMIT`` can stop it, and with the
tsvectors inline the table holds one row per page, so the capped count of a common word cost
~50 ms at 1,000,000 items; over one quarter's partition it costs ~4 ms, and a search reads
the partitions newest first and stops at its cap (``gongkai.catalog.search.postgres``,
``docs/decisions.md``). The rows are copied into the partitions, so the index stays filled;
the copy holds a lock on the table, so searches wait for it (about 3.5 minutes per million
items, measured). SQLite is not touched.
"""
from django.db import migrations

OLD = "catalog_item_search_unpartitioned"
COLUMNS = "item_id, sort_key, facets, title_vector, document"
INDEXES = [
    "CREATE INDEX catalog_item_search_document ON catalog_item_search USING gin (document, facets)",
    "CREATE INDEX catalog_item_search_title ON catalog_item_search USING gin (title_vector, facets)",
    "CREATE INDEX catalog_item_search_sort ON catalog_item_search (sort_key)",
    "CREATE INDEX catalog_item_search_item ON catalog_item_search (item_id)",
]
STORAGE = ("ALTER TABLE catalog_item_search ALTER COLUMN document SET STORAGE MAIN, "
           "ALTER COLUMN title_vector SET STORAGE MAIN, ALTER COLUMN facets SET STORAGE MAIN")


def _replace(cursor, item_id, tail):
    """Set the old table aside and create the new one in its place."""
    cursor.execute(f"ALTER TABLE catalog_item_search RENAME TO {OLD}")
    for name in ("document", "title", "sort", "item"):
        cursor.execute(f"DROP INDEX IF EXISTS catalog_item_search_{name}")
    cursor.execute(f"""CREATE TABLE catalog_item_search (
        item_id {item_id}, sort_key bigint NOT NULL, facets tsvector NOT NULL,
        title_vector tsvector NOT NULL, document tsvector NOT NULL){tail}""")
    cursor.execute(STORAGE)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from gongkai.catalog.search.postgres import ensure_partitions

    with schema_editor.connection.cursor() as cursor:
        _replace(cursor, "bigint NOT NULL", " PARTITION BY RANGE (sort_key)")
        cursor.execute(f"SELECT DISTINCT (sort_key >> 32) << 32 FROM {OLD}")
        ensure_partitions(cursor, [row[0] for row in cursor.fetchall()])
        cursor.execute(f"INSERT INTO catalog_item_search ({COLUMNS}) SELECT {COLUMNS} FROM {OLD}")
        cursor.execute(f"DROP TABLE {OLD}")
        for sql in INDEXES:
            cursor.execute(sql)
        cursor.execute("ANALYZE catalog_item_search")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        _replace(cursor, "bigint NOT NULL PRIMARY KEY", "")
        cursor.execute(f"INSERT INTO catalog_item_search ({COLUMNS}) SELECT DISTINCT ON (item_id) {COLUMNS} "
                       f"FROM {OLD} ORDER BY item_id, sort_key DESC")
        cursor.execute(f"DROP TABLE {OLD}")
        for sql in INDEXES[:3]:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0011_item_doc_number_index")]

    operations = [migrations.RunPython(forward, backward)]
