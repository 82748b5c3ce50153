"""Spliced spam in open text (拼接式植入): a spam phrase written into the running text of an
official page in place of a word, as on the hacked 2016 annual report of 横现河街道办事处 where
"西甲直播" stood three times for "关于" ("贯彻落实省、市、县西甲直播:开展政府信息公开工作的要求").

Each occurrence is plain visible text and far below the open-text cluster threshold, so the page is
judged by context instead, with three signals a clerk can check by reading the sentence:

- the phrase **breaks the sentence**: it sits inside a sentence of government prose (政务公文用语:
  贯彻, 落实, 要求 …), with words of that sentence on both sides;
- it has **no topical support**: none of its category's topic words (``data/topics.txt``: 比赛, 足球,
  赛事 … for sports streaming) occurs anywhere else on the page;
- it **recurs** on the page.

A phrase counts only when it is spam-typical (lexicon weight ≥ 2: 西甲直播, not 直播), is not in
legitimate context (打击, 警惕, 非法 … in its sentence or the next ones, nothing promotional there),
breaks its sentence, and either has no topical support or recurs. A phrase that is spam on its own
(weight 3: a porn-site title such as 亚洲图欧美日韩在线, a casino brand) and does not name its category
counts also when pasted onto the start or end of a prose sentence, topical support or not: an article
about 色情网站 still does not glue a porn-site title onto its sentences. A phrase the page itself uses in
legitimate context elsewhere (an anti-fraud article saying 裸聊 four times) is the page's topic. The finding lists every place with its sentence, the phrase and the reasons."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import spam

__all__ = ["PROSE", "Place", "spliced_places", "topic_words"]

DATA = Path(__file__).with_name("data") / "topics.txt"
PROSE = "prose"
MIN_WEIGHT = 2          # 直播, 彩票, 色情 alone are everyday words of government pages
SIDE = 2                # sentence characters needed on each side of the phrase
WINDOW = 36             # characters of the sentence shown on each side of the phrase
_SENTENCE_END = re.compile(r"[。！？!?；;]|\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Place:
    """One spliced occurrence: the phrase, the sentence it stands in, why it is out of place."""

    phrase: str
    category: str
    sentence: str
    segment: int                                 # index of its sentence in the page text
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, str | list[str]]:
        return {"phrase": self.phrase, "category": self.category, "sentence": self.sentence,
                "reasons": list(self.reasons)}


@lru_cache(maxsize=1)
def topic_words() -> dict[str, tuple[str, ...]]:
    """Category → its topic words (and ``prose`` → government-prose words), from topics.txt."""
    out: dict[str, list[str]] = {}
    category = None
    for raw in DATA.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            out.setdefault(category, [])
            continue
        if category:
            out[category] += [spam.normalize(w) for w in line.split()]
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def _segments(text: str) -> list[str]:
    """The text cut into sentences. Chinese prose has no spaces inside a sentence, so a run of
    whitespace (between a menu and the article, between two paragraphs) ends one too."""
    return [seg for seg in _SENTENCE_END.split(text or "") if seg.strip()]


def _blanked(norm: str, hits: Iterable[spam.Hit]) -> str:
    chars = list(norm)
    for hit in hits:
        chars[hit.start:hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)


def _phrase_hits(all_hits: list[spam.Hit]) -> list[spam.Hit]:
    """The spam-typical hits and the weaker ones touching them (澳门威尼斯人 + 赌场 of one brand)."""
    strong = [h for h in all_hits if h.weight >= MIN_WEIGHT]
    return [h for h in all_hits if h.weight >= MIN_WEIGHT or
            any(abs(h.start - s.end) <= 1 or abs(s.start - h.end) <= 1 for s in strong)]


def _prose_words(text: str) -> list[str]:
    found = [w for w in topic_words().get(PROSE, ()) if w in text]
    return [w for w in found if not any(w != other and w in other for other in found)]


def _excerpt(norm: str, lo: int, hi: int, start: int, end: int) -> str:
    """The sentence around the phrase, at most WINDOW characters on each side."""
    left = norm[max(lo, start - WINDOW):start].lstrip()
    right = norm[end:min(hi, end + WINDOW)].rstrip()
    return left + norm[start:end] + right


def _excused(context: str) -> bool:
    """Legitimate context in the sentence or its neighbours (警惕裸聊, 打击赌博, 非法的色情网站) and
    nothing promotional there."""
    _, _, promo, legit = spam.scan(context)
    return bool(legit) and not promo


def _glued_side(norm: str, hit: spam.Hit) -> str | None:
    """Which side of the phrase runs on into SIDE Chinese characters with no punctuation between:
    a spam title pasted in front of a sentence ("亚洲图欧美日韩在线经了解，……") or after its end."""
    after = norm[hit.end:hit.end + SIDE]
    before = norm[max(0, hit.start - SIDE):hit.start]
    if len(after) == SIDE and all(_CJK.match(c) for c in after):
        return "start"
    if len(before) == SIDE and all(_CJK.match(c) for c in before):
        return "end"
    return None


def _glued(norm: str, hit: spam.Hit) -> bool:
    return hit.weight >= spam.TEMPLATE_WORD_WEIGHT and _glued_side(norm, hit) is not None


def _names_no_topic(hit: spam.Hit) -> bool:
    """A phrase that names its own category (色情网站 contains 色情) is how prose talks *about* spam;
    a site title or brand (亚洲图欧美日韩在线, 澳门威尼斯人) is how spam talks. Only the latter counts
    on a page whose topic is that category."""
    return not any(w in hit.word for w in topic_words().get(hit.category, ()))


def spliced_places(text: str) -> list[Place]:
    """The spliced occurrences in a page's open text (empty when the page is clean)."""
    if not any(h.weight >= MIN_WEIGHT for h in spam.scan(text)[1]):
        return []                                    # one pass over a clean page, no sentence split
    segments = _segments(text)
    scanned = [spam.scan(seg) for seg in segments]
    found = []                                       # (segment index, hit)
    rests = []
    for i, (norm, hits, _, _) in enumerate(scanned):
        rests.append(_blanked(norm, _phrase_hits(hits)))
        found += [(i, h) for h in hits if h.weight >= MIN_WEIGHT]
    if not found:
        return []
    rest = " ".join(rests)
    topics = topic_words()
    supported = {c: any(w in rest for w in topics.get(c, ())) for c in {h.category for _, h in found}}
    counts: dict[str, int] = {}
    for _, hit in found:
        counts[hit.word] = counts.get(hit.word, 0) + 1
    excused = {(i, h.start) for i, h in found if _excused(" ".join(segments[max(0, i - 1):i + 2]))}
    discussed = {h.word for i, h in found if (i, h.start) in excused}   # the page's own topic
    places = []
    for i, hit in found:
        if (i, hit.start) in excused or hit.word in discussed:
            continue
        norm, seg_rest = scanned[i][0], rests[i]
        left, right = seg_rest[:hit.start], seg_rest[hit.end:]
        prose = _prose_words(left + right)
        broken = len(_CJK.findall(left)) >= SIDE and len(_CJK.findall(right)) >= SIDE and bool(prose)
        unsupported = not supported[hit.category]
        recurs = counts[hit.word] >= 2
        glued = not broken and bool(prose) and _glued(norm, hit) and _names_no_topic(hit)
        if not glued and (not broken or not (unsupported or recurs)):
            continue
        label = spam.CATEGORY_LABELS.get(hit.category, hit.category)
        if broken:
            reasons = [f"嵌在政务公文句子中间，打断了句子（前后是“{'、'.join(prose[:3])}”等公文用语）"]
        else:
            reasons = [f"紧贴在句子{'开头' if _glued_side(norm, hit) == 'start' else '末尾'}，与句子没有语法关系"
                       f"（句中是“{'、'.join(prose[:3])}”等公文用语），是“{label}”站点的标题或名称式词串"]
        if unsupported:
            reasons.append(f"全页没有任何与“{label}”相关的内容")
        if recurs:
            reasons.append(f"在本页出现{counts[hit.word]}次")
        places.append(Place(hit.word, hit.category, _excerpt(norm, 0, len(norm), hit.start, hit.end), i, reasons))
    return places
