"""Personal-data guard (个人信息保护检查): find and mask resident ID numbers,
mobile numbers and bank card numbers before a text is published.

Follows spec watch.md §4. Detection is deliberately conservative about
look-alikes that fill government documents (索引号, 文号, credit codes, office
landlines, amounts, dates) while tolerating what OCR'd scans do to a real
number: full-width digits, a lower-case ``x``, spaces or dashes inside it.

How a text is scanned:

1. Full-width digits and separators are folded to ASCII one character for
   one character, so offsets in the folded text are offsets in the original.
2. Maximal *spans* of digits joined by single spaces or dashes are found.
3. Inside a span, runs of whole groups are tried from the left, longest
   first, against the ID, mobile and bank-card rules in that order of
   priority. Candidates never start or end inside a group: ``(?<!\\d)`` and
   ``(?!\\d)`` semantics, never ``\\b`` (CJK characters count as ``\\w``).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from itertools import accumulate

from stdnum import luhn
from stdnum.cn import ric

from . import clock

ID_CARD = "id_card"
MOBILE = "mobile"
BANK_CARD = "bank_card"
KINDS = (ID_CARD, MOBILE, BANK_CARD)


@dataclass(frozen=True)
class Finding:
    """One piece of personal information (个人信息发现) found in a text."""

    kind: str      # "id_card" | "mobile" | "bank_card"
    start: int     # offset in the scanned string
    end: int
    value: str     # the raw matched text
    masked: str    # the value as it should be published


@dataclass(frozen=True)
class MaskRule:
    """A county's masking format (脱敏格式): how many digits stay visible at
    each end of a number, and the character that hides the others.

    The spec's default keeps ID first 6 / last 4, mobile first 3 / last 4
    (``138****1234``) and bank card first 6 / last 4. An ID number's birth
    date (digits 7-14) is never shown, so an ID rule keeping more than 6
    leading or 4 trailing digits is refused.
    """

    id_card_first: int = 6
    id_card_last: int = 4
    mobile_first: int = 3
    mobile_last: int = 4
    bank_card_first: int = 6
    bank_card_last: int = 4
    char: str = "*"

    def __post_init__(self) -> None:
        for kind in KINDS:
            first, last = self.keep(kind)
            if not (isinstance(first, int) and isinstance(last, int) and first >= 0 and last >= 0):
                raise ValueError(f"{kind}: digits kept must be whole numbers >= 0")
        if self.id_card_first > 6 or self.id_card_last > 4:
            raise ValueError("an ID number rule may keep at most the first 6 and last 4 digits: "
                             "digits 7-14 are the birth date")
        if self.mobile_first + self.mobile_last >= 11:
            raise ValueError("a mobile number rule must hide at least one digit")
        if self.bank_card_first + self.bank_card_last >= 16:
            raise ValueError("a bank card rule must hide at least one digit")
        if len(self.char) != 1 or self.char in "0123456789Xx" or self.char.isspace():
            raise ValueError("the mask character must be one character, not a digit, X or a space")

    def keep(self, kind: str) -> tuple[int, int]:
        try:
            return getattr(self, f"{kind}_first"), getattr(self, f"{kind}_last")
        except AttributeError:
            raise ValueError(f"unknown kind of personal information: {kind!r}") from None


DEFAULT_MASK_RULE = MaskRule()

# One character for one character, so folding never shifts an offset.
_FOLD = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "\uff38": "X", "\uff58": "x",          # full-width X x
    "\u3000": " ", "\u00a0": " ",          # ideographic and no-break space
    "\uff0d": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
    "\uff0a": "*", "\uff0b": "+",
})
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]")
_DIGITS = frozenset("0123456789")
_DIGITS_X = frozenset("0123456789Xx")

# A span: digits joined by at most one space or dash at a time, maybe ending in
# the X check character of an ID number (not when it begins a word).
_SPAN = re.compile(r"[0-9](?:[ -]?[0-9])*(?:[ -]?[Xx](?![0-9A-Za-z]))?")
_GROUP = re.compile(r"[0-9]+[Xx]?|[Xx]")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

_MIN_DIGITS, _MAX_DIGITS = 11, 19
# OCR splits a number into a few pieces (``3604 2619 9101 0100 71``); a run of
# more groups is a row of separate small numbers.
_MAX_GROUPS = 5
_MOBILE_GROUPS = {(11,), (3, 4, 4), (3, 8), (7, 4)}
_ID_REGION_FIRST = frozenset("12345678")
_MOBILE_SECOND = frozenset("3456789")
# Card number prefixes (BIN) and the lengths cards with them have: UnionPay
# 62 and the 60 range of many Chinese debit cards, the 9558/9559 legacy debit
# ranges of ICBC and ABC, Visa 4 and Mastercard 51-55. Visa and Mastercard
# are held to 16 digits because the 18-digit ID numbers of 河南-海南 (41-46)
# and 四川-西藏 (51-54) also begin with 4 and 5.
_CARD_BINS = {
    **dict.fromkeys(("62", "60"), range(16, 20)),
    **dict.fromkeys(("9558", "9559"), (19,)),
    **dict.fromkeys(("4", "51", "52", "53", "54", "55"), (16,)),
}

_BANK_WORDS = re.compile(r"卡号|账号|帐号|账户|帐户|开户|银行|银联|储蓄卡|借记卡|信用卡|社保卡|存折|一卡通")
_MONEY_BEFORE = re.compile(r"(?:[¥￥$]|人民币|金额[:：]?)\s*$")
_MONEY_AFTER = re.compile(r"^\s*(?:元|万|亿|圆|块|美元)")
# A 15-digit number right after these words is a registration or serial number.
_SERIAL_WORDS = re.compile(r"(?:注册号|代码|编号|编码|税号|流水号|单号|订单|批号|条码|序列号)[:：\s]*$")
_BANK_BEFORE, _BANK_AFTER = 24, 12


def find_pii(text: str, *, rule: MaskRule = DEFAULT_MASK_RULE) -> list[Finding]:
    """Every ID, mobile and bank card number in ``text``, sorted by start and
    non-overlapping; ``masked`` follows ``rule``."""
    folded = text.translate(_FOLD) if _FOLDABLE.search(text) else text
    today = clock.today()
    findings: list[Finding] = []
    for span in _SPAN.finditer(folded):
        raw = span.group()
        if len(raw) - raw.count(" ") - raw.count("-") < _MIN_DIGITS:
            continue  # years, counts, serials: the common case, skipped cheaply
        for kind, start, end, digits in _scan_span(folded, span, today):
            value = text[start:end]
            if _country_prefix_len(kind, digits):
                masked = mask_value(kind, value, rule)
            else:
                masked = _mask_digits(kind, digits.upper(), rule)
            findings.append(Finding(kind, start, end, value, masked))
    return findings


def mask_value(kind: str, value: str, rule: MaskRule = DEFAULT_MASK_RULE) -> str:
    """``value`` as published: hidden digits become ``rule.char`` one for one,
    separators inside the number are dropped, a ``+86`` prefix is kept."""
    rule.keep(kind)  # rejects an unknown kind
    folded = value.translate(_FOLD)
    positions = [i for i, c in enumerate(folded) if c in _DIGITS_X]
    digits = "".join(folded[i] for i in positions).upper()
    masked = _mask_digits(kind, digits, rule)
    prefix = _country_prefix_len(kind, digits)
    if prefix:
        return value[:positions[prefix]] + masked[prefix:]
    return masked


def mask_text(text: str, rule: MaskRule = DEFAULT_MASK_RULE) -> tuple[str, list[Finding]]:
    """``text`` with every finding replaced by its masked form, and the
    findings (offsets refer to the original ``text``)."""
    findings = find_pii(text, rule=rule)
    parts, pos = [], 0
    for f in findings:
        parts += [text[pos:f.start], f.masked]
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), findings


def mask_html(html: str, rule: MaskRule = DEFAULT_MASK_RULE) -> tuple[str, int]:
    """Mask the numbers shown in an HTML fragment's text nodes; tags and their
    attributes, comments, scripts and styles are left byte for byte.

    Text split by inline tags (Word pastes ``<span>138</span>12345678``) is
    read as one, so such numbers are found too; their hidden digits are then
    replaced in place and the markup kept. Returns the HTML and the count of
    numbers masked.
    """
    view = _HtmlTextView(html)
    edits: list[tuple[int, int, str]] = []
    findings = find_pii(view.text, rule=rule)
    for f in findings:
        edits += view.edits_for(f, rule)
    out, pos = [], 0
    for start, end, replacement in sorted(edits):
        out += [html[pos:start], replacement]
        pos = end
    out.append(html[pos:])
    return "".join(out), len(findings)


# --- scanning a span ---------------------------------------------------------

def _scan_span(folded: str, span: re.Match[str], today: dt.date) -> Iterator[tuple[str, int, int, str]]:
    """Yield (kind, start, end, digits) for the numbers inside one span."""
    offset = span.start()
    groups = _attach_lone_x([(m.start() + offset, m.end() + offset, m.group())
                             for m in _GROUP.finditer(span.group())])
    first = 1 if _tainted_left(folded, span.start()) else 0
    last = len(groups) - (2 if _tainted_right(folded, span.end()) else 1)
    # Digits before each group: skip starts whose next groups are too short
    # to hold a number, which keeps a long row of small numbers cheap.
    before = [0, *accumulate(len(g[2]) for g in groups)]
    i = first
    while i <= last:
        if before[min(i + _MAX_GROUPS, last + 1)] - before[i] < _MIN_DIGITS:
            i += 1
            continue
        hit = _longest_candidate(folded, groups, i, last, today)
        if hit is None:
            i += 1
            continue
        kind, j, start, digits = hit
        yield kind, start, groups[j][1], digits
        i = j + 1


def _attach_lone_x(groups: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``350102 19900101 123 X``: a check character set apart joins its group."""
    if len(groups) > 1 and groups[-1][2] in ("X", "x"):
        start, _, digits = groups[-2]
        return groups[:-2] + [(start, groups[-1][1], digits + groups[-1][2])]
    return groups


