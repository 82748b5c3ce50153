"""Text out of the files offices publish, for the personal-data guard and the
catalog's search index: plain text, HTML, DOCX, PDF and XLSX.

Each format yields ``TextLine``s that remember where they came from (page,
sheet and row, table), so a finding can be reported as "attachment, page 2"
the way spec watch.md §4.3 asks. The kind of a file is judged by its content
first and its name second: attachments are often misnamed.

Reading is bounded (``gongkai.domain.bounded_archive``): a DOCX, XLSX or PDF is
inflated once under limits before any parser sees it (a decompression bomb is
refused with ``TooLarge``), reading stops at a time limit, and the text is cut
at a cap — ``extract()`` says when (``Extracted.truncated``), never silently.
"""
from __future__ import annotations

import codecs
import datetime as dt
import io
import os
import re
import struct
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from . import bounded_archive
from .bounded_archive import DEFAULT_LIMITS, BoundsError, Deadline, Limits, TextBudget

if TYPE_CHECKING:
    from docx.table import Table, _Cell
    from pypdf import PdfReader

KINDS = ("pdf", "docx", "xlsx", "html", "txt")
# A DOCX or XLSX inflating past this is refused rather than unpacked (zip bomb).
MAX_UNPACKED_BYTES = DEFAULT_LIMITS.max_total_bytes

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"II*\x00",
    b"MM\x00*", b"{\\rtf",
)
_EXTENSIONS = {
    ".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".txt": "txt", ".text": "txt", ".csv": "txt",
}
_LEGACY = {".doc": "Word 97-2003 .doc", ".xls": "Excel 97-2003 .xls", ".wps": "WPS .wps", ".et": "WPS .et",
           ".ppt": "PowerPoint .ppt", ".rtf": "RTF"}
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)[\s>]", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# GB2312 and GBK pages are decoded as GB18030, their superset, so that the
# characters an old page borrows from the larger set survive.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn", "hz-gb-2312", "csgb2312"}


@dataclass(frozen=True)
class TextLine:
    """One line of extracted text; ``where`` locates it inside the file:
    "" for plain text, "第2页" for a PDF page, "Sheet1!3" for an XLSX row,
    "表格1" for a DOCX table."""

    text: str
    where: str = ""


class UnsupportedFile(ValueError):
    """The file cannot be read as text; the message names it and says why."""


class TooLarge(UnsupportedFile):
    """Refused by the bounds: a decompression bomb, a forged archive, too many pages, or a read
    that ran out of time. The message (Chinese) names the file and the limit; ``reason`` is
    the message without the name."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}：{reason}")
        self.reason = reason


@dataclass(frozen=True)
class Extracted:
    """The text of a file and whether it was cut at the cap (``truncated`` is the Chinese note
    saying so, "" when the whole text is there)."""

    lines: list[TextLine]
    truncated: str = ""

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class _Reading:
    """One bounded read: the limits, the clock and the text budget, shared by the extractors."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.deadline = Deadline(limits.max_seconds)
        self.budget = TextBudget(limits.max_text_chars)
        self.lines: list[TextLine] = []

    def add(self, text: str, where: str = "") -> bool:
        """Keep a line; False once the text cap is reached (the caller stops reading)."""
        kept = self.budget.take(text)
        if kept or not self.budget.truncated:
            self.lines.append(TextLine(kept, where))
        return not self.budget.truncated


def sniff_kind(data: bytes, filename: str | None = None) -> str | None:
    """"pdf", "docx", "xlsx", "html" or "txt" judged by content (magic bytes),
    then by name; None when the file is none of these."""
    if data.lstrip(b" \t\r\n\f\x00").startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(_OLE2_MAGIC) or data.startswith(_BINARY_MAGIC):
        return None
    ext = _extension(filename)
    if ext in (".pdf", ".docx", ".docm", ".xlsx", ".xlsm") or not _looks_like_text(data):
        return None  # a binary format whose content does not match its name
    if _HTML_START.match(data.lstrip(codecs.BOM_UTF8)) or _EXTENSIONS.get(ext) == "html":
        return "html"
    if ext in _EXTENSIONS or not ext:
        return "txt"
    return None


