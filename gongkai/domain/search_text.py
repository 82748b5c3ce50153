"""Text rules of the catalog full-text search (全文检索): tokens, queries, snippets.

Pure Python, no Django: the catalog app stores what :func:`index_text` returns in
SQLite FTS5 or a PostgreSQL ``tsvector('simple')`` and turns a :class:`Query` into
the engine's syntax with :func:`fts5_match` / :func:`pg_tsquery`.

Why character bigrams, not jieba words, in the index
----------------------------------------------------
A disclosure portal must find *every* item that contains what the user typed. A word
segmenter cannot promise that: jieba cuts 精准扶贫工作 as 精准/扶贫/工作 today, but
a new dictionary (or an unusual context such as 扶贫困户) cuts differently, and a
query whose cut does not line up with the document's cut silently finds nothing.
Overlapping bigrams do promise it: every run of Chinese characters ``c1 c2 … cn``
is indexed as one token per character, ``c1c2, c2c3, …, cn`` (the last character
of a run stands alone). Any substring of two or more characters is then exactly a
sequence of adjacent bigrams, so a query is a *phrase* of its bigrams and recall
is complete; no dictionary is involved and indexing is a few slices per character.

The lone last character carries two more guarantees:

* a single-character query ``镇`` is the prefix query ``镇*`` — it matches the
  bigrams that start with 镇 and the lone 镇 at the end of a run, so it too is
  complete (no LIKE scan). It is slower than a word query on a big catalog, and
  the page says so (:data:`SINGLE_CHAR_HINT`);
* a query that mixes scripts, e.g. 文号 ``报告2024`` or ``〔2024〕15号``, is a
  phrase across runs, because the document's tokens ``报告 告 2024`` are adjacent.

Letters and digits (文号, years, English abbreviations) are indexed as whole
lower-cased words after character-wise NFKC (full-width ２０２４ becomes 2024); a
query word matches whole words only (``15`` does not find ``2015``).

jieba is used where it helps without risking recall: when a long query such as
``低保申请条件`` matches nothing as an exact phrase, :func:`relaxed_query` cuts it
with ``jieba.cut`` (precise mode: words that do not overlap, so no redundant
conditions) and the catalog searches for items that contain all of the words
anywhere (低保 AND 申请 AND 条件), and tells the user so. Indexing jieba words as
well would make the index about twice as large and indexing several times slower
(jieba is pure Python) for a ranking gain that the title boost already gives.

Ranking is :func:`relevance`, BM25 computed here over a bounded window of candidates
(see its comment for why not the engines' own functions); the catalog puts items
whose *title* contains the query above items that contain it only in the body.

Snippets are cut from the original text (not the tokens), HTML-escaped, with
``<mark>`` around every occurrence of a query term.
"""
from __future__ import annotations

import functools
import html
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 100     # longer input is rejected, not truncated: the user must see why
MAX_TERMS = 10            # each term is a phrase; more make slow queries and no better results
MAX_WORD_CHARS = 64       # clip of a Latin/digit word: base64 blobs and URLs are not words
SNIPPET_CHARS = 120

MESSAGE_EMPTY = "请输入要检索的词语。"
MESSAGE_TOO_LONG = f"检索词过长，请不要超过{MAX_QUERY_CHARS}个字。"
MESSAGE_NO_WORDS = "检索词中没有可检索的汉字、字母或数字，请重新输入。"
MESSAGE_TOO_MANY_TERMS = f"检索词太多，只按前{MAX_TERMS}个词检索。"
SINGLE_CHAR_HINT = "单个字的检索结果较多，输入两个字以上的词语可以更准确。"

# Han ideographs (BMP, extension A, compatibility, supplementary planes) and 〇 (二〇二四年).
_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A token is a run of Han characters or a run of other letters/digits (no underscore).
_RUN_RE = re.compile(f"([{_CJK}]+)|((?:(?![{_CJK}])[^\\W_])+)")
# Whitespace and list punctuation separate the terms of a query (AND); any other
# punctuation inside a term (〔〕-/.) is only a break between runs of one phrase.
_TERM_SPLIT_RE = re.compile(r"[\s,，、;；|]+")