def _tainted_left(folded: str, start: int) -> bool:
    """The span continues a code (``M000100``), a masked number (``****1234``)
    or a decimal fraction (``0.13800000000``)."""
    if start == 0:
        return False
    before = folded[start - 1]
    return (before in _ASCII_LETTERS or before == "*"
            or (before == "." and start >= 2 and folded[start - 2] in _DIGITS))


def _tainted_right(folded: str, end: int) -> bool:
    if end >= len(folded):
        return False
    after = folded[end]
    return (after in _ASCII_LETTERS or after == "*"
            or (after == "." and end + 1 < len(folded) and folded[end + 1] in _DIGITS))


def _longest_candidate(folded: str, groups: list[tuple[int, int, str]], i: int, last: int,
                       today: dt.date) -> tuple[str, int, int, str] | None:
    """The longest run of whole groups from group ``i`` that is a number of
    some kind: (kind, index of its last group, start offset, digits), or None."""
    runs, digits = [], ""
    lengths: tuple[int, ...] = ()
    for j in range(i, min(last, i + _MAX_GROUPS - 1) + 1):
        digits += groups[j][2]
        lengths += (len(groups[j][2]),)
        if len(digits) > _MAX_DIGITS:
            break
        if len(digits) >= _MIN_DIGITS:
            runs.append((j, digits, lengths))
    start = groups[i][0]
    for j, digits, lengths in reversed(runs):
        end = groups[j][1]
        kind = _classify(digits, lengths, folded, start, end, today)
        if kind is None or _money_context(folded, start, end):
            continue
        if kind == MOBILE and digits.startswith("86") and start and folded[start - 1] == "+":
            return kind, j, start - 1, digits
        return kind, j, start, digits
    return None