def extract(path_or_bytes: bytes | str | os.PathLike[str], filename: str | None = None,
            limits: Limits = DEFAULT_LIMITS) -> Extracted:
    """The text of a file, one ``TextLine`` per line, paragraph or row, read within ``limits``.

    Raises ``TooLarge`` for a decompression bomb, a forged archive or a read out of time,
    ``UnsupportedFile`` for a file of another kind, a corrupt or password-protected one;
    ``OSError`` when a path cannot be read. Text past the cap is dropped and reported in
    ``Extracted.truncated``.
    """
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
    else:
        path = Path(path_or_bytes)
        data = path.read_bytes()
        filename = filename or str(path)
    name = filename or "file"
    kind = sniff_kind(data, filename)
    if kind is None:
        raise UnsupportedFile(f"{name}: {_why_unsupported(data, filename)}")
    reading = _Reading(limits)
    try:
        _EXTRACTORS[kind](data, name, reading)
    except BoundsError as exc:
        raise TooLarge(name, str(exc)) from None
    return Extracted(reading.lines, reading.budget.note())


def extract_lines(path_or_bytes: bytes | str | os.PathLike[str], filename: str | None = None) -> list[TextLine]:
    """The lines of ``extract()`` (a caller that must know of a cut uses ``extract()``)."""
    return extract(path_or_bytes, filename).lines


def extract_text(data: bytes, filename: str | None = None) -> str:
    """The text of a file as one string, lines joined by newlines."""
    return extract(data, filename).text


def check_bounds(data: bytes, kind: str | None, name: str = "file", limits: Limits = DEFAULT_LIMITS) -> None:
    """The fast bomb check alone (seconds at most, little memory): ``TooLarge`` when refused."""
    try:
        bounded_archive.check_document(data, kind or "", limits)
    except BoundsError as exc:
        raise TooLarge(name, str(exc)) from None


# --- kinds -------------------------------------------------------------------

def _extension(filename: str | None) -> str:
    return os.path.splitext(filename or "")[1].lower()


