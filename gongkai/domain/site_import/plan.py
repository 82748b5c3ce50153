"""Planning the import (站点导入计划) of records read from an old site's 信息公开 column.

Pure rules, no Django: how a 主题分类/体裁 value of the old site is matched to a taxonomy entry
(exact, then normalised name; never a guess), what 有效性 means, the content hash that makes a
second run import nothing, the duplicates inside one crawl (same 索引号, or same 文号 + 标题), and
whether a 索引号 is in the unit's own format (``gongkai.domain.index_number``), so that the
unit's counter continues after the highest imported serial.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from gongkai.domain.index_number import INDEX_NO_RE
from gongkai.domain.site_import.records import DetailRecord

__all__ = ["CategoryMatch", "Duplicate", "OwnNumber", "content_hash", "duplicates", "match_category",
           "normalise_name", "own_number", "validity_of"]

_SEPARATORS = re.compile(r"[、，,/;；·\s]+")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
VALIDITY = {"有效": "effective", "现行有效": "effective", "": "effective",
            "失效": "repealed", "废止": "repealed", "已废止": "repealed", "已失效": "repealed"}


def normalise_name(name: str) -> str:
    """The comparable form of a category name: NFKC, separators folded to 、, spaces dropped."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    parts = [p for p in _SEPARATORS.split(text) if p]
    return "、".join(parts)


@dataclass(frozen=True)
class CategoryMatch:
    """The entry a value maps to (``code`` None when the value is empty or unmapped)."""

    value: str
    code: str | None
    how: str          # "exact", "normalised", "empty", "unmapped"


def match_category(value: str, names: Mapping[str, str]) -> CategoryMatch:
    """Map ``value`` to one of ``names`` (code → name): the exact name, else the normalised name,
    else the normalised name without its bracketed note (命令 ↔ 命令（令）) when that is unique.
    Anything else is unmapped — reported, never guessed."""
    value = (value or "").strip()
    if not value:
        return CategoryMatch(value, None, "empty")
    for code, name in names.items():
        if name == value:
            return CategoryMatch(value, code, "exact")
    wanted = normalise_name(value)
    hits = [code for code, name in names.items() if normalise_name(name) == wanted]
    if len(hits) == 1:
        return CategoryMatch(value, hits[0], "normalised")
    bare = normalise_name(_BRACKETED.sub("", value))
    hits = [code for code, name in names.items() if normalise_name(_BRACKETED.sub("", name)) == bare]
    if len(hits) == 1:
        return CategoryMatch(value, hits[0], "normalised")
    return CategoryMatch(value, None, "unmapped")


def validity_of(value: str) -> str | None:
    """有效性 as the catalog's choice ("effective"/"repealed"); None when unknown (reported)."""
    return VALIDITY.get(normalise_name(value).replace("、", ""))


def content_hash(record: DetailRecord) -> str:
    """SHA-256 of what the import takes from a page; a page whose hash is unchanged is not read again."""
    data = [record.url, record.title, record.index_number, record.doc_number, record.publisher,
            record.written_on.isoformat() if record.written_on else "",
            record.published_on.isoformat() if record.published_on else "",
            record.topic, record.genre, record.validity, record.body_html,
            [[a.url, a.name] for a in record.attachments]]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Duplicate:
    """A record that repeats an earlier one of the same crawl (重复): ``of`` is the first one's URL."""

    url: str
    of: str
    why: str


def duplicates(records: Sequence[DetailRecord]) -> list[Duplicate]:
    """Later records with the 索引号, or the 文号 and 标题, of an earlier one (list order, newest first)."""
    by_index: dict[str, str] = {}
    by_number: dict[tuple[str, str], str] = {}
    out = []
    for record in records:
        index = record.index_number.strip()
        number = (normalise_name(record.doc_number), record.title.strip())
        if index and index in by_index:
            out.append(Duplicate(record.url, by_index[index], f"索引号“{index}”重复"))
            continue
        if number[0] and number in by_number:
            out.append(Duplicate(record.url, by_number[number], f"文号“{record.doc_number}”和标题重复"))
            continue
        if index:
            by_index[index] = record.url
        if number[0]:
            by_number[number] = record.url
    return out


@dataclass(frozen=True)
class OwnNumber:
    year: int
    serial: int


def own_number(index_no: str, unit_code: str) -> OwnNumber | None:
    """(year, serial) when ``index_no`` is in the unit's own format ``{code}/{year}-{serial}``."""
    m = INDEX_NO_RE.match((index_no or "").strip())
    if not m or m["unit"] != unit_code:
        return None
    return OwnNumber(int(m["year"]), int(m["serial"]))


def highest_serials(numbers: Iterable[OwnNumber]) -> dict[int, int]:
    """The highest imported serial of each year (the counter continues after it)."""
    out: dict[int, int] = {}
    for n in numbers:
        out[n.year] = max(out.get(n.year, 0), n.serial)
    return out
