"""Title hijack (标题/关键词劫持): gambling or porn brand names put into <title>, keywords or
description while the body is untouched (spec watch.md §2.1, §2.2).

The title is judged with the structural threshold (a spam word in the title is a strong signal),
but legitimate context excuses the weaker words, so 《关于严厉打击网络赌博的通告》 passes."""
from __future__ import annotations

from . import spam
from .page import ParsedPage

__all__ = ["FIELDS", "hijacked_fields"]

FIELDS = (
    ("title", "标题", "title"),
    ("keywords", "关键词（keywords）", 'meta[name="keywords"]'),
    ("description", "描述（description）", 'meta[name="description"]'),
)


def hijacked_fields(page: ParsedPage) -> list[tuple[str, str, spam.Assessment]]:
    """(field label, selector, assessment) of each head field that carries spam."""
    out = []
    for attr, label, selector in FIELDS:
        value = getattr(page, attr) or ""
        if not value:
            continue
        found = spam.assess(value)
        if found.flagged(spam.STRUCTURAL):
            out.append((label, selector, found))
    return out
