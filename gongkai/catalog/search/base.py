"""What every search engine shares: the index row, the filters, the sort key and the interface.

An engine (:mod:`.sqlite`, :mod:`.postgres`) stores :class:`Doc` rows and answers the
primitive queries of :class:`Engine`; the ranking in :mod:`gongkai.catalog.search` is
built on those alone, so it is the same on every database.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

from gongkai.domain import search_text as st

FTS_TABLE = "catalog_item_fts"
DOC_TABLE = "catalog_item_search"
# Markers of FTS5 tokens that are not text: the text tokenizer never emits these
# characters, and the FTS5 'ascii' tokenizer keeps them inside a token.
TITLE_MARK = "§"      # §扶贫: the bigram 扶贫 in the title (the title is indexed twice)
FACET_MARK = "¶"      # ¶u12 ¶y2024 ¶g5 ¶c31: unit, year, genre, category

# the groups a query is counted and read in: title matches, body-only matches, all
TITLE, BODY_ONLY, ALL = "title", "body_only", "all"


@dataclass(frozen=True)
class Doc:
    """What the index holds for one published item."""

    item_id: int
    sort_key: int
    unit_id: int
    year: int | None      # of the sort day
    genre_id: int | None
    category_ids: tuple[int, ...]
    title: str            # title and 文号, original text
    body: str

    @property
    def facets(self) -> list[str]:
        return facet_tokens(self.unit_id, self.year, self.genre_id, self.category_ids)


def make_sort_key(item_id: int, day) -> int:
    """Newest first as one integer: FTS5 iterates rowids in order and can stop early."""
    if not 0 < item_id < 2 ** 32:
        raise ValueError(f"item id out of range for the search index: {item_id}")
    return ((day.toordinal() if day else 0) << 32) | item_id


def item_id_of(sort_key: int) -> int:
    return sort_key & 0xFFFFFFFF


def facet_tokens(unit_id, year, genre_id, category_ids=()):
    tokens = [f"u{unit_id}"]
    if year:
        tokens.append(f"y{year}")
    if genre_id:
        tokens.append(f"g{genre_id}")
    tokens.extend(f"c{c}" for c in category_ids)
    return tokens


@dataclass(frozen=True)
class Filters:
    unit_ids: tuple[int, ...] | None
    year: int | None
    category_id: int | None
    genre_id: int | None

    def groups(self, year: bool = False) -> list[list[str]]:
        """Facet tokens: one of each group must be present. The year is a token only on
        request: it is better applied as a range of sort keys (:meth:`key_range`)."""
        groups = []
        if year and self.year:
            groups.append([f"y{self.year}"])
        if self.unit_ids is not None:
            groups.append([f"u{u}" for u in self.unit_ids])
        if self.genre_id:
            groups.append([f"g{self.genre_id}"])
        if self.category_id:
            groups.append([f"c{self.category_id}"])
        return groups


    def key_range(self) -> tuple[int, int] | None:
        """Sort keys of the year: the index is ordered by day, so a year is a range of it."""
        if not self.year:
            return None
        if not 1 <= self.year < 9999:
            return 1, 0        # no such year: an empty range, not "no filter"
        first, after = dt.date(self.year, 1, 1), dt.date(self.year + 1, 1, 1)
        return first.toordinal() << 32, (after.toordinal() << 32) - 1


class Engine:
    """Index storage and the three primitive queries the ranking is built on."""

    available = True

    def reading(self):
        """Context for the queries of one search."""
        return contextlib.nullcontext()

    def upsert(self, docs: list[Doc]) -> None: ...
    def delete(self, item_ids: list[int]) -> None: ...
    def rebuild_begin(self) -> None: ...
    def rebuild_end(self) -> None: ...
    def settle(self) -> None:
        """After a rebuild has committed (outside any transaction): make the new rows cheap to read."""
    def count(self, query: st.Query, filters: Filters, kind: str, cap: int) -> int: ...
    def newest(self, query: st.Query, filters: Filters, kind: str, limit: int, offset: int,
               many: bool) -> list[int]:
        """Item ids of matches ``offset:offset+limit``, newest first. ``many``: the group
        has COUNT_CAP matches or more (an engine may choose its plan by it)."""
    def corpus_size(self) -> int: ...
    def matching(self, query: st.Query, filters: Filters, item_ids: list[int]) -> set[int]:
        """Those of ``item_ids`` that are matches (to count an exact hit once)."""
        return set()


def chunks(seq, size):
    seq = list(seq)
    for i in range(0, len(seq), size):
        yield seq[i:i + size]
