"""One rule for every cell gongkai writes to CSV or XLSX: text a spreadsheet would run as a
formula (CSV/formula injection, e.g. ``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``) is written as
text by prefixing an apostrophe; no Django.

OWASP's list of formula starts: ``=``, ``+``, ``-``, ``@``, tab and carriage return; full-width
``＝＋－＠`` too, which some spreadsheet versions accept for their ASCII forms. Numbers, dates and
``None`` pass unchanged (a number is never a formula), so sums still work.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(value: T) -> T | str:
    """A cell value safe to write: strings starting like a formula get a leading apostrophe."""
    if isinstance(value, str):
        stripped = value.lstrip(" \u3000")
        if stripped.startswith(FORMULA_START):
            return "'" + value
    return value


def neutralise_row(values: Iterable[T]) -> list[T | str]:
    return [neutralise(v) for v in values]


def text_cell(value: object) -> str:
    """As ``neutralise`` for a cell that is always text (CSV): None becomes the empty string."""
    return neutralise("" if value is None else str(value))
