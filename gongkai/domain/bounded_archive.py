"""Bounded reading of user documents: the guard against decompression bombs. No Django.

A DOCX or XLSX is a ZIP archive; a PDF holds compressed streams. A few hundred kilobytes can
inflate to gigabytes (a "压缩炸弹"), and an archive's headers may lie about the sizes. So before
python-docx, openpyxl, pypdf or PDFium sees a file, it is inflated here once, in small chunks,
counting every byte that comes out and stopping at the first limit crossed:

- ZIP: the number of entries (read from the end record before the directory is parsed), each
  entry's and the archive's total uncompressed size, and each entry's compression ratio — all
  checked WHILE inflating, and an entry that inflates to more (or less) than its header says is
  refused as forged. What passed is then what the parsers read: Python's zipfile never inflates
  past the size the (now verified) header gives.
- PDF: every FlateDecode stream that can be found (``stream`` … ) is inflated the same way; its
  output and the total are bounded, content streams more tightly than images.
- Time: ``Deadline`` is checked by the readers between pages, rows and blocks.
- Text: ``TextBudget`` cuts the extracted text at a cap and says so (``truncated``).

Every refusal is a ``LimitExceeded`` (or ``ArchiveDamaged``) with a Chinese message for the user.
"""
from __future__ import annotations

import io
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

MiB = 1024 * 1024
_CHUNK = 64 * 1024            # compressed bytes fed to zlib at a time
_OUT = 1 * MiB                # most bytes zlib may hand back per call


@dataclass(frozen=True)
class Limits:
    """What one document may cost. The defaults hold every real office document seen in testing
    (a 300-page 年度报告, a 5,000-row 台账) with a wide margin."""

    max_entries: int = 5000
    max_entry_bytes: int = 48 * MiB
    max_total_bytes: int = 160 * MiB
    max_ratio: int = 200              # uncompressed : compressed, checked once an entry passes ratio_floor
    ratio_floor: int = 2 * MiB
    max_pdf_content_bytes: int = 24 * MiB   # one inflated content stream (text and drawings)
    max_pdf_image_bytes: int = 96 * MiB     # one inflated image
    max_pdf_total_bytes: int = 400 * MiB
    max_pdf_streams: int = 200_000
    max_pages: int = 3000
    max_seconds: float = 60.0
    max_text_chars: int = 3_000_000

    def with_(self, **changes: Any) -> Limits:
        return Limits(**{**self.__dict__, **changes})


DEFAULT_LIMITS = Limits()


class BoundsError(ValueError):
    """A document refused by the guard; ``str()`` is a Chinese message for the user."""


class LimitExceeded(BoundsError):
    """The document would cost more than a limit allows (size, ratio, entries, pages or time)."""


class ArchiveDamaged(BoundsError):
    """The archive's structure is broken or forged (its headers do not match its content)."""


def _mb(n: int) -> str:
    return f"{n / MiB:.0f}MB" if n >= MiB else f"{n / 1024:.0f}KB"


# ---------------------------------------------------------------- time and text

class Deadline:
    """Wall-clock budget of one read; ``check()`` raises LimitExceeded once it has run out."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise LimitExceeded(f"读取该文件超过{self.seconds:.0f}秒，已停止（文件过于复杂或内容异常）")


class TextBudget:
    """Counts extracted characters; ``take(text)`` returns what still fits (maybe cut) and marks
    ``truncated`` once the cap is reached, so the cut is always reported, never silent."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self.used = 0
        self.truncated = False

    @property
    def full(self) -> bool:
        return self.truncated

    def take(self, text: str) -> str:
        if self.truncated:
            return ""
        room = self.max_chars - self.used
        if len(text) > room:
            self.truncated = True
            text = text[:max(room, 0)]
        self.used += len(text)
        return text

    def note(self) -> str:
        """The Chinese sentence that reports the cut ("" when nothing was cut)."""
        if not self.truncated:
            return ""
        return f"提取的文本超过{self.max_chars:,}字的上限，只保留并检查了前{self.max_chars:,}字"


# ---------------------------------------------------------------- ZIP (DOCX, XLSX)