# Code points whose NFKC + case folding differs and matters for tokens: letters,
# digits and ideographs (full-width Ａ１, Ⅻ, ①, compatibility ideographs, upper case).
# Punctuation that folds (full-width ，) is a separator either way, so it is left
# alone: typical Chinese prose then needs no folding at all, and a one-pass regex
# check replaces a whole-string NFKC that would cost more than the rest of a query.
_FOLD_RANGES = [(0, 0xD800), (0xE000, 0x10000), (0x1D400, 0x1D800), (0x1F100, 0x1F200), (0x2F800, 0x2FA20)]


@functools.cache
def _fold_table() -> dict[int, str]:
    table = {}
    word = re.compile(r"[^\W_]")
    for start, end in _FOLD_RANGES:
        for cp in range(start, end):
            ch = chr(cp)
            folded = unicodedata.normalize("NFKC", ch).casefold()
            if folded != ch and (word.match(ch) or word.search(folded)):
                table[cp] = folded
    return table


def _char_class(code_points: Iterable[int]) -> str:
    ranges: list[list[int]] = []
    for cp in sorted(code_points):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "[" + "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges) + "]"


@functools.cache
def _fold_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # two classes: one with astral code points makes re fall back to a slow scan
    table = _fold_table()
    return (re.compile(_char_class(cp for cp in table if cp < 0x10000)),
            re.compile(_char_class(cp for cp in table if cp >= 0x10000)))


_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def _needs_folding(text: str) -> bool:
    bmp, astral = _fold_res()
    return bool(bmp.search(text)) or (bool(_ASTRAL_RE.search(text)) and bool(astral.search(text)))


def normalize(text: str) -> str:
    """Character-wise NFKC and case folding of letters, digits and ideographs (２０２４ → 2024)."""
    if not _needs_folding(text):
        return text
    return text.translate(_fold_table())


def _runs(normalized: str) -> Iterator[tuple[bool, str]]:
    """Yield ``(is_cjk, run)`` for each token-bearing run of normalized text."""
    for m in _RUN_RE.finditer(normalized):
        if m.group(1):
            yield True, m.group(1)
        else:
            yield False, m.group(2)[:MAX_WORD_CHARS]


def index_tokens(text: str) -> list[str]:
    """Tokens of ``text`` in order: one per Han character (its bigram), one per word."""
    tokens: list[str] = []
    for is_cjk, run in _runs(normalize(text or "")):
        if is_cjk:
            tokens.extend([run[i:i + 2] for i in range(len(run))])
        else:
            tokens.append(run)
    return tokens


def index_text(text: str, mark: str = "") -> str:
    """Space-separated tokens, each prefixed with ``mark``: what the engines index."""
    return " ".join(mark + t for t in index_tokens(text)) if mark else " ".join(index_tokens(text))


# ---------------------------------------------------------------------------- queries

@dataclass(frozen=True)
class Token:
    text: str
    prefix: bool = False     # matches every indexed token that starts with text


@dataclass(frozen=True)
class Term:
    """One whitespace-separated part of the query: a phrase of adjacent tokens."""

    source: str              # the normalized text the user typed, for messages and marks
    tokens: tuple[Token, ...]
    runs: tuple[str, ...]    # the runs in order, to find the term in original text


@dataclass
class Query:
    terms: list[Term] = field(default_factory=list)
    message: str = ""        # set when there is nothing to search; a hint otherwise
    single_char: bool = False

    @property
    def ok(self) -> bool:
        return bool(self.terms)


def _term(source: str) -> Term | None:
    """The phrase for one term; ``None`` if it holds no letters, digits or Han characters.

    A Han run that is followed by another run inside the term ends there in the
    document too, so it contributes all its tokens (bigrams and the lone last
    character). The term's last Han run may continue in the document, so it
    contributes only its bigrams — or, if it is one character, a prefix token.
    """
    runs = list(_runs(source))
    if not runs:
        return None
    tokens: list[Token] = []
    for pos, (is_cjk, run) in enumerate(runs):
        last = pos == len(runs) - 1
        if not is_cjk:
            tokens.append(Token(run))
        elif not last:
            tokens.extend(Token(run[i:i + 2]) for i in range(len(run)))
        elif len(run) == 1:
            tokens.append(Token(run, prefix=True))
        else:
            tokens.extend(Token(run[i:i + 2]) for i in range(len(run) - 1))
    return Term(source, tuple(tokens), tuple(run for _, run in runs))


