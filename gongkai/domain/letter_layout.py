"""Page layout rules of an official letter (公文, GB/T 9704-2012) that the PDF needs.

The 落款 (issuing office and 成文日期) must never stand alone on a page: it is kept on the
page of the last paragraph of the text. :func:`closing_start` finds where that block
begins in a letter's paragraphs. Pure Python.
"""
from __future__ import annotations

RIGHT = "right"


def _blank(text: str) -> bool:
    return not (text or "").strip()


def closing_start(paragraphs: list[tuple[str, str]]) -> int:
    """Index of the first paragraph of the closing block of ``[(text, align)]``: the last
    paragraph of the text before the 落款 (the last run of right-aligned lines), so that
    block, the 落款 and whatever follows it (附注, 联系电话) are laid out together. A letter
    without a right-aligned line keeps its last two paragraphs together."""
    filled = [i for i, (text, _) in enumerate(paragraphs) if not _blank(text)]
    if not filled:
        return 0
    rights = [i for i in filled if paragraphs[i][1] == RIGHT]
    if not rights:
        return filled[-2] if len(filled) > 1 else filled[-1]
    first = rights[-1]
    while first > 0 and (paragraphs[first - 1][1] == RIGHT or _blank(paragraphs[first - 1][0])):
        first -= 1
    before = [i for i in filled if i < first]
    return before[-1] if before else first
