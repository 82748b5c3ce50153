"""List pages that stay cheap on millions of published items: the count stops at LIST_CAP (the total
then reads 超过 N 条) and sorts nothing, a unit's list is filtered by its subtree's ids, and the year
choices are found without a DISTINCT over every item."""
from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.portal import paging, queries

pytestmark = pytest.mark.django_db


def test_the_catalog_counts_at_most_the_cap_and_says_so(client, make_item, monkeypatch):
    monkeypatch.setattr(paging, "LIST_CAP", 3)
    for n in range(5):
        make_item(f"关于第{n}项工作的通知")
    with CaptureQueriesContext(connection) as queries_run:
        response = client.get(reverse("portal:catalog"))
    pager = response.context["pager"]
    assert (pager.total, pager.capped) == (3, True)
    assert "超过 3 条" in response.content.decode()
    counts = [q["sql"] for q in queries_run.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts)
    # sorting before counting read every matching row's page (150 ms for a county at 200,000 items)
    assert not any("ORDER BY" in sql.upper() for sql in counts)


def test_under_the_cap_the_total_is_exact(client, make_item):
    make_item("关于甲的通知")
    make_item("关于乙的通知")
    pager = client.get(reverse("portal:catalog")).context["pager"]
    assert (pager.total, pager.capped) == (2, False)


def test_published_years_skip_empty_years_without_a_distinct(make_item):
    make_item("二〇二一年的通知", published=dt.date(2021, 3, 1))
    make_item("二〇二三年的通知", published=dt.date(2023, 3, 1))
    make_item("二〇二五年的通知", published=dt.date(2025, 3, 1))
    with CaptureQueriesContext(connection) as queries_run:
        assert queries.published_years() == [2025, 2023, 2021]
    assert not any("DISTINCT" in q["sql"].upper() for q in queries_run.captured_queries)
    assert queries.published_years() == [2025, 2023, 2021]


def test_no_published_item_no_years():
    assert queries.published_years() == []


def test_a_units_list_holds_its_subtree_and_filters_by_ids(client, make_item, county, street, town):
    """The subtree's ids, not a join on the unit path (the path prefix read every joined row)."""
    mine = make_item("街道的通知", unit=street)
    make_item("镇的通知", unit=town)
    with CaptureQueriesContext(connection) as queries_run:
        page = client.get(reverse("portal:catalog"), {"unit": street.pk}).context["page"]
    assert [item.pk for item in page.object_list] == [mine.pk]
    listed = [q["sql"] for q in queries_run.captured_queries if "catalog_item" in q["sql"] and "COUNT(" in q["sql"]]
    assert listed and not any("LIKE" in sql.upper() for sql in listed)
    assert {i.pk for i in client.get(reverse("portal:catalog"), {"unit": county.pk}).context["page"].object_list} >= {mine.pk}


def test_category_counts_are_counted_by_the_database_and_once_per_item(make_item, category):
    """The (category, item) pairs never come into Python (millions in a province): every query of the
    counts is an aggregate; an item filed under two sub-categories counts once for the parent."""
    make_item("关于甲的通知", categories=[category("statutory", "ART20-01"), category("statutory", "ART20-02")])
    make_item("关于乙的通知", categories=[category("statutory", "ART20-01")])
    make_item("未发布的通知", categories=[category("statutory", "ART20-01")], status="draft")
    with CaptureQueriesContext(connection) as queries_run:
        nodes = {n.category.code: n.count for n in queries.flatten(queries.category_tree("statutory"))}
    assert (nodes["ART20"], nodes["ART20-01"], nodes["ART20-02"]) == (2, 2, 1)
    pairs = [q["sql"] for q in queries_run.captured_queries if "catalog_item_categories" in q["sql"]]
    assert pairs and all("COUNT(" in sql.upper() for sql in pairs)


def test_with_the_page_cache_on_the_counts_are_shared_for_its_lifetime(make_item, category, settings):
    from django.core.cache import caches

    settings.GONGKAI_PORTAL_CACHE_SECONDS = 300
    caches["portal"].clear()
    leaf = category("statutory", "ART20-01")
    make_item("关于甲的通知", categories=[leaf])

    def count():
        return next(n.count for n in queries.flatten(queries.category_tree("statutory")) if n.category == leaf)
    assert count() == 1
    make_item("关于乙的通知", categories=[leaf])
    assert count() == 1                       # within the lifetime: the shared counts
    caches["portal"].clear()
    assert count() == 2
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 0
    make_item("关于丙的通知", categories=[leaf])
    assert count() == 3                       # cache off: counted every time
