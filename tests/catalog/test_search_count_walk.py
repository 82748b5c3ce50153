"""Counting a common word on PostgreSQL reads the newest rows, not the word's whole posting list.

A GIN scan reads every entry of a word before ``LIMIT`` can stop it: at 200,000 items the capped
count of 公开 (in 83% of them) was most of a search's time (bench/search.py, docs/decisions.md).
The walk is bounded and falls back to the index when it does not reach the cap, so the count is
the same whichever way it is taken."""
from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.catalog.search import postgres
from gongkai.catalog.search.base import ALL, Filters
from gongkai.domain import search_text as st

from .test_search import make_item  # noqa: F401  (the fixture: an item published and indexed)

NO_FILTERS = Filters(None, None, None, None)


def test_a_word_in_most_rows_is_walked_a_rare_one_is_not():
    assert postgres.walk_budget(2001, 166_000, 200_000) == 3617      # 公开: ~1.8 × cap rows
    assert postgres.walk_budget(2001, 5_000, 200_000) == 0           # under 3 × cap expected
    assert postgres.walk_budget(2001, 20_000, 200_000) == 0          # 10%: the cap is 30,000 rows away
    assert postgres.walk_budget(5, 40, 40) == 8
    assert postgres.walk_budget(5, 40, 0) == 0                       # an empty (never analysed) table


def _analyse():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_item_search")


def _count(engine, word, cap, filters=NO_FILTERS):
    with engine.reading(), CaptureQueriesContext(connection) as queries:
        found = engine.count(st.parse_query(word), filters, ALL, cap)
    counts = [q["sql"] for q in queries if "count(*)" in q["sql"]]
    walked_only = len(counts) == 1 and "ORDER BY sort_key DESC LIMIT" in counts[0]
    return found, walked_only    # True: the walk alone answered, the index was not read


@pytest.mark.django_db
def test_a_common_word_is_counted_from_the_newest_rows(make_item, pg_engine):
    for n in range(40):
        make_item(f"低保公示{n}", "城乡低保资金发放。", published=dt.date(2024, 1, 1) + dt.timedelta(days=n))
    make_item("救灾物资", "救灾物资发放。")
    _analyse()
    assert _count(pg_engine, "低保", 5) == (5, True)
    assert _count(pg_engine, "救灾", 5) == (1, False)


@pytest.mark.django_db
def test_a_walk_that_misses_falls_back_to_the_index(make_item, pg_engine):
    """The planner expects 低保 in half the rows, but they are all older than the walk reaches."""
    for n in range(40):
        body = "城乡低保资金发放。" if n < 20 else "道路维修工程公示。"
        make_item(f"公示{n}", body, published=dt.date(2024, 1, 1) + dt.timedelta(days=n))
    _analyse()
    assert _count(pg_engine, "低保", 5) == (5, False)     # walked, found none, then counted by the index
    assert _count(pg_engine, "低保", 50) == (20, False)


@pytest.mark.django_db
def test_a_year_is_walked_from_its_own_newest_row(make_item, pg_engine):
    for n in range(40):
        year = 2023 if n < 20 else 2024
        make_item(f"低保公示{n}", "城乡低保资金发放。", published=dt.date(year, 3, 1) + dt.timedelta(days=n))
    _analyse()
    # the newest rows of all are 2024's: a walk that began there would reach no 2023 row
    assert _count(pg_engine, "低保", 3, Filters(None, 2023, None, None)) == (3, True)
    assert _count(pg_engine, "低保", 50, Filters(None, 2023, None, None)) == (20, False)