def parse_query(raw: str | None) -> Query:
    """Turn user input into terms; never raises. An empty result carries a message."""
    text = (raw or "").strip()
    if not text:
        return Query(message=MESSAGE_EMPTY)
    if len(text) > MAX_QUERY_CHARS:
        return Query(message=MESSAGE_TOO_LONG)
    terms: list[Term] = []
    seen: set[tuple[Token, ...]] = set()
    for part in _TERM_SPLIT_RE.split(normalize(text)):
        term = _term(part)
        if term and term.tokens not in seen:
            seen.add(term.tokens)
            terms.append(term)
    if not terms:
        return Query(message=MESSAGE_NO_WORDS)
    query = Query(terms=terms[:MAX_TERMS])
    if len(terms) > MAX_TERMS:
        query.message = MESSAGE_TOO_MANY_TERMS
    query.single_char = any(len(t.tokens) == 1 and t.tokens[0].prefix for t in query.terms)
    if query.single_char and not query.message:
        query.message = SINGLE_CHAR_HINT
    return query


def relaxed_query(query: Query) -> Query | None:
    """The same query with long Chinese terms cut into jieba words (AND), or ``None``.

    Used only when the exact phrases found nothing. Words of one character are
    dropped (的, 和 would match nearly everything); ``None`` if nothing changes.
    """
    terms: list[Term] = []
    seen: set[tuple[Token, ...]] = set()
    changed = False
    for term in query.terms:
        words = [term.source]
        if sum(len(r) for r in term.runs) >= 4:
            import jieba  # late: loading its dictionary takes a second, and is rarely needed

            cut = [w for w in jieba.cut(term.source) if len(w.strip()) >= 2]
            if len(cut) >= 2:
                words, changed = cut, True
        for word in words:
            sub = _term(word)
            if sub and sub.tokens not in seen:
                seen.add(sub.tokens)
                terms.append(sub)
    if not changed or not terms:
        return None
    return Query(terms=terms[:MAX_TERMS])


def describe_relaxed(original: Query, relaxed: Query) -> str:
    """User message shown above relaxed results."""
    words = "”“".join(t.source for t in relaxed.terms)
    phrase = " ".join(t.source for t in original.terms)
    return f"没有找到完整包含“{phrase}”的信息，以下是同时包含“{words}”的信息。"


# ------------------------------------------------------------- engine query syntax
# Tokens hold only letters, digits and Han characters, so quoting them is enough to
# keep FTS5 and tsquery operators in user input ("*:^()&|!) from reaching the engine.

def _fts5_phrase(term: Term, mark: str) -> str:
    return " + ".join(f'"{mark}{t.text}"' + ("*" if t.prefix else "") for t in term.tokens)


def fts5_match(query: Query, mark: str = "") -> str:
    """FTS5 MATCH expression: every term as a phrase of its tokens, each prefixed with ``mark``.

    The catalog indexes the title a second time with marked tokens (``§扶贫``) so that
    "in the title" is a lookup of its own, not a column check over every body hit.
    """
    return " AND ".join(f"({_fts5_phrase(t, mark)})" for t in query.terms)


def fts5_any(groups: list[list[str]]) -> str:
    """FTS5 expression for facet tokens: any token of a group, all groups."""
    return " AND ".join("(" + " OR ".join(f'"{tok}"' for tok in group) + ")" for group in groups)


def pg_tsquery(query: Query) -> str:
    """``to_tsquery('simple', …)`` text: terms AND-ed, each a ``<->`` phrase."""
    def lexeme(tok: Token) -> str:
        return f"'{tok.text}'" + (":*" if tok.prefix else "")

    return " & ".join("(" + " <-> ".join(lexeme(t) for t in term.tokens) + ")" for term in query.terms)


def pg_any(groups: list[list[str]]) -> str:
    """``to_tsquery`` text for facet tokens: any token of a group, all groups."""
    return " & ".join("(" + " | ".join(f"'{tok}'" for tok in group) + ")" for group in groups)


# ---------------------------------------------------------------------- highlighting

def _normalized_with_map(text: str) -> tuple[str, list[int] | None]:
    """Normalized text and, if lengths changed, where each output char came from."""
    normalized = normalize(text)
    if len(normalized) == len(text):
        return normalized, None          # folding was one char for one char
    table = _fold_table()
    origin: list[int] = []
    for i, ch in enumerate(text):
        origin.extend([i] * len(table.get(ord(ch), ch)))
    return normalized, origin


_WORD_CHAR = f"(?:(?![{_CJK}])[^\\W_])"
_GAP = r"[\W_]*"


