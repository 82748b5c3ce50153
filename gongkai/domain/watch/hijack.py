"""Title hijack (标题/关键词劫持): gambling or porn brand names put into <title>, keywords or
description while the body is untouched (spec watch.md §2.1, §2.2).

The title is judged with the structural threshold (a spam word in the title is a strong signal),
but legitimate context excuses the weaker words, so 《关于严厉打击网络赌博的通告》 passes; a legitimate
phrase framing a strong word (警惕裸聊敲诈) or the body using it in legitimate context excuses it too."""
from __future__ import annotations

from . import spam
from .page import ParsedPage

__all__ = ["FIELDS", "hijacked_fields"]

FIELDS = (
    ("title", "标题", "title"),
    ("keywords", "关键词（keywords）", 'meta[name="keywords"]'),
    ("description", "描述（description）", 'meta[name="description"]'),
)


def _body_excuses(found: spam.Assessment, body: str) -> bool:
    """The page's own text uses every spam word of the field in legitimate context (an anti-fraud
    article titled 《不裸聊 不轻信 不转账》 talks of 裸聊诈骗 and 警方提示), and the field has no
    promotional marker: the title says what the page says, it is not hijacked."""
    if found.promo or not body:
        return False
    _norm, hits, _, legit = spam.scan(body)
    if not legit:
        return False
    for word in found.words:
        places = [h for h in hits if h.word == word]
        if not places or not any(abs(g.start - h.start) <= spam.CONTEXT for h in places for g in legit):
            return False
    return True


def hijacked_fields(page: ParsedPage) -> list[tuple[str, str, spam.Assessment]]:
    """(field label, selector, assessment) of each head field that carries spam. A field is judged
    by the same legitimate-context rules as the body: a legitimate phrase framing the word (警惕裸聊)
    excuses it, and so does the page's own text using the word in legitimate context."""
    out = []
    for attr, label, selector in FIELDS:
        value = getattr(page, attr) or ""
        if not value:
            continue
        found = spam.assess(value)
        if found.flagged(spam.STRUCTURAL) and not _body_excuses(found, page.text):
            out.append((label, selector, found))
    return out
