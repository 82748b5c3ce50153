"""Normalising what published reports contain: full-width digits (１２),
non-breaking spaces, blank cells and their stand-ins (—, /, 无), thousands
separators, and the label variants of the tables (规范性文件 / 行政规范性文件,
“三安全一稳定” with any quotes)."""
from __future__ import annotations

import re
import unicodedata

__all__ = ["NotANumber", "clean", "is_blank", "label_key", "looks_like_value", "parse_number"]

# Cells that real reports use for "nothing": read as blank (0 in the arithmetic).
_BLANK_MARKS = frozenset({"", "-", "--", "—", "——", "–", "/", "／", "无", "空", "\\", "－", "一"})
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_PUNCT_IN_NUMBERS = str.maketrans({"，": "", ",": "", "．": ".", "。": "."})


class NotANumber(ValueError):
    """A cell whose text is neither blank nor a number."""


def clean(text: str | None) -> str:
    """NFKC (full-width digits and letters to ASCII, full-width spaces) with
    runs of whitespace collapsed to one space and the ends stripped."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def label_key(text: str | None) -> str:
    """A row or column label reduced for matching: normalised, without spaces
    and quotes; NFKC turns （一） into (一)."""
    return _SPACES.sub("", clean(text)).translate(_QUOTES)


def is_blank(text: str | None) -> bool:
    return text is None or _SPACES.sub("", clean(text)) in _BLANK_MARKS


def looks_like_value(text: str | None) -> bool:
    """True for what may stand in a data cell: blank, a blank mark or a number
    (with 件, 万元 or 元 after it)."""
    if is_blank(text):
        return True
    try:
        parse_number(text, decimal=True)
    except NotANumber:
        return False
    return True


def parse_number(text: str | None, decimal: bool = False) -> int | float | None:
    """The number in a cell: None for a blank cell, an int (a float where
    ``decimal``); ``NotANumber`` for anything else."""
    if is_blank(text):
        return None
    value = _SPACES.sub("", clean(text)).translate(_PUNCT_IN_NUMBERS)
    value = re.sub(r"(件|个|项|次|万元|元)$", "", value)
    value = re.sub(r"^(件|个|项|次|万元|元)(?=[+-]?\d)", "", value)   # a PDF cell read out of order: “元 251000”
    if not _NUMBER.match(value):
        raise NotANumber(text)
    number = float(value)
    if decimal:
        return number
    if not number.is_integer():
        raise NotANumber(text)
    return int(number)
