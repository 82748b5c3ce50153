"""The PostgreSQL index is partitioned by quarter, and a search reads the newest partitions first.

At 1,000,000 items the capped count of a common word read its whole posting list (47 ms for 低保);
over its newest quarter it takes 3.7 ms (docs/decisions.md). Whatever the partitions, a count, a
page of newest matches and an item's re-dating give what one table gave."""
from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalog import search
from gongkai.catalog.search import postgres
from gongkai.catalog.search.base import ALL, Filters, make_sort_key
from gongkai.domain import search_text as st

from .test_search import make_item, titles  # noqa: F401  (the fixture: an item published and indexed)

NO_FILTERS = Filters(None, None, None, None)


def test_a_sort_key_falls_in_the_quarter_of_its_day():
    name, lo, hi = postgres.partition_of(make_sort_key(7, dt.date(2025, 11, 30)))
    assert name == "catalog_item_search_p2025q4"
    assert (lo >> 32, hi >> 32) == (dt.date(2025, 10, 1).toordinal(), dt.date(2026, 1, 1).toordinal())
    assert postgres.partition_of(make_sort_key(7, dt.date(2024, 3, 31)))[0] == "catalog_item_search_p2024q1"
    assert postgres.partition_of(make_sort_key(7, None))[:2] == ("catalog_item_search_p0", 0)
    assert postgres._bounds(name) == (lo, hi)
    assert postgres._bounds("catalog_item_search_p2025q5") is None
    assert postgres._bounds("catalog_item_search_pxyz") is None


def _partitions():
    with connection.cursor() as cursor:
        return postgres._partitions(cursor)


@pytest.mark.django_db
def test_items_of_three_quarters_are_counted_and_read_newest_first(make_item, pg_engine):
    days = [dt.date(2023, 2, 1), dt.date(2024, 8, 1), dt.date(2025, 11, 1)]
    for n in range(12):
        make_item(f"低保公示{n}", "城乡低保资金发放。", published=days[n % 3] + dt.timedelta(days=n))
    make_item("救灾物资", "救灾物资发放。", published=dt.date(2023, 1, 5))
    assert _partitions()[:3] == ["catalog_item_search_p2025q4", "catalog_item_search_p2024q3",
                                 "catalog_item_search_p2023q1"]
    query = st.parse_query("低保")
    with pg_engine.reading(), CaptureQueriesContext(connection) as queries:
        assert pg_engine.count(query, NO_FILTERS, ALL, 3) == 3        # the newest quarter has 4
    assert sum("count(*)" in q["sql"] for q in queries) == 1          # … so it alone was read
    with pg_engine.reading():
        assert pg_engine.count(query, NO_FILTERS, ALL, 100) == 12
        assert pg_engine.count(st.parse_query("救灾"), NO_FILTERS, ALL, 100) == 1
        ids = pg_engine.newest(query, NO_FILTERS, ALL, 6, 2, many=False)
        everything = pg_engine.newest(query, NO_FILTERS, ALL, 100, 0, many=True)
    assert len(everything) == 12 and ids == everything[2:8]          # one order across the partitions
    assert titles(search.search("低保", per_page=100, sort=search.SORT_DATE))[-1] == "低保公示0"   # oldest last
    page = search.search("低保", year=2024)
    assert page.total == 4 and all(h.item.published_date.year == 2024 for h in page.hits)


@pytest.mark.django_db
def test_an_item_given_another_date_moves_to_its_quarter_once(make_item, pg_engine):
    item = make_item("防汛物资储备公示", "防汛物资。", published=dt.date(2024, 5, 20))
    item.published_date = dt.date(2026, 1, 9)
    item.save(update_fields=["published_date"])
    search.index_item(item)
    search.index_item(item)
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM catalog_item_search WHERE item_id = %s", [item.pk])
        assert [row[0] for row in cursor.fetchall()] == ["catalog_item_search_p2026q1"]
    assert search.search("防汛").total == 1
    search.remove_item(item.pk)
    assert search.search("防汛").total == 0


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_keeps_the_partitions_and_their_indexes(make_item, pg_engine):
    try:
        make_item("扶贫资金公示", "资金用于产业扶贫。", published=dt.date(2022, 7, 1))
        make_item("扶贫项目公示", "产业扶贫项目。", published=dt.date(2025, 2, 1))
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalog_item_search")     # a first fill, as after migrating
        assert search.reindex_all() == 2
        assert titles(search.search("扶贫项目")) == ["扶贫项目公示"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'catalog_item_search_p2022q3'")
            assert cursor.fetchone()[0] == 4      # the parent's four indexes, built on the partition too
    finally:
        with connection.cursor() as cursor:     # not a model: the flush after this test leaves it alone
            cursor.execute("DELETE FROM catalog_item_search")
