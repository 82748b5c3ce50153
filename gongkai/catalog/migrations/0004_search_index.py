"""Full-text search index of published items (see gongkai/catalog/search.py).

SQLite: an FTS5 table whose rowid is the sort key (published day << 32 | item id)
and a map item id → sort key. PostgreSQL: one table with tsvectors and a GIN index.
Other databases get no index (search answers that it is unavailable).

The tables are not Django models: their rows are derived data, written only by
gongkai.catalog.search. The DDL is written out here, not imported, so that this
migration stays what it was when later code changes; ``search.reindex_all`` reuses
whatever DDL is in the database. After migrating an existing database, run
``reindex_all()`` once to fill the index.
"""
from django.db import migrations

SQLITE_CREATE = [
    # tokenize='ascii': every non-ASCII character is part of a token, so the
    # space-separated bigrams written by gongkai.domain.search_text pass unchanged.
    # title_marked repeats the title as §-prefixed tokens; facets holds ¶-prefixed
    # unit/year/genre/category tokens.
    "CREATE VIRTUAL TABLE catalog_item_fts USING fts5("
    "title, body, title_marked, facets, tokenize = 'ascii', detail = full)",
    "CREATE TABLE catalog_item_search (item_id integer NOT NULL PRIMARY KEY, sort_key integer NOT NULL UNIQUE)",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS catalog_item_search",
    "DROP TABLE IF EXISTS catalog_item_fts",
]

POSTGRES_CREATE = [
    # facets: 'u<unit> y<year> g<genre> c<category>' lexemes, in a tsvector of their
    # own so that they never meet text lexemes, and in the same GIN index as the text
    # so that one index scan applies the query and the filters together.
    """CREATE TABLE catalog_item_search (
        item_id bigint NOT NULL PRIMARY KEY,
        sort_key bigint NOT NULL,
        facets tsvector NOT NULL,
        title_vector tsvector NOT NULL,
        document tsvector NOT NULL
    )""",
    "CREATE INDEX catalog_item_search_document ON catalog_item_search USING gin (document, facets)",
    # the title group is looked up on its own (items whose title matches rank first)
    "CREATE INDEX catalog_item_search_title ON catalog_item_search USING gin (title_vector, facets)",
    # newest matches of a common word: walk this backwards instead of sorting them all
    "CREATE INDEX catalog_item_search_sort ON catalog_item_search (sort_key)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS catalog_item_search"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)
    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_seed_categories")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
