"""The attachment kinds a 街道 office publishes beyond PDF, DOCX and XLSX: Word/Excel 97-2003
(.doc, .xls), WPS (.wps), OFD (GB/T 33190) and scanned images (.jpg, .png).

Each is judged by its content: OLE2 compound files by the streams inside (WordDocument for
.doc and .wps, Workbook/Book for .xls), OFD as a ZIP package with OFD.xml at its root, images
by Pillow reading their header, bounded in pixels. Their text, for the personal-data guard:

* .xls — the cells, read by xlrd;
* .ofd — the TextCode of every page's Content.xml, read from the bounded archive;
* .doc and .wps — no well-kept reader exists for Python: ``ManualCheck`` says so, and the
  reviewer must confirm having checked the file by hand;
* images — a scan has no text: ``ManualCheck`` again.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from typing import Any

from . import bounded_archive, textextract
from .bounded_archive import DEFAULT_LIMITS, BoundsError, Limits

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KINDS = ("doc", "xls", "wps", "ofd", "jpg", "png")
LABELS = {"doc": "Word 97-2003（DOC）", "xls": "Excel 97-2003（XLS）", "wps": "WPS 文字（WPS）",
          "ofd": "OFD 版式文件", "jpg": "JPEG 图片", "png": "PNG 图片"}
CONTENT_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel", "wps": "application/vnd.ms-works",
                 "ofd": "application/ofd", "jpg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"doc": (".doc",), "xls": (".xls",), "wps": (".wps",), "ofd": (".ofd",), "jpg": (".jpg", ".jpeg"),
              "png": (".png",)}
MAX_IMAGE_PIXELS = 60_000_000   # an A3 page scanned at 600 dpi is about 70 million; at 300 dpi 17 million
MAX_OFD_PAGES = 2000

MANUAL_LEGACY = "无法读取正文，请人工核对个人信息"
MANUAL_IMAGE = "扫描件无法自动检查个人信息，请人工核对"
MANUAL_NOTES = (MANUAL_LEGACY, MANUAL_IMAGE)


class ManualCheck(textextract.UnsupportedFile):
    """The file is accepted but its text cannot be read: ``reason`` tells the clerk and the
    reviewer to check it by hand."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}：{reason}")
        self.reason = reason


# --- kinds -------------------------------------------------------------------

def sniff(data: bytes, filename: str | None = None) -> str | None:
    """One of ``KINDS`` judged by content (the name only tells .doc from .wps), else None."""
    if data.startswith(OLE2_MAGIC):
        return _ole_kind(data, filename)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png" if _image_size(data, "PNG") else None
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg" if _image_size(data, "JPEG") else None
    if data.startswith(b"PK\x03\x04") and _is_ofd(data):
        return "ofd"
    return None


def _ole_kind(data: bytes, filename: str | None) -> str | None:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
    except Exception:
        return None
    if "WordDocument" in streams:
        return "wps" if os.path.splitext(filename or "")[1].lower() == ".wps" else "doc"
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    return None


def _is_ofd(data: bytes) -> bool:
    try:
        if bounded_archive.declared_entry_count(data) > DEFAULT_LIMITS.max_entries:
            return False
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except Exception:
        return False
    return "OFD.xml" in names and "word/document.xml" not in names


