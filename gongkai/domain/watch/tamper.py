"""Tamper check (网页篡改检查): the live text of a published item against the text gongkai approved.

Spec watch.md §5.2 point 4: an article must never change silently, so for each page that shows a
catalog item the approved text must appear on the live page as one passage. Both texts are first
normalised — Unicode NFKC (full-width letters and digits become half-width), punctuation variants
folded to one form (，/, 。/. “”/"" ……), whitespace removed except one space between Latin words,
zero-width characters dropped — so that the CMS template, an editor's line breaks or a converted
quote mark never count as a change.

When the approved passage is not found whole, it is located sentence by sentence (difflib on the
sentence lists): the live region is the run of sentences aligned with the approved ones, so the
page's header, sidebar and footer (the template chrome) are outside it and never count. Inside the
region, changed sentences are compared character by character so that a gambling phrase spliced
into a sentence shows as just that phrase. Limitation: a new sentence added *before the first* or
*after the last* approved sentence cannot be told from template text by the text alone.
"""
from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Callable

from .findings import HIGH, Finding

__all__ = ["check_page", "diff", "normalise"]

_PUNCT = str.maketrans({
    ",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）",
    "[": "【", "]": "】", "【": "【", "〔": "【", "〕": "】", "［": "【", "］": "】",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"', "「": '"', "」": '"',
    "‘": "'", "’": "'", "‚": "'", "′": "'", "『": '"', "』": '"',
    "—": "-", "–": "-", "‒": "-", "―": "-", "－": "-", "─": "-", "~": "～",
    "•": "·", "・": "·", "∙": "·", "‧": "·",
})
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SENTENCE = re.compile(r"[^。！？；]*(?:[。！？；]+|$)")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_MAX_CHAR_DIFF = 4_000_000      # len(a) * len(b) above which changed sentences are shown whole
_GAP_CHARS = 3000               # live text allowed between two aligned runs of sentences
EVIDENCE_PASSAGES, EVIDENCE_CHARS = 3, 80


def normalise(text: str) -> str:
    """The comparable form of a text (see the module docstring)."""
    text = unicodedata.normalize("NFKC", (text or "").translate(_INVISIBLE))
    out: list[str] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = True
            continue
        if ch == "." or ch == "…":
            prev = out[-1] if out else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if ch == "." and _ASCII_WORD.match(prev or " ") and _ASCII_WORD.match(nxt or " "):
                pass                                    # 3.5, www.example.com
            elif ch == "…" or nxt == "." or prev == "…":
                ch = "…"
                if prev == "…":
                    pending_space = False
                    continue
            else:
                ch = "。"
        else:
            ch = ch.translate(_PUNCT)
        if pending_space and out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(ch):
            out.append(" ")
        pending_space = False
        out.append(ch)
    return "".join(out)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s]


def _region(a: list[str], live: list[str]) -> tuple[int, int, int, int] | None:
    """(a_start, a_end, l_start, l_end): the approved sentences aligned with a live region,
    growing from the longest aligned run while the next run is close by; None if none aligns."""
    blocks = [b for b in difflib.SequenceMatcher(None, a, live, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return None
    chars: Callable[[difflib.Match], int] = lambda b: sum(len(s) for s in a[b.a:b.a + b.size])  # noqa: E731
    best = max(range(len(blocks)), key=lambda k: chars(blocks[k]))
    lo = hi = best
    while lo > 0:
        prev, cur = blocks[lo - 1], blocks[lo]
        gap = sum(len(s) for s in live[prev.b + prev.size:cur.b])
        if gap > _GAP_CHARS and chars(prev) < gap // 2:
            break
        lo -= 1
    while hi < len(blocks) - 1:
        cur, nxt = blocks[hi], blocks[hi + 1]
        gap = sum(len(s) for s in live[cur.b + cur.size:nxt.b])
        if gap > _GAP_CHARS and chars(nxt) < gap // 2:
            break
        hi += 1
    a_start, l_start = blocks[lo].a, blocks[lo].b
    a_end, l_end = blocks[hi].a + blocks[hi].size, blocks[hi].b + blocks[hi].size
    # approved sentences before / after the aligned runs: take as many live neighbours as they
    # number when those read like them (a changed first or last sentence), none otherwise
    if a_start:
        k = min(a_start, l_start)
        if k and _similar("".join(a[a_start - k:a_start]), "".join(live[l_start - k:l_start])):
            l_start -= k
    if a_end < len(a):
        k = min(len(a) - a_end, len(live) - l_end)
        if k and _similar("".join(a[a_end:a_end + k]), "".join(live[l_end:l_end + k])):
            l_end += k
    return 0, len(a), l_start, l_end


def _similar(x: str, y: str) -> bool:
    """Whether most of ``x`` (approved sentences) is found in order in ``y`` (live sentences that
    may carry template text glued on, as a navigation line without a full stop)."""
    if not x or not y:
        return False
    matched = sum(b.size for b in difflib.SequenceMatcher(None, x, y, autojunk=False).get_matching_blocks())
    return matched >= 0.6 * len(x)


def _char_diff(old: str, new: str, inserted: list[str], removed: list[str],
               at_start: bool = False, at_end: bool = False) -> None:
    """Passages inserted into and removed from ``old``; text added before the approved passage
    (``at_start``) or after it (``at_end``) is template text, not a change."""
    # strip the common head and tail first: cheap, and it keeps long changed runs diffable
    head = len(os.path.commonprefix([old, new]))  # noqa: RUF071 character prefix of two texts is meant
    tail = len(os.path.commonprefix([old[head:][::-1], new[head:][::-1]]))  # noqa: RUF071
    at_start, at_end = at_start and head == 0, at_end and tail == 0
    old, new = old[head:len(old) - tail], new[head:len(new) - tail]
    if len(old) * len(new) > _MAX_CHAR_DIFF or not old or not new:
        if new and not ((at_start or at_end) and not old):
            inserted.append(new)
        if old:
            removed.append(old)
        return
    ops = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
           if op[0] != "equal"
           and not (op[0] == "insert" and ((at_start and op[1] == 0) or (at_end and op[1] == len(old))))]
    # merge changes separated by one or two equal characters into one passage
    merged: list[list[int]] = []
    for _tag, i1, i2, j1, j2 in ops:
        if merged and i1 - merged[-1][1] <= 2 and j1 - merged[-1][3] <= 2:
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2])
    for i1, i2, j1, j2 in merged:
        if new[j1:j2]:
            inserted.append(new[j1:j2])
        if old[i1:i2]:
            removed.append(old[i1:i2])