def _classify(digits: str, lengths: tuple[int, ...], folded: str, start: int, end: int,
              today: dt.date) -> str | None:
    n = len(digits)
    if digits[-1] in "Xx":
        return ID_CARD if n == 18 and _is_id18(digits, today) else None
    if n == 18 and _is_id18(digits, today):
        return ID_CARD  # ID numbers win over bank cards of the same length
    if n == 15 and len(lengths) == 1 and _is_id15(digits, today) \
            and not _SERIAL_WORDS.search(folded, max(0, start - 12), start):
        return ID_CARD
    if _is_mobile(digits, lengths):
        return MOBILE
    if 16 <= n <= 19 and _is_bank_card(digits, lengths, folded, start, end, today):
        return BANK_CARD
    return None


def _valid_birth(year: int, month: int, day: int, today: dt.date) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= today


def _id_shaped(digits: str, today: dt.date) -> bool:
    """Region and birth date plausible: what an 18-digit ID looks like
    before its check digit is considered."""
    return (digits[0] in _ID_REGION_FIRST
            and _valid_birth(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]), today))


def _is_id18(digits: str, today: dt.date) -> bool:
    """居民身份证号 (GB 11643): region, birth date, sequence, MOD 11-2 check."""
    return _id_shaped(digits, today) and ric.calc_check_digit(digits.upper()) == digits[-1].upper()


