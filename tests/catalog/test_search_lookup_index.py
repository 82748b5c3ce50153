"""Every search first asks whether the query is an item's 索引号 or 文号 (the exact look-up).
Both columns must be indexed: without an index on 文号 that question read the whole item
table on every query (1.7–2 s per search at 200,000 items on PostgreSQL, bench/search.py)."""
import pytest
from django.db import connection

from gongkai.catalog.models import Item


def _indexed_alone(column: str) -> bool:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Item._meta.db_table)
    return any(c["columns"] == [column] and (c["index"] or c["unique"]) for c in constraints.values())


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["index_no", "doc_number"])
def test_the_exact_lookup_columns_are_indexed(field):
    assert _indexed_alone(Item._meta.get_field(field).column)