def _image_size(data: bytes, expected: str) -> tuple[int, int] | None:
    """(width, height) when Pillow reads a header of the expected format, else None."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected:
                return None
            return image.size
    except Exception:
        return None


# --- bounds ------------------------------------------------------------------

def check(data: bytes, kind: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """``BoundsError`` (Chinese message) for an OFD bomb, an image too large or not decodable."""
    if kind == "ofd":
        bounded_archive.check_zip(data, limits)
    elif kind in ("jpg", "png"):
        _check_image(data, "PNG" if kind == "png" else "JPEG")


def _check_image(data: bytes, expected: str) -> None:
    from PIL import Image

    size = _image_size(data, expected)
    if size is None:
        raise BoundsError("不是可以打开的图片")
    width, height = size
    if width * height > MAX_IMAGE_PIXELS:
        raise bounded_archive.LimitExceeded(
            f"图片为{width}×{height}像素，超过上限{MAX_IMAGE_PIXELS // 1_000_000}百万像素；请降低扫描分辨率")
    # WeasyPrint lets Pillow accept truncated images process-wide; a scan cut short is refused here.
    end = b"\xff\xd9" if expected == "JPEG" else b"IEND"
    if end not in data[-4096:]:
        raise BoundsError("图片不完整（文件被截断）")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if expected == "JPEG":
                # Decoded at an eighth of its size: the whole stream is read, in little memory.
                image.draft("L", (max(1, width // 8), max(1, height // 8)))
                image.load()
            else:
                image.verify()  # every chunk and its checksum: a truncated or corrupt scan is refused
    except Exception as exc:
        raise BoundsError(f"图片已损坏（{exc.__class__.__name__}）") from None


# --- text --------------------------------------------------------------------

def extract(data: bytes, kind: str, name: str = "file", limits: Limits = DEFAULT_LIMITS) -> textextract.Extracted:
    """The text of an attachment of one of ``KINDS``; ``ManualCheck`` when it cannot be read,
    ``textextract.TooLarge`` when the bounds refuse it, ``UnsupportedFile`` when it is damaged."""
    if kind in ("jpg", "png"):
        raise ManualCheck(name, MANUAL_IMAGE)
    if kind in ("doc", "wps"):
        raise ManualCheck(name, MANUAL_LEGACY)
    reading = textextract._Reading(limits)
    try:
        (_extract_xls if kind == "xls" else _extract_ofd)(data, name, reading)
    except BoundsError as exc:
        raise textextract.TooLarge(name, str(exc)) from None
    return textextract.Extracted(reading.lines, reading.budget.note())


def _extract_xls(data: bytes, name: str, reading: textextract._Reading) -> None:
    import xlrd

    # The container is read by olefile, which detects looping sector chains (xlrd's own reader
    # loops for ever on one: found by tests/fuzz); xlrd then reads the Workbook stream itself.
    stream = _workbook_stream(data, name, reading.limits)
    try:
        # ragged_rows: no row is padded to the widest one (a forged size would allocate millions of cells)
        book = xlrd.open_workbook(file_contents=stream, on_demand=True, ragged_rows=True, logfile=io.StringIO())
    except Exception as exc:
        raise textextract.UnsupportedFile(f"{name}: the Excel 97-2003 file is damaged ({exc.__class__.__name__})") from None
    try:
        _read_sheets(book, reading)
    except BoundsError:
        raise
    except Exception as exc:
        raise textextract.UnsupportedFile(f"{name}: the Excel 97-2003 file is damaged ({exc.__class__.__name__})") from None
    finally:
        book.release_resources()


def _read_sheets(book: Any, reading: textextract._Reading) -> None:  # an xlrd Book (untyped)
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        for row in range(sheet.nrows):
            if row % 256 == 0:
                reading.deadline.check()
            line = "\t".join(_xls_cell(v) for v in sheet.row_values(row)).rstrip("\t")
            if line.strip() and not reading.add(line, f"{sheet.name}!{row + 1}"):
                return
        book.unload_sheet(index)


def _workbook_stream(data: bytes, name: str, limits: Limits) -> bytes:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            entry = "Workbook" if ole.exists("Workbook") else "Book"
            if ole.get_size(entry) > limits.max_total_bytes:
                raise bounded_archive.LimitExceeded("工作簿数据超过大小上限")
            stream: bytes = ole.openstream(entry).read()  # olefile is untyped
            return stream
    except BoundsError:
        raise
    except Exception as exc:
        raise textextract.UnsupportedFile(f"{name}: the Excel 97-2003 file is damaged ({exc.__class__.__name__})") from None


def _xls_cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_PAGE = re.compile(r"^(?:.*/)?Pages/Page_?(\d+)/Content\.xml$", re.I)
_TEXT_CODE = re.compile(rb"<(?:[A-Za-z0-9_]+:)?TextCode\b[^>]*>(.*?)</(?:[A-Za-z0-9_]+:)?TextCode>", re.S)
_TEXT_OBJECT_END = re.compile(rb"</(?:[A-Za-z0-9_]+:)?TextObject>")


def _extract_ofd(data: bytes, name: str, reading: textextract._Reading) -> None:
    """Every page's text objects, one line per object, pages in their order (第N页)."""
    import html

    bounded_archive.check_zip(data, reading.limits)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        pages = sorted((int(m.group(1)), info) for info in zf.infolist() if (m := _PAGE.match(info.filename)))
        if len(pages) > MAX_OFD_PAGES:
            raise bounded_archive.LimitExceeded(f"OFD 文件有{len(pages)}页，超过上限{MAX_OFD_PAGES}页")
        for number, info in pages:
            reading.deadline.check()
            content = zf.read(info)  # sizes checked by check_zip above
            for chunk in _TEXT_OBJECT_END.split(content):
                text = "".join(html.unescape(c.decode("utf-8", "replace")) for c in _TEXT_CODE.findall(chunk))
                if text.strip() and not reading.add(text.strip(), f"第{number + 1}页"):
                    return