def _is_id15(digits: str, today: dt.date) -> bool:
    """Legacy 15-digit number: no check digit, birth date as YYMMDD in 19xx."""
    return (digits[0] in _ID_REGION_FIRST
            and _valid_birth(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]), today))


def _is_mobile(digits: str, lengths: tuple[int, ...]) -> bool:
    prefix = _country_prefix_len(MOBILE, digits)
    if prefix:
        digits = digits[2:]
        lengths = (11,) if lengths == (13,) else lengths[1:] if lengths[0] == 2 else ()
    return (len(digits) == 11 and digits[0] == "1" and digits[1] in _MOBILE_SECOND
            and lengths in _MOBILE_GROUPS)


def _is_bank_card(digits: str, lengths: tuple[int, ...], folded: str, start: int, end: int,
                  today: dt.date) -> bool:
    # A spaced card number is printed in fours; other groupings are something else.
    if len(lengths) > 1 and any(n != 4 for n in lengths[:-1]):
        return False
    if not luhn.is_valid(digits):
        return False
    # A random number passes Luhn one time in ten: also require a card BIN or
    # bank words nearby. An ID-shaped number with a wrong check digit is a
    # mistyped ID far more often than a card, so it needs the words.
    known_bin = _known_bin(digits) and not (len(digits) == 18 and _id_shaped(digits, today))
    return known_bin or _bank_context(folded, start, end)


def _known_bin(digits: str) -> bool:
    return any(digits.startswith(prefix) and len(digits) in lengths for prefix, lengths in _CARD_BINS.items())


def _bank_context(folded: str, start: int, end: int) -> bool:
    before = folded[max(0, start - _BANK_BEFORE):start].rsplit("\n", 1)[-1]
    after = folded[end:end + _BANK_AFTER].split("\n", 1)[0]
    return bool(_BANK_WORDS.search(before) or _BANK_WORDS.search(after))


def _money_context(folded: str, start: int, end: int) -> bool:
    """``13800000000元`` or ``¥13800000000`` is an amount, not a number to hide."""
    return bool(_MONEY_BEFORE.search(folded, max(0, start - 8), start)
                or _MONEY_AFTER.match(folded[end:end + 4]))


# --- masking -----------------------------------------------------------------

