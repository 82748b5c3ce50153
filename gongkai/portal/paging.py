"""Page numbers for list and search pages, forgiving of bad input."""
from __future__ import annotations

from dataclasses import dataclass

PER_PAGE = 20


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
    return Pager(page.number, page.paginator.num_pages, page.paginator.count, page.paginator.per_page)
