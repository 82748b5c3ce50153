"""One fuzz target per parser of user input, shared by the hypothesis tests (tests/fuzz/test_*.py,
a short run in the normal suite) and the long run (``make fuzz``, docs/fuzzing.md).

Each target takes bytes (or text), runs the parser the way the platform does, and checks the
properties every parser must hold:

- it raises nothing but its own clear error type (``UnsupportedFile``, ``LedgerFileError``,
  ``ScheduleFormatError``, ``BoundsError``);
- its output is bounded (the text cap, the row limit);
- it returns within a time bound (``SECONDS``).

A target returns normally when the input was handled (read or refused); any other exception,
an unbounded output or a slow run is a finding.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path
from functools import cache

SECONDS = 10.0
TODAY = dt.date(2026, 9, 28)


class SlowInput(AssertionError):
    """A parser took longer than SECONDS on one input."""


class _Clock:
    def __enter__(self):
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc):
        elapsed = time.monotonic() - self.start
        if exc[0] is None and elapsed > SECONDS:
            raise SlowInput(f"{elapsed:.1f} s")
        return False


# ---------------------------------------------------------------- seeds (small valid files)

@cache
def seed_docx() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "城关街道2025年政府信息公开工作年度报告"
    document.add_paragraph("一、总体情况 本年新收政府信息公开申请12件。")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["申请人情况", "自然人", "合计"], ["本年新收", "10", "12"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@cache
def seed_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["申请编号", "收到申请日期", "申请人姓名", "证件号码", "联系电话", "申请内容", "办理结果"])
    sheet.append(["2026-001", dt.date(2026, 3, 5), "王小明", "11010519491231002X", "13812345678",
                  "城关街道老旧小区改造项目批复", "予以公开"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@cache
def seed_pdf() -> bytes:
    from tests.security.bombs import simple_pdf

    return simple_pdf("Hello 13812345678", pages=2)


def zip_entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def rebuild_zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def with_part(seed: bytes, part: str, content: bytes) -> bytes:
    """The seed package with one part's content replaced (a valid zip, a fuzzed XML part)."""
    return rebuild_zip([(n, content if n == part else d) for n, d in zip_entries(seed)])


# ---------------------------------------------------------------- targets

def text_extraction(data: bytes, name: str) -> None:
    """textextract.extract (attachments, the PII scan CLI, the watchdog's privacy check)."""
    from gongkai.domain.bounded_archive import DEFAULT_LIMITS
    from gongkai.domain.textextract import UnsupportedFile, extract

    with _Clock():
        try:
            result = extract(data, name)
        except UnsupportedFile as exc:
            assert str(exc), "a refusal must say why"
            return
    assert sum(len(line.text) for line in result.lines) <= DEFAULT_LIMITS.max_text_chars


def report_reading(data: bytes, name: str) -> None:
    """The report inspection: read the file, extract the tables, apply every rule."""
    from gongkai.reports import inspection

    with _Clock():
        try:
            report = inspection.read(name, data)
        except inspection.UnsupportedFile as exc:
            assert str(exc)
            return
        results = inspection.inspect([report])
    assert len(results) == 1 and isinstance(results[0]["findings"], list)


def report_text(text: str) -> None:
    """The inspection on pasted text (the inspection page's text box)."""
    report_reading(text.encode("utf-8", "surrogatepass"), "粘贴的文本.txt")


def ledger_import(data: bytes) -> None:
    """The Excel ledger import (gongkai applications import, the workbench import page)."""
    from gongkai.domain.ledger import MAX_ROWS, LedgerFileError, parse_ledger

    with _Clock():
        try:
            ledger = parse_ledger(data, TODAY)
        except LedgerFileError as exc:
            assert str(exc)
            return
    assert len(ledger.rows) <= MAX_ROWS + 10


def ledger_cells(rows: list[tuple]) -> None:
    """The ledger's cell parsing on arbitrary cell values (what openpyxl may hand back)."""
    from gongkai.domain.ledger import LedgerFileError, parse_rows

    with _Clock():
        try:
            parse_rows([(n, tuple(r)) for n, r in enumerate(rows, start=1)], TODAY)
        except LedgerFileError as exc:
            assert str(exc)