def _country_prefix_len(kind: str, digits: str) -> int:
    """2 when a mobile number is written with its +86 / 86 prefix."""
    return 2 if kind == MOBILE and len(digits) == 13 and digits.startswith("86") else 0


def _mask_digits(kind: str, digits: str, rule: MaskRule) -> str:
    """``digits`` (separators removed) with the hidden ones replaced."""
    prefix = _country_prefix_len(kind, digits)
    body = digits[prefix:]
    n = len(body)
    first, last = rule.keep(kind)
    if kind == ID_CARD:
        # Whatever the rule, the birth date stays hidden: digits 7-14 of an
        # 18-digit number, 7-12 of a legacy 15-digit one.
        birth_end = 14 if n == 18 else 12
        first, last = min(first, 6), max(0, min(last, n - birth_end))
    if first + last >= n:
        first, last = 0, 0
    return digits[:prefix] + body[:first] + rule.char * (n - first - last) + body[n - last:]


# --- HTML --------------------------------------------------------------------

# Tags that do not end a line of text: a number may run across them.
_INLINE_TAGS = frozenset({
    "a", "abbr", "b", "big", "cite", "code", "del", "em", "font", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "var", "o:p",
})
_RAW_TEXT_TAGS = frozenset({"script", "style"})
_HTML_TOKEN = re.compile(r"""
    <!--.*?(?:-->|\Z)
  | <![^>]*>
  | <\?[^>]*>
  | <(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?:[^>"']|"[^"]*"|'[^']*')*>
""", re.S | re.X)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class _HtmlTextView:
    """The text an HTML fragment shows, with a map from each character of
    that text back to the source characters it came from."""

    def __init__(self, html: str):
        self.html = html
        self._parts: list[str] = []
        self.src_start: list[int] = []
        self.src_end: list[int] = []
        pos = 0
        for tok in _HTML_TOKEN.finditer(html):
            if tok.start() < pos:
                continue  # inside a script or style already skipped
            self._add_text(pos, tok.start())
            name = (tok.group("name") or "").lower()
            if name not in _INLINE_TAGS:
                self._add_break()
            pos = tok.end()
            if name in _RAW_TEXT_TAGS and not tok.group("close"):
                closing = re.compile(rf"</{name}\s*>", re.I).search(html, pos)
                pos = closing.end() if closing else len(html)
        self._add_text(pos, len(html))
        self.text = "".join(self._parts)

    def _add_break(self) -> None:
        self._parts.append("\n")
        self.src_start.append(-1)
        self.src_end.append(-1)

    def _add_text(self, start: int, end: int) -> None:
        pos = start
        for ent in _ENTITY.finditer(self.html, start, end):
            self._add_plain(pos, ent.start())
            decoded = unescape(ent.group())
            self._parts.append(decoded)
            self.src_start.extend([ent.start()] * len(decoded))
            self.src_end.extend([ent.end()] * len(decoded))
            pos = ent.end()
        self._add_plain(pos, end)

    def _add_plain(self, start: int, end: int) -> None:
        if start < end:
            self._parts.append(self.html[start:end])
            self.src_start.extend(range(start, end))
            self.src_end.extend(range(start + 1, end + 1))

    def edits_for(self, f: Finding, rule: MaskRule) -> list[tuple[int, int, str]]:
        """(start, end, replacement) edits of the source that mask ``f``."""
        a, b = self.src_start[f.start], self.src_end[f.end - 1]
        if self.html[a:b] == f.value:
            return [(a, b, f.masked)]  # the usual case: one plain text run
        folded = f.value.translate(_FOLD)
        positions = [i for i, c in enumerate(folded) if c in _DIGITS_X]
        masked = _mask_digits(f.kind, "".join(folded[i] for i in positions).upper(), rule)
        edits = []
        for i, out in zip(positions, masked):
            if out == rule.char:
                k = f.start + i
                edits.append((self.src_start[k], self.src_end[k], rule.char))
        return edits

