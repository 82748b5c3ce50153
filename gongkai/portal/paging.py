"""Page numbers for list and search pages, forgiving of bad input."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator

PER_PAGE = 20
# A list counts at most this many rows and offers the pages that hold them ("超过 10000 条"): a count
# or an OFFSET over millions of published items is never run by a reader; deeper means a filter.
LIST_CAP = 10_000


class CappedPaginator(Paginator):
    """A Paginator over a queryset that counts at most ``LIST_CAP`` rows (SELECT COUNT(*) over a LIMIT)."""

    capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            rows = rows.order_by()   # a count needs no order: sorting first read every row's page
        counted = rows[:LIST_CAP + 1].count()
        self.capped = counted > LIST_CAP
        return min(counted, LIST_CAP)


def page_number(value) -> int:
    """The page asked for; anything that is not a positive whole number means page 1."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1


@dataclass(frozen=True)
class Pager:
    """What the pager include needs, whatever produced the page (Paginator or search)."""

    number: int
    num_pages: int
    total: int
    per_page: int = PER_PAGE
    capped: bool = False    # more rows than counted: the total is a lower bound

    @property
    def start(self) -> int:
        """1-based position of the first row on this page."""
        return (self.number - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def links(self) -> list[int | None]:
        """Page numbers to link, None for a gap: 1 … 4 5 [6] 7 8 … 20."""
        shown = {1, self.num_pages} | set(range(self.number - 2, self.number + 3))
        out: list[int | None] = []
        for n in sorted(p for p in shown if 1 <= p <= self.num_pages):
            if out and out[-1] is not None and n - out[-1] > 1:
                out.append(None)
            out.append(n)
        return out


def pager_for(page) -> Pager:
    """A Pager from a django.core.paginator.Page."""
    paginator = page.paginator
    return Pager(page.number, paginator.num_pages, paginator.count, paginator.per_page,
                 getattr(paginator, "capped", False))