def _term_pattern(term: Term) -> str:
    """Regex for one term in normalized text: its runs with any punctuation between."""
    parts = []
    for run in term.runs:
        if re.match(f"[{_CJK}]", run):
            parts.append(re.escape(run))
        else:
            # a Latin/digit word matches whole words only: 15 is not inside 2015
            parts.append(f"(?<!{_WORD_CHAR}){re.escape(run)}(?!{_WORD_CHAR})")
    return _GAP.join(parts)


def match_pattern(query: Query) -> re.Pattern[str] | None:
    """One regex for all terms of the query, in normalized text."""
    return _terms_pattern(tuple(query.terms)) if query.terms else None


@functools.lru_cache(maxsize=256)
def _terms_pattern(terms: tuple[Term, ...]) -> re.Pattern[str]:
    # longest first so that 农村低保 wins over 低保 when both are terms
    alts = sorted((_term_pattern(t) for t in terms), key=len, reverse=True)
    return re.compile("|".join(f"(?:{a})" for a in alts))


def match_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` spans of query terms in the original ``text``."""
    pattern = match_pattern(query)
    if not text or pattern is None:
        return []
    normalized, origin = _normalized_with_map(text)
    spans = []
    for m in pattern.finditer(normalized):
        if m.end() > m.start():
            if origin is None:
                spans.append((m.start(), m.end()))
            else:
                spans.append((origin[m.start()], origin[m.end() - 1] + 1))
    return spans


def _mark(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out, pos = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if e <= s or s < pos:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, query: Query) -> str:
    """The whole ``text`` HTML-escaped, with ``<mark>`` around every match (for titles)."""
    text = text or ""
    return _mark(text, match_spans(text, query), 0, len(text))


def _best_window(spans: list[tuple[int, int]], width: int) -> int:
    """Start of the ``width``-long window that covers the most match spans."""
    best_start, best_count, j = spans[0][0], 0, 0
    for i, (start, _) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] <= start + width:
            j += 1
        if j - i + 1 > best_count:
            best_start, best_count = start, j - i + 1
    return best_start


def snippet(text: str, query: Query, width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters of ``text`` around the densest matches, escaped and marked.

    Without a match (the query hit the title only) it is the beginning of the text.
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return ""
    spans = match_spans(text, query)
    if spans:
        # a little context before the first match reads better than starting on it
        start = max(0, _best_window(spans, width) - width // 6)
    else:
        start = 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    body = _mark(text, spans, start, end)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


# ------------------------------------------------------------------------- relevance
# BM25 over a bounded set of candidates, computed here rather than by the engine:
# FTS5's bm25() first counts every row that matches each phrase (its IDF), which on
# a million items costs more than the whole query may; PostgreSQL's ts_rank_cd
# reads every matching tsvector. Counting the terms in the window's own texts costs
# the same on both engines and ranks the same way on both.

BM25_K1 = 1.2
BM25_B = 0.75
TITLE_BOOST = 3.0     # one occurrence in the title (or 文号) counts as three in the body


@functools.lru_cache(maxsize=256)
def _term_regex(term: Term) -> re.Pattern[str]:
    return re.compile(_term_pattern(term))


def idf(doc_freq: int, corpus_size: int) -> float:
    """BM25 inverse document frequency (always positive)."""
    return math.log(1 + (corpus_size - doc_freq + 0.5) / (doc_freq + 0.5))


def relevance(query: Query, docs: list[tuple[str, str]], weights: list[float] | None = None) -> list[float]:
    """BM25 score of each ``(title, body)`` for the query's terms; higher is better."""
    if not docs or not query.terms:
        return [0.0] * len(docs)
    weights = weights or [1.0] * len(query.terms)
    patterns = [_term_regex(t) for t in query.terms]
    normalized = [(normalize(title), normalize(body)) for title, body in docs]
    lengths = [TITLE_BOOST * len(title) + len(body) for title, body in normalized]
    average = (sum(lengths) / len(lengths)) or 1.0
    scores = []
    for (title, body), length in zip(normalized, lengths):
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / average)
        score = 0.0
        for pattern, weight in zip(patterns, weights):
            freq = TITLE_BOOST * len(pattern.findall(title)) + len(pattern.findall(body))
            score += weight * freq * (BM25_K1 + 1) / (freq + norm)
        scores.append(score)
    return scores