def diff(approved: str, live: str) -> dict[str, list[str]]:
    """{"inserted": [...], "removed": [...]}: the passages of the live page's text that differ from
    the approved text, inside the approved passage only (normalised text, in page order). Both
    lists are empty when the approved text is on the page unchanged."""
    a, ln = normalise(approved), normalise(live)
    inserted: list[str] = []
    removed: list[str] = []
    if not a or a in ln:
        return {"inserted": inserted, "removed": removed}
    a_sent, l_sent = _sentences(a), _sentences(ln)
    region = _region(a_sent, l_sent)
    if region is None:
        return {"inserted": inserted, "removed": ["".join(a_sent)]}
    a0, a1, l0, l1 = region
    sub_a, sub_l = a_sent[a0:a1], l_sent[l0:l1]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, sub_a, sub_l, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "insert" and i1 in (0, len(sub_a))):
            continue                    # equal, or live text before/after the approved passage
        old, new = "".join(sub_a[i1:i2]), "".join(sub_l[j1:j2])
        if tag == "replace":
            _char_diff(old, new, inserted, removed, at_start=i1 == 0, at_end=i2 == len(sub_a))
        elif tag == "insert":
            inserted.append(new)
        else:
            removed.append(old)
    return {"inserted": inserted, "removed": removed}


def _clip(passages: list[str]) -> list[str]:
    return [p if len(p) <= EVIDENCE_CHARS else p[:EVIDENCE_CHARS - 1] + "…" for p in passages[:EVIDENCE_PASSAGES]]


def check_page(url: str, live_text: str, approved_text: str) -> list[Finding]:
    """text_changed (high) when the approved text of a published item is not on the live page
    unchanged; the evidence lists up to 3 inserted and 3 removed passages of up to 80 characters."""
    changes = diff(approved_text, live_text)
    inserted, removed = changes["inserted"], changes["removed"]
    if not inserted and not removed:
        return []
    if not inserted and len(removed) == 1 and removed[0] == "".join(_sentences(normalise(approved_text))):
        evidence = "页面上找不到已发布的正文（正文被整体替换或删除）"
    else:
        parts = []
        if inserted:
            parts.append("插入：" + "；".join(f"「{p}」" for p in _clip(inserted))
                         + (f" 等{len(inserted)}处" if len(inserted) > EVIDENCE_PASSAGES else ""))
        if removed:
            parts.append("删除：" + "；".join(f"「{p}」" for p in _clip(removed))
                         + (f" 等{len(removed)}处" if len(removed) > EVIDENCE_PASSAGES else ""))
        evidence = "页面正文与审核发布的文本不一致。" + "。".join(parts)
    return [Finding(url, "tamper", "text_changed", HIGH, evidence,
                    extra={"inserted": _clip(inserted), "removed": _clip(removed)})]