@dataclass(frozen=True)
class ZipSummary:
    entries: int
    total_bytes: int


def declared_entry_count(data: bytes) -> int:
    """Entries the end-of-central-directory record announces (ZIP64 aware); ArchiveDamaged when
    there is none. Read before zipfile builds one object per entry."""
    tail_start = max(0, len(data) - (65535 + 22))
    at = data.rfind(b"PK\x05\x06", tail_start)
    if at < 0 or at + 22 > len(data):
        raise ArchiveDamaged("文件已损坏：不是完整的压缩包（找不到目录）")
    count: int = struct.unpack_from("<H", data, at + 10)[0]
    if count == 0xFFFF:
        loc = data.rfind(b"PK\x06\x07", max(0, at - 20), at)
        if loc >= 0 and loc + 20 <= len(data):
            offset = struct.unpack_from("<Q", data, loc + 8)[0]
            if offset + 56 <= len(data) and data[offset:offset + 4] == b"PK\x06\x06":
                count = struct.unpack_from("<Q", data, offset + 32)[0]
    return count


def check_zip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ZipSummary:
    """Inflate every entry of a ZIP once, bounded; raise LimitExceeded or ArchiveDamaged."""
    count = declared_entry_count(data)
    if count > limits.max_entries:
        raise LimitExceeded(f"压缩包内有{count}个文件，超过上限{limits.max_entries}个，已拒绝读取")
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    # NotImplementedError: a "version needed" past what zipfile knows (found by tests/fuzz).
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error,
            NotImplementedError) as exc:
        raise ArchiveDamaged(f"文件已损坏：压缩包目录无法读取（{exc.__class__.__name__}）") from None
    if len(infos) > limits.max_entries:
        raise LimitExceeded(f"压缩包内有{len(infos)}个文件，超过上限{limits.max_entries}个，已拒绝读取")
    deadline = Deadline(limits.max_seconds)
    total = 0
    for info in infos:
        total += _inflate_entry(data, info, limits, limits.max_total_bytes - total)
        deadline.check()
    return ZipSummary(len(infos), total)


def _entry_start(data: bytes, info: zipfile.ZipInfo) -> int:
    at = info.header_offset
    if at < 0 or at + 30 > len(data) or data[at:at + 4] != b"PK\x03\x04":
        raise ArchiveDamaged(f"文件已损坏：压缩包内“{info.filename[:80]}”的位置不对")
    name_len: int
    extra_len: int
    name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
    return at + 30 + name_len + extra_len