def _zip_kind(data: bytes) -> str | None:
    try:
        # The entry count first: zipfile builds an object per entry of the directory.
        if bounded_archive.declared_entry_count(data) > DEFAULT_LIMITS.max_entries:
            return None
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (BoundsError, zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, struct.error):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _looks_like_text(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return b"\x00" not in head


def _why_unsupported(data: bytes, filename: str | None) -> str:
    ext = _extension(filename)
    if data.startswith(_OLE2_MAGIC):
        kind = _LEGACY.get(ext, "Office 97-2003 document")
        return (f"a legacy {kind} file or a password-protected Office document; "
                "save it as .docx or .xlsx (without a password) and try again")
    if ext in _LEGACY:
        return f"{_LEGACY[ext]} files are not supported; save it as .docx or .xlsx"
    if data.startswith(b"PK\x03\x04"):
        if _zip_kind(data) is None and ext in (".docx", ".docm", ".xlsx", ".xlsm"):
            return "the file is damaged (not a readable Word or Excel package)"
        return "a ZIP archive that is neither a Word (.docx) nor an Excel (.xlsx) file"
    if ext in (".pdf", ".docx", ".docm", ".xlsx", ".xlsm"):
        return f"the file is damaged or not really a {ext} file (its content does not match)"
    if not data:
        return "the file is empty"
    return "not a text, HTML, DOCX, PDF or XLSX file"


# --- plain text and HTML -----------------------------------------------------

def _decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode by BOM, then the declared charset, then UTF-8, then GB18030,
    the encodings Chinese office files actually use."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    for encoding in (declared or "", "utf-8", "gb18030"):
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("gb18030", errors="replace")


def _extract_txt(data: bytes, name: str, reading: _Reading) -> None:
    # Empty lines stay, so that line numbers match the file in an editor.
    for line in _decode_text(data).splitlines():
        if not reading.add(line):
            return


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    declared = m.group(1).decode("ascii").lower()
    if declared in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(declared).name
    except LookupError:
        return None


class _HtmlLines(HTMLParser):
    """Collects what a browser shows: one line per block, table cells
    separated by tabs, scripts and styles dropped."""

    BLOCKS = frozenset({
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "title", "tr",
        "ul", "body", "html", "head", "option",
    })
    CELLS = frozenset({"td", "th"})
    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag in self.CELLS:
            self._line.append("\t")
        elif tag in self.BLOCKS:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self.BLOCKS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._line.append(re.sub(r"[ \t\r\n\f\xa0]+", " ", data))

    def _end_line(self) -> None:
        line = re.sub(r" *\t[ \t]*", "\t", "".join(self._line)).strip(" \t")
        if line:
            self.lines.append(line)
        self._line = []

    def close(self) -> None:
        super().close()
        self._end_line()


def _extract_html(data: bytes, name: str, reading: _Reading) -> None:
    parser = _HtmlLines()
    parser.feed(_decode_text(data, _declared_charset(data)))
    parser.close()
    for line in parser.lines:
        if not reading.add(line):
            return


# --- Office and PDF ----------------------------------------------------------

def _check_unpacked_size(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """The zip-bomb guard: every entry inflated once, bounded (``TooLarge`` when refused)."""
    if limits.max_total_bytes > MAX_UNPACKED_BYTES:
        limits = limits.with_(max_total_bytes=MAX_UNPACKED_BYTES)
    try:
        bounded_archive.check_zip(data, limits)
    except BoundsError as exc:
        raise TooLarge(name, str(exc)) from None


def _extract_docx(data: bytes, name: str, reading: _Reading) -> None:
    import docx
    from docx.table import Table

    _check_unpacked_size(data, name, reading.limits)
    try:
        document = docx.Document(io.BytesIO(data))
        tables = 0
        for block in document.iter_inner_content():
            reading.deadline.check()
            if isinstance(block, Table):
                tables += 1
                if not all(reading.add(row, f"表格{tables}") for row in _table_rows(block)):
                    return
            elif block.text.strip() and not reading.add(block.text):
                return
    except BoundsError:
        raise
    # python-docx and lxml raise many kinds of error on a malformed package;
    # to the caller they all mean "this file cannot be read".
    except Exception as exc:
        raise UnsupportedFile(f"{name}: the Word file is damaged ({exc.__class__.__name__}: {exc})") from None


def _table_rows(table: Table) -> list[str]:
    """One tab-separated line per row; a merged cell is read once."""
    # The set holds the cell elements themselves: lxml may reuse the id() of
    # an element proxy nobody references any more.
    rows, seen = [], set()
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            cells.append(_cell_text(cell))
        line = "\t".join(cells).strip("\t ")
        if line:
            rows.append(line)
    return rows


def _cell_text(cell: _Cell) -> str:
    """A cell's paragraphs, and the rows of tables nested in it, on one line."""
    from docx.table import Table

    parts = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            parts += _table_rows(block)
        else:
            parts.append(block.text)
    return " ".join(p.strip().replace("\t", " ") for p in parts if p.strip())


def _extract_xlsx(data: bytes, name: str, reading: _Reading) -> None:
    import openpyxl

    _check_unpacked_size(data, name, reading.limits)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                    if number % 256 == 0:
                        reading.deadline.check()
                    line = "\t".join(_cell_value(v) for v in row).rstrip("\t")
                    if line.strip() and not reading.add(line, f"{sheet.title}!{number}"):
                        return
        finally:
            workbook.close()
    except BoundsError:
        raise
    # openpyxl and its XML parser raise many kinds of error on a malformed
    # workbook; to the caller they all mean "this file cannot be read".
    except Exception as exc:
        raise UnsupportedFile(f"{name}: the Excel file is damaged ({exc.__class__.__name__}: {exc})") from None


#: What openpyxl reads from a cell (``values_only``).
_CellValue: TypeAlias = str | int | float | dt.datetime | dt.date | dt.time | dt.timedelta | None


def _cell_value(value: _CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # A phone number typed into a numeric cell comes back as 13812345678.0.
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat().removesuffix("T00:00:00")
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _extract_pdf(data: bytes, name: str, reading: _Reading) -> None:
    from pypdf import PdfReader

    bounded_archive.check_pdf(data, reading.limits)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _decrypt(reader, name)
        bounded_archive.check_pages(len(reader.pages), reading.limits)
        pages = list(reader.pages)
    except (UnsupportedFile, BoundsError):
        raise
    # pypdf raises many kinds of error on a malformed file; to the caller
    # they all mean "this file cannot be read".
    except Exception as exc:
        raise UnsupportedFile(f"{name}: the PDF is damaged ({exc.__class__.__name__}: {exc})") from None
    for number, page in enumerate(pages, start=1):
        reading.deadline.check()
        try:
            text = page.extract_text() or ""
        # Report the page rather than skip it: a skipped page goes unchecked.
        except Exception as exc:
            raise UnsupportedFile(f"{name}: page {number} cannot be read "
                                  f"({exc.__class__.__name__}: {exc})") from None
        for line in text.splitlines():
            if line.strip() and not reading.add(line.strip(), f"第{number}页"):
                return


def _decrypt(reader: PdfReader, name: str) -> None:
    """Open a PDF that is encrypted only against editing (empty password)."""
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise UnsupportedFile(f"{name}: the PDF is encrypted and cannot be decrypted here ({exc})") from None
    if not opened:
        raise UnsupportedFile(f"{name}: the PDF is protected by a password; publish an unprotected copy")


_EXTRACTORS = {
    "txt": _extract_txt,
    "html": _extract_html,
    "docx": _extract_docx,
    "xlsx": _extract_xlsx,
    "pdf": _extract_pdf,
}
