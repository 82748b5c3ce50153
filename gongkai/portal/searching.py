"""The portal's use of the catalog search (gongkai.catalog.search).

Adds what a public page needs on top of it: a page past the end shows the last
page instead of nothing, a pager the templates share with list pages, and the sort
order (``?sort=date`` 按日期; anything else is 按相关度).
"""
from __future__ import annotations

from dataclasses import dataclass

from gongkai.catalog import search as catalog_search

from .paging import PER_PAGE, Pager
from .queries import ItemFilters


@dataclass(frozen=True)
class SearchResult:
    page: object  # catalog_search.SearchPage
    pager: Pager

    @property
    def hits(self):
        return self.page.hits

    @property
    def total(self) -> int:
        return self.page.total

    @property
    def capped(self) -> bool:
        """More matches than the search counts exactly: the total is a lower bound."""
        return bool(getattr(self.page, "total_capped", False))

    @property
    def message(self) -> str:
        return self.page.message or ""

    @property
    def sort(self) -> str:
        return self.page.sort

    @property
    def sorts(self) -> list[tuple[str, str, bool]]:
        """(value, label, chosen) for the sort links."""
        return [(value, label, value == self.page.sort) for value, label in catalog_search.SORTS.items()]


def sort_of(value) -> str:
    """The sort asked for; anything unknown is by relevance."""
    value = str(value or "").strip()
    return value if value in catalog_search.SORTS else catalog_search.SORT_RELEVANCE


def run_search(filters: ItemFilters, page: int, sort=None) -> SearchResult:
    sort = sort_of(sort)

    def ask(number):
        return catalog_search.search(
            filters.q, unit_ids=filters.unit_ids, year=filters.year,
            category_id=filters.category.pk if filters.category else None,
            genre_id=filters.genre.pk if filters.genre else None,
            page=number, per_page=PER_PAGE, sort=sort)

    result = ask(page)
    num_pages = max(1, result.num_pages)
    if page > num_pages:
        result = ask(num_pages)
    return SearchResult(result, Pager(min(page, num_pages), num_pages, result.total))