def _inflate_entry(data: bytes, info: zipfile.ZipInfo, limits: Limits, room: int) -> int:
    """The real uncompressed size of one entry, found by inflating it in chunks."""
    name = info.filename[:80]
    cap = min(limits.max_entry_bytes, room)
    if info.file_size > limits.max_entry_bytes:
        raise LimitExceeded(f"压缩包内“{name}”解压后为{_mb(info.file_size)}，超过单个文件{_mb(limits.max_entry_bytes)}"
                            "的上限，疑似“压缩炸弹”，已拒绝读取")
    if info.file_size > room:
        raise LimitExceeded(f"文件解压后超过{_mb(limits.max_total_bytes)}的上限，疑似“压缩炸弹”，已拒绝读取")
    if info.flag_bits & 0x1:
        raise ArchiveDamaged("文件被加密（设置了密码），请去掉密码后再上传")
    start = _entry_start(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size or start + info.file_size > len(data):
            raise ArchiveDamaged(f"文件已损坏：压缩包内“{name}”的大小与文件头不符")
        return info.file_size
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ArchiveDamaged(f"压缩包内“{name}”使用了不支持的压缩方式，Word和Excel文件不会这样保存")
    view = memoryview(data)
    inflater = zlib.decompressobj(-15)
    pos, out = start, 0
    try:
        while not inflater.eof:
            chunk = inflater.unconsumed_tail or view[pos:pos + _CHUNK]
            if not inflater.unconsumed_tail:
                pos += len(chunk)
            if not chunk:
                raise ArchiveDamaged(f"文件已损坏：压缩包内“{name}”不完整")
            out += len(inflater.decompress(chunk, _OUT))
            used = pos - start - len(inflater.unconsumed_tail)
            _check_entry(name, out, used, info.file_size, cap, limits)
    except zlib.error:
        raise ArchiveDamaged(f"文件已损坏：压缩包内“{name}”无法解压") from None
    if out != info.file_size:
        raise ArchiveDamaged(f"压缩包内“{name}”的实际大小与文件头所写不符（文件头被篡改），已拒绝读取")
    return out


def _check_entry(name: str, out: int, used: int, declared: int, cap: int, limits: Limits) -> None:
    if out > declared:
        raise ArchiveDamaged(f"压缩包内“{name}”解压后比文件头所写的大（文件头被篡改，疑似“压缩炸弹”），已拒绝读取")
    if out > cap:
        limit = limits.max_entry_bytes if cap == limits.max_entry_bytes else limits.max_total_bytes
        raise LimitExceeded(f"文件解压后超过{_mb(limit)}的上限，疑似“压缩炸弹”，已拒绝读取")
    if out > limits.ratio_floor and out > limits.max_ratio * max(used, 1):
        raise LimitExceeded(f"压缩包内“{name}”的压缩比超过{limits.max_ratio}:1，疑似“压缩炸弹”，已拒绝读取")


# ---------------------------------------------------------------- PDF

@dataclass(frozen=True)
class PdfSummary:
    streams: int          # FlateDecode streams found and inflated
    inflated_bytes: int
    encrypted: bool       # streams of an encrypted PDF cannot be inflated here (see docs/fuzzing.md)


_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_IMAGE = re.compile(rb"/Subtype\s*/Image")


def check_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> PdfSummary:
    """Inflate every deflate-compressed stream of a PDF once, bounded; raise LimitExceeded. Every
    ``stream`` is tried (the filter may be named indirectly); zlib refuses other data at once."""
    deadline = Deadline(limits.max_seconds)
    view = memoryview(data)
    streams = total = 0
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 4096):match.start()]
        head = head[head.rfind(b" obj") + 1:] if b" obj" in head else head
        streams += 1
        if streams > limits.max_pdf_streams:
            raise LimitExceeded(f"PDF中的数据流超过{limits.max_pdf_streams}个，已拒绝读取")
        image = bool(_IMAGE.search(head))
        cap = limits.max_pdf_image_bytes if image else limits.max_pdf_content_bytes
        total += _inflate_stream(view, match.end(), min(cap, limits.max_pdf_total_bytes - total), cap, limits)
        deadline.check()
    return PdfSummary(streams, total, encrypted=b"/Encrypt" in data[-65536:] or b"/Encrypt" in data[:65536])


def _inflate_stream(view: memoryview, start: int, room: int, cap: int, limits: Limits) -> int:
    inflater = zlib.decompressobj()
    pos, out = start, 0
    try:
        while not inflater.eof:
            chunk = inflater.unconsumed_tail or view[pos:pos + _CHUNK]
            if not inflater.unconsumed_tail:
                pos += len(chunk)
            if not chunk:
                break
            out += len(inflater.decompress(chunk, _OUT))
            if out > room:
                limit, what = (cap, "单个数据流") if room >= cap else (limits.max_pdf_total_bytes, "全部数据流")
                raise LimitExceeded(f"PDF中{what}解压后超过{_mb(limit)}的上限，疑似“压缩炸弹”，已拒绝读取")
    except zlib.error:
        pass              # not (or no longer) deflate data: encrypted, another filter, or damage past the end
    return out


def check_pages(count: int, limits: Limits = DEFAULT_LIMITS) -> None:
    if count > limits.max_pages:
        raise LimitExceeded(f"PDF共{count}页，超过上限{limits.max_pages}页，请拆分后再上传")


def check_document(data: bytes, kind: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """The checks for a document of ``kind`` ("docx", "xlsx", "pdf"; others need none)."""
    if kind in ("docx", "xlsx"):
        check_zip(data, limits)
    elif kind == "pdf":
        check_pdf(data, limits)
