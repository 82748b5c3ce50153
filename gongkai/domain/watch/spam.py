"""Spam words (违规内容: gambling, porn, sports-streaming, fake documents …) judged in context.

A keyword alone proves nothing on a government site: 彩票, 赌博 and 直播 are everyday words of
lottery reports, anti-gambling notices and sports-bureau news (spec watch.md §0 point 5). So words
carry a weight (``data/spam.txt``: 3 spam on its own, 2 spam-typical, 1 legitimate-looking), the
text around them is searched for promotional markers (开户, 网址 …, which raise the score) and
legitimate-context phrases (打击, 福利彩票, 运动会 …, which excuse only the weaker words), and the caller
sets the threshold by the structural signal it has: a low one for text that is hidden, in an
off-site link, in the title/meta or seen only by a crawler; a high one for open body text.

Matching is one Aho-Corasick pass (pyahocorasick, automaton built once per process) over normalised
text: full-width → half-width, lower case, zero-width characters and bracketed pinyin removed,
symbols between Chinese characters removed, common traditional characters folded to simplified."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple
from functools import lru_cache
from pathlib import Path

import ahocorasick

__all__ = ["CATEGORY_LABELS", "OPEN_TEXT", "STRUCTURAL", "Assessment", "Hit", "assess", "normalize", "scan"]

DATA = Path(__file__).with_name("data") / "spam.txt"
CATEGORY_LABELS = {
    "gambling": "赌博/彩票",
    "porn": "色情",
    "sports_stream": "体育直播引流",
    "fake_docs": "办证/代开发票",
    "private_server": "私服外挂",
}
STRUCTURAL = 2      # threshold with a structural signal (hidden, off-site link, title/meta, crawler-only)
OPEN_TEXT = 6       # threshold for words in open, visible body text
LEGIT_PENALTY = 3   # each distinct legitimate-context phrase excuses this much of the weaker words
CLUSTER_GAP = 60    # characters between two hits of one cluster
CONTEXT = 100       # characters around a cluster searched for legitimate context
FRAME = 4           # characters between a legitimate phrase and the word it governs (警惕裸聊)

_TRAD_PAIRS = (
    "門门賭赌場场線线體体網网開开獎奖號号碼码娛娱樂乐員员會会國国際际發发證证電电視视費费錢钱現现贏赢盤盘馬马買买"
    "賽赛籃篮頻频亞亚極极東东計计劃划黃黄圖图區区臺台灣湾實实時时運运動动銀银擊击務务辦办張张紙纸幣币彈弹麗丽處处"
    "聯联絡络戲戏遊游氣气藝艺與与為为內内這这個个點点貨货幫帮專专價价單单師师衛卫軍军寶宝")
_TABLE: dict[int, int | None] = {ord(_TRAD_PAIRS[i]): ord(_TRAD_PAIRS[i + 1]) for i in range(0, len(_TRAD_PAIRS), 2)}
_TABLE.update(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None))
_TABLE.update({c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]})
_TABLE.update({0xFF0E: ord("."), 0xFF0F: ord("/")})       # full-width letters, digits, URL marks
_NEEDS_TABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _TABLE) + "]")
_CJK = r"[\u4e00-\u9fff]"
_PINYIN = re.compile(rf"(?<={_CJK})[(（][a-z]{{1,6}}[)）]")
_SEPARATORS = re.compile(rf"(?<={_CJK})[\s*·•_~|/\\#^]{{1,3}}(?={_CJK})")


class Hit(NamedTuple):
    word: str
    category: str
    weight: int
    start: int
    end: int


@dataclass
class Assessment:
    """The score of one piece of text: ``score`` compared with a threshold, ``words`` the spam words
    found (for the evidence), ``categories`` their categories, ``snippet`` the words in context."""

    score: int
    words: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    snippet: str = ""
    promo: list[str] = field(default_factory=list)
    legit: list[str] = field(default_factory=list)

    def flagged(self, threshold: int) -> bool:
        return bool(self.words) and self.score >= threshold

    def label(self) -> str:
        cats = "、".join(dict.fromkeys(CATEGORY_LABELS.get(c, c) for c in self.categories))
        return f"{cats}词语：{'、'.join(self.words[:6])}"


def normalize(text: str) -> str:
    """Text as the lexicon is matched against it (same length is not kept)."""
    text = (text or "").lower()
    if _NEEDS_TABLE.search(text):          # a search is far cheaper than translating every page
        text = text.translate(_TABLE).lower()
    text = _PINYIN.sub("", text)
    return _SEPARATORS.sub("", text)


def prepare() -> None:
    """Build the lexicon automaton now (before forking check workers, so each starts with it)."""
    _automaton()


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    """One automaton for the whole lexicon: value = (word, category, weight)."""
    auto = ahocorasick.Automaton()
    category = None
    for raw in DATA.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            continue
        word, _, weight_text = line.rpartition(" ")
        word = normalize(word) if word else normalize(weight_text)
        weight = int(weight_text) if word and weight_text.isdigit() else 1
        existing = auto.get(word, None)
        if existing and existing[1] not in ("promo", "legit") and category in ("promo", "legit"):
            continue
        auto.add_word(word, (word, category, weight))
    auto.make_automaton()
    return auto


# Porn-site title grammar (色情站标题模板): region words stacked with a genre word, as in the titles of
# hijacked mirrors ("亚洲欧美色图视频", "韩日欧美一区", "亚洲图欧美日韩在线"). No lexicon can list every
# permutation; the grammar is the signal. Two region words and one genre word, each at most two
# characters from the next, in one run without punctuation ("出口欧美日韩等国家" has no genre word).
_REGIONS = ("亚洲", "欧美", "日韩", "韩日", "国产")
_GENRES = ("在线", "精品", "视频", "色图", "图片", "一区", "二区", "三区", "无码", "有码", "字幕", "久久",
           "成人", "激情", "综合", "专区", "观看", "毛片", "av")
_TOKEN = "(?:" + "|".join(map(re.escape, _REGIONS + _GENRES)) + ")"
_STACK = re.compile(rf"{_TOKEN}(?:[\u4e00-\u9fffa-z]{{0,2}}?{_TOKEN}){{2,}}")
_REGION_RE = re.compile("|".join(_REGIONS))
_GENRE_RE = re.compile("|".join(_GENRES))
TEMPLATE_WORD_WEIGHT = 3


def _template_hits(norm: str) -> list[Hit]:
    out = []
    for m in _STACK.finditer(norm):
        text = m.group(0)
        if len(set(_REGION_RE.findall(text))) >= 2 and _GENRE_RE.search(text):
            out.append(Hit(text, "porn", TEMPLATE_WORD_WEIGHT, m.start(), m.end()))
    return out


def _raw_hits(norm: str) -> list[Hit]:
    hits = [Hit(w, c, wt, end - len(w) + 1, end + 1) for end, (w, c, wt) in _automaton().iter(norm)]
    if any(r in norm for r in _REGIONS):
        hits += _template_hits(norm)
    return hits


def scan(text: str, normalized: bool = False) -> tuple[str, list[Hit], list[Hit], list[Hit]]:
    """Normalised text and its (spam, promo, legit) hits. Overlapping spam hits are reduced to the
    leftmost-longest ones; a spam hit inside a legitimate phrase (赌博 in 拒绝赌博, 直播 in 网络直播)
    is dropped."""
    norm = text if normalized else normalize(text)
    if not norm:
        return norm, [], [], []
    hits = _raw_hits(norm)
    if not hits:
        return norm, [], [], []
    legit = [h for h in hits if h.category == "legit"]
    promo = [h for h in hits if h.category == "promo"]
    spam = sorted((h for h in hits if h.category not in ("legit", "promo")), key=lambda h: (h.start, -h.end))
    kept: list[Hit] = []
    for hit in spam:
        if kept and hit.start < kept[-1].end:
            continue
        if any(lg.start <= hit.start and hit.end <= lg.end and lg.end - lg.start >= hit.end - hit.start
               for lg in legit):
            continue
        kept.append(hit)
    return norm, kept, promo, legit


def _framed(hit: Hit, legit: list[Hit]) -> bool:
    """A legitimate phrase right next to the word governs it: 警惕裸聊, 裸聊敲诈, 打击赌场."""
    return any((g.end <= hit.start and hit.start - g.end <= FRAME) or
               (hit.end <= g.start and g.start - hit.end <= FRAME) for g in legit)


def _score(spam: list[Hit], promo: list[Hit], legit: list[Hit], excuse: bool = True) -> int:
    """Strong words count in full, weaker ones less each distinct legitimate phrase. A single strong
    word framed by a legitimate phrase (警惕裸聊敲诈) counts as a weaker one when nothing promotes it —
    the same judgement for a title, a meta field, a link text and the body; brand names stuffed
    behind a legitimate word (严厉打击 澳门金沙 真人视讯) still count in full."""
    if excuse and legit and not promo and len({h.word for h in spam if h.weight >= 3}) == 1:
        spam = [h._replace(weight=min(h.weight, 2)) if h.weight >= 3 and _framed(h, legit) else h for h in spam]
    words = {h.word: h.weight for h in spam}
    if not words:
        return 0
    strong = sum(w for w in words.values() if w >= 3)
    weaker = sum(w for w in words.values() if w < 3) + len({h.word for h in promo})
    if excuse:
        weaker -= LEGIT_PENALTY * len({h.word for h in legit})
    return strong + max(0, weaker)


def _snippet(norm: str, start: int, end: int, limit: int = 120) -> str:
    """The words with a little context (≤ ``limit`` characters)."""
    pad = min(20, max(0, (limit - (end - start)) // 2))
    lo, hi = max(0, start - pad), min(len(norm), end + pad)
    return norm[lo:hi][:limit].strip()


def _assessment(norm: str, spam: list[Hit], promo: list[Hit], legit: list[Hit], excuse: bool) -> Assessment:
    return Assessment(
        score=_score(spam, promo, legit, excuse),
        words=list(dict.fromkeys(h.word for h in spam)),
        categories=list(dict.fromkeys(h.category for h in spam)),
        snippet=_snippet(norm, spam[0].start, spam[-1].end) if spam else "",
        promo=list(dict.fromkeys(h.word for h in promo)),
        legit=list(dict.fromkeys(h.word for h in legit)),
    )


def assess(text: str, excuse: bool = True) -> Assessment:
    """Score a short piece of text as a whole (an anchor, a hidden block, a title)."""
    norm, spam, promo, legit = scan(text)
    return _assessment(norm, spam, promo, legit, excuse)


def clusters(text: str) -> list[Assessment]:
    """Score open body text cluster by cluster: hits closer than CLUSTER_GAP characters form one
    cluster; promotional markers near it count, legitimate context within CONTEXT characters excuses
    the weaker words. A spliced-in spam passage in a long report is judged on its own."""
    norm, spam, promo, legit = scan(text)
    if not spam:
        return []
    groups: list[list[Hit]] = [[spam[0]]]
    for hit in spam[1:]:
        if hit.start - groups[-1][-1].end <= CLUSTER_GAP:
            groups[-1].append(hit)
        else:
            groups.append([hit])
    out = []
    for group in groups:
        lo, hi = group[0].start, group[-1].end
        near_promo = [p for p in promo if lo - 30 <= p.start and p.end <= hi + 30]
        near_legit = [g for g in legit if lo - CONTEXT <= g.start and g.end <= hi + CONTEXT]
        out.append(_assessment(norm, group, near_promo, near_legit, True))
    return out


def best_cluster(text: str) -> Assessment | None:
    found = clusters(text)
    return max(found, key=lambda a: a.score) if found else None
