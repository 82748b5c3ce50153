"""Spellings of a 索引号 (index number) or 文号 (document number) as people type them.

A 文号 is printed 城府办发〔2024〕7号, but typed with [ ], ( ), （ ）, 【 】 or full-width
digits; a 索引号 is typed in lower case or with stray spaces. :func:`variants` lists the
spellings to look up exactly, the printed one among them. Pure Python.
"""
from __future__ import annotations

import re
import unicodedata

MAX_IDENTIFIER_CHARS = 100
_YEAR_IN_BRACKETS = re.compile(r"[\[\(【〔［（{｛]\s*(\d{4})\s*[\]\)】〕］）}｝]")
_BRACKETS = (("〔", "〕"), ("[", "]"), ("（", "）"), ("(", ")"), ("【", "】"))


def variants(text: str) -> list[str]:
    """The spellings of ``text`` to match exactly, most likely first; [] for text that
    cannot be an identifier (empty, too long, or with spaces between words)."""
    raw = (text or "").strip()
    if not raw or len(raw) > MAX_IDENTIFIER_CHARS:
        return []
    folded = "".join(unicodedata.normalize("NFKC", raw).split())
    if " " in raw.strip() and not _YEAR_IN_BRACKETS.search(folded):
        return []          # several words: a text query, not one identifier
    out = [raw, folded, folded.upper()]
    if _YEAR_IN_BRACKETS.search(folded):
        out += [_YEAR_IN_BRACKETS.sub(rf"{left}\1{right}", folded) for left, right in _BRACKETS]
    return list(dict.fromkeys(out))
