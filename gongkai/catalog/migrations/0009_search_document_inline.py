"""PostgreSQL: keep each item's search tsvectors in the table row (STORAGE MAIN).

A bigram tsvector of an ordinary body is 4–6 kB, above the 2 kB TOAST threshold, and it
barely compresses: by default every row's document sat in the TOAST table, and every
phrase recheck of a GIN match and every row of a newest-first walk fetched it from there
(a TOAST index lookup and two or three chunks). Stored inline, the check reads the one
heap page it reads anyway: 3–7× faster per row (``docs/decisions.md``, search on
PostgreSQL). ``title_vector`` and ``facets`` are MAIN as well: otherwise the toaster, to
bring a row with a large inline document under 2 kB, moves those small vectors out of line
first, and the title test of every candidate would read TOAST instead. Only rows written afterwards are stored inline: after migrating a filled
index, run ``gongkai.catalog.search.reindex_all()`` once (``python -m django shell``). A document larger than a page still
goes to TOAST, as before. SQLite is not touched.
"""
from django.db import migrations

POSTGRES_FORWARD = ["ALTER TABLE catalog_item_search ALTER COLUMN document SET STORAGE MAIN, "
                    "ALTER COLUMN title_vector SET STORAGE MAIN, ALTER COLUMN facets SET STORAGE MAIN"]
POSTGRES_BACKWARD = ["ALTER TABLE catalog_item_search ALTER COLUMN document SET STORAGE EXTENDED, "
                     "ALTER COLUMN title_vector SET STORAGE EXTENDED, ALTER COLUMN facets SET STORAGE EXTENDED"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql, params=None)
    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_item_notice_period")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