def holiday_csv(text: str) -> None:
    """The holiday schedule file (gongkai workdays load)."""
    from gongkai.domain.workdays import ScheduleFormatError, parse_schedule

    with _Clock():
        try:
            overrides, years = parse_schedule(text)
        except ScheduleFormatError as exc:
            assert str(exc)
            return
    assert years and len(overrides) <= text.count("\n") + 1


def watch_html(html: str) -> None:
    """The watchdog's page parser (every crawled page)."""
    from gongkai.domain.watch.page import parse_html

    with _Clock():
        page = parse_html("http://site.example/a/b.html", html)
    assert len(page.links) <= max(1, html.count("<")) * 2


def site_import_html(html: str) -> None:
    """The old-site reader of the site import (站点导入): detail pages, list pages, script and jpage paging."""
    from gongkai.domain.site_import.detail import MAX_ATTACHMENTS, MAX_VALUE_CHARS, read_detail
    from gongkai.domain.site_import.listing import MAX_SCRIPT_PAGES, classify, file_items, list_links

    url = "http://site.example/col/col1/index.html"
    with _Clock():
        record = read_detail(html, url)
        kind = classify(html, url)
        details, more = list_links(html, url)
        files = file_items(html, url)
    assert kind in ("list", "detail", "other")
    assert len(files) <= html.count("<")
    assert len(record.attachments) <= MAX_ATTACHMENTS
    assert all(len(v) <= MAX_VALUE_CHARS for v in (record.title, record.index_number, record.doc_number,
                                                   record.publisher, record.topic, record.genre, record.validity))
    assert "<script" not in record.body_html.lower()
    tags = html.count("<")
    # createPageHTML calls each give at most MAX_SCRIPT_PAGES pages; the jpage pager gives at most that many more
    assert len(details) <= tags and len(more) <= tags + MAX_SCRIPT_PAGES * (html.lower().count("createpagehtml") + 1)


def archive_guard(data: bytes) -> None:
    """The bomb guard itself on arbitrary bytes."""
    from gongkai.domain.bounded_archive import BoundsError, check_pdf, check_zip

    with _Clock():
        for check in (check_zip, check_pdf):
            try:
                check(data)
            except BoundsError as exc:
                assert str(exc)


# ---------------------------------------------------------------- attachments beyond PDF/DOCX/XLSX

_ATTACHMENT_DATA = Path(__file__).resolve().parents[1] / "data" / "attachments"


@cache
def seed_xls() -> bytes:
    return (_ATTACHMENT_DATA / "jiuzhu-mingdan.xls").read_bytes()


@cache
def seed_doc() -> bytes:
    return (_ATTACHMENT_DATA / "jiuzhu-gongshi.doc").read_bytes()


@cache
def seed_ofd() -> bytes:
    from tests.catalog.test_attachment_formats import ofd_bytes

    return ofd_bytes()


@cache
def seed_png() -> bytes:
    from tests.catalog.test_attachment_formats import image_bytes

    return image_bytes("PNG", (64, 32))


@cache
def seed_jpg() -> bytes:
    from tests.catalog.test_attachment_formats import image_bytes

    return image_bytes("JPEG", (64, 32))


def attachment_reading(data: bytes, name: str) -> None:
    """An upload as the catalog takes it: kind by content, the bounds, then the text
    (gongkai.domain.attachment_formats: OLE2 via olefile, XLS via xlrd, OFD, images via Pillow)."""
    from gongkai.domain import attachment_formats
    from gongkai.domain.bounded_archive import DEFAULT_LIMITS, BoundsError
    from gongkai.domain.textextract import UnsupportedFile

    with _Clock():
        kind = attachment_formats.sniff(data, name)
        if kind is None:
            return
        try:
            attachment_formats.check(data, kind)
            result = attachment_formats.extract(data, kind, name)
        except (UnsupportedFile, BoundsError) as exc:
            assert str(exc), "a refusal must say why"
            return
    assert sum(len(line.text) for line in result.lines) <= DEFAULT_LIMITS.max_text_chars


def body_cleaning(raw: str) -> None:
    """The item body as a form sends it (richtext.clean_body): no error, nothing active kept,
    and cleaning again changes nothing."""
    from gongkai.domain.richtext import clean_body

    with _Clock():
        once = clean_body(raw)
        assert "<script" not in once.lower() and not re.search(r"<[^>]*\son\w+\s*=", once, re.I)
        assert clean_body(once) == once
