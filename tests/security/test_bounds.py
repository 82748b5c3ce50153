"""Decompression bombs (issue 10, finding 1; spec security.md §3.4 d): refused fast, with little
memory, with a clear Chinese message, by every reader of user documents; extracted text capped
with the cut reported. The bombs are built here (tests/security/bombs.py)."""
from __future__ import annotations

import io
import resource
import time
import tracemalloc

import pytest

from gongkai.domain import bounded_archive
from gongkai.domain.bounded_archive import ArchiveDamaged, LimitExceeded, Limits
from gongkai.domain.textextract import TooLarge, UnsupportedFile, extract

from . import bombs

MB = 1024 * 1024


@pytest.fixture(scope="module")
def docx_bomb():
    return bombs.docx_bomb(250)


@pytest.fixture(scope="module")
def xlsx_bomb():
    return bombs.xlsx_bomb(250)


@pytest.fixture(scope="module")
def pdf_bomb():
    return bombs.pdf_bomb(250)


@pytest.fixture(scope="module")
def lying_zip():
    return bombs.lying_zip(64, declared=1024)


class Cost:
    """CPU seconds, peak Python allocation and growth of the process's resident maximum."""

    def __enter__(self):
        tracemalloc.start()
        self.rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.cpu = time.process_time()
        return self

    def __exit__(self, *exc):
        self.seconds = time.process_time() - self.cpu
        self.peak_mb = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
        self.rss_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - self.rss) / 1024
        return False

    def assert_small(self, seconds: float = 3.0, mb: float = 64):
        assert self.seconds < seconds, f"{self.seconds:.1f} s of CPU"
        assert self.peak_mb < mb, f"{self.peak_mb:.0f} MB allocated"
        assert self.rss_mb < mb * 2, f"resident memory grew {self.rss_mb:.0f} MB"


def test_the_bombs_are_real(docx_bomb, xlsx_bomb, pdf_bomb):
    """The fixtures are what the probe uploaded: well under a megabyte, 250 MB inflated."""
    import zipfile

    assert len(docx_bomb) < 700_000 and len(xlsx_bomb) < 700_000 and len(pdf_bomb) < 1_000_000
    info = zipfile.ZipFile(io.BytesIO(docx_bomb)).getinfo("word/document.xml")
    assert info.file_size > 250 * MB


@pytest.mark.parametrize("fixture, kind", [("docx_bomb", "docx"), ("xlsx_bomb", "xlsx"), ("pdf_bomb", "pdf"),
                                           ("lying_zip", "docx")])
def test_every_bomb_is_refused_fast_with_little_memory(request, fixture, kind):
    data = request.getfixturevalue(fixture)
    with Cost() as cost, pytest.raises((LimitExceeded, ArchiveDamaged)) as refused:
        bounded_archive.check_document(data, kind)
    cost.assert_small(seconds=2, mb=32)
    assert "炸弹" in str(refused.value) or "篡改" in str(refused.value)


def test_a_lying_header_is_caught_while_inflating(lying_zip):
    """The header says 1 KB; zipfile itself would inflate all 64 MB into memory before noticing."""
    import zipfile

    assert zipfile.ZipFile(io.BytesIO(lying_zip)).getinfo("word/document.xml").file_size == 1024
    with Cost() as cost, pytest.raises(ArchiveDamaged, match="文件头被篡改"):
        bounded_archive.check_zip(lying_zip)
    cost.assert_small(seconds=1, mb=8)


def test_a_header_that_tells_the_truth_about_a_moderate_entry_is_still_inflated_to_check_the_ratio():
    data = bombs.docx_bomb(8)    # honest header, 8 MB of one letter: ratio ~1000:1
    with pytest.raises(LimitExceeded, match="压缩比超过200:1"):
        bounded_archive.check_zip(data)
    bounded_archive.check_zip(data, Limits(max_ratio=5000))  # the same file passes a looser ratio


def test_entry_count_is_refused_before_the_directory_is_parsed():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in range(60):
            z.writestr(f"f{n}.xml", b"x")
    with pytest.raises(LimitExceeded, match="60个文件"):
        bounded_archive.check_zip(buf.getvalue(), Limits(max_entries=50))


@pytest.mark.parametrize("fixture, name", [("docx_bomb", "名单.docx"), ("xlsx_bomb", "名单.xlsx"),
                                           ("pdf_bomb", "名单.pdf"), ("lying_zip", "名单.docx")])
def test_text_extraction_refuses_every_bomb(request, fixture, name):
    with Cost() as cost, pytest.raises(TooLarge) as refused:
        extract(request.getfixturevalue(fixture), name)
    cost.assert_small(seconds=2, mb=32)
    assert str(refused.value).startswith(f"{name}：") and isinstance(refused.value, UnsupportedFile)


def test_extracted_text_is_capped_and_the_cut_is_reported():
    data = ("第一行\n" + "身份证号 11010519491231002X\n" * 5000).encode("utf-8")
    whole = extract(data, "名单.txt")
    assert whole.truncated == "" and len(whole.lines) == 5001
    cut = extract(data, "名单.txt", Limits(max_text_chars=1000))
    assert sum(len(line.text) for line in cut.lines) == 1000
    assert "1,000字的上限" in cut.truncated and "只保留并检查了前" in cut.truncated


def test_real_documents_pass_the_bounds():
    import docx
    import openpyxl

    document = docx.Document()
    document.add_paragraph("城关街道2026年低保名单" * 200)
    buf = io.BytesIO()
    document.save(buf)
    assert "低保名单" in extract(buf.getvalue(), "a.docx").text
    book = openpyxl.Workbook()
    for n in range(3000):
        book.active.append([f"王某{n}", n, "城关街道"])
    buf = io.BytesIO()
    book.save(buf)
    assert len(extract(buf.getvalue(), "a.xlsx").lines) == 3000
    assert "Hello" in extract(bombs.simple_pdf("Hello"), "a.pdf").text


def test_too_many_pages_are_refused():
    with pytest.raises(TooLarge, match="超过上限2页"):
        extract(bombs.simple_pdf("p", pages=3), "a.pdf", Limits(max_pages=2))


def test_a_read_out_of_time_stops_with_a_message():
    with pytest.raises(TooLarge, match="秒，已停止"):
        extract(bombs.simple_pdf("p", pages=3), "a.pdf", Limits(max_seconds=-1))


# ---------------------------------------------------------------- every entry point


def test_report_reader_refuses_the_bombs(docx_bomb, pdf_bomb, lying_zip):
    from gongkai.reports.readers import read_document

    for data, name in ((docx_bomb, "报告.docx"), (pdf_bomb, "报告.pdf"), (lying_zip, "报告.docx")):
        with Cost() as cost, pytest.raises(TooLarge, match="已拒绝读取"):
            read_document(data, name)
        cost.assert_small(seconds=2, mb=32)


def test_ledger_import_refuses_the_bomb(xlsx_bomb):
    from gongkai.domain.ledger import LedgerFileError, read_workbook

    with Cost() as cost, pytest.raises(LedgerFileError, match="压缩炸弹"):
        read_workbook(xlsx_bomb)
    cost.assert_small(seconds=2, mb=32)


def test_pii_cli_reports_a_bomb_and_a_cut(tmp_path, docx_bomb, capsys):
    from gongkai.cli import main

    (tmp_path / "bomb.docx").write_bytes(docx_bomb)
    (tmp_path / "ok.txt").write_text("电话 13912345678", encoding="utf-8")
    assert main(["pii", "scan", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bomb.docx" in err and "压缩炸弹" in err
    long = tmp_path / "long.txt"
    long.write_text("电话 13912345678\n" + "x" * bounded_archive.DEFAULT_LIMITS.max_text_chars, encoding="utf-8")
    assert main(["pii", "scan", str(long)]) == 2      # found (1) but not all checked (2)
    captured = capsys.readouterr()
    assert "上限" in captured.err and "139****5678" in captured.out


# ---------------------------------------------------------------- over HTTP


def _login(client, user):
    from tests.conftest import PASSWORD

    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def draft(street_clerk):
    import datetime as dt

    from gongkai.catalog import services

    return services.create_item(street_clerk, title="城关街道低保名单公示", written_date=dt.date.today(),
                                body="<p>名单见附件</p>")


def test_attachment_upload_refuses_the_bomb_fast_and_stores_nothing(client, street_clerk, draft, docx_bomb):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    _login(client, street_clerk)
    client.get(reverse("catalog:item", args=[draft.pk]))    # warm up (URL conf, templates)
    with Cost() as cost:
        response = client.post(reverse("catalog:attachment_upload", args=[draft.pk]),
                               {"file": SimpleUploadedFile("名单.docx", docx_bomb)})
    cost.assert_small(seconds=2, mb=64)
    assert response.status_code == 302
    assert "疑似“压缩炸弹”，已拒绝读取" in client.get(response["Location"]).content.decode()
    assert draft.attachments.count() == 0


def test_report_inspection_page_refuses_the_bomb_fast(client, street_clerk, docx_bomb, pdf_bomb):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    _login(client, street_clerk)
    client.get(reverse("reports:inspect"))    # warm up (URL conf, templates)
    with Cost() as cost:
        response = client.post(reverse("reports:inspect"), {"files": [SimpleUploadedFile("报告.docx", docx_bomb),
                                                                    SimpleUploadedFile("报告.pdf", pdf_bomb)]})
    cost.assert_small(seconds=4, mb=96)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("疑似“压缩炸弹”，已拒绝读取") == 2


def test_attachment_text_is_extracted_by_the_task_and_shown(client, street_clerk, draft,
                                                            django_capture_on_commit_callbacks):
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from huey.contrib.djhuey import HUEY

    from gongkai.catalog.models import TextStatus

    book = openpyxl.Workbook()
    book.active.append(["王某某", "11010519491231002X"])
    buf = io.BytesIO()
    book.save(buf)
    _login(client, street_clerk)
    HUEY.immediate = True
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client.post(reverse("catalog:attachment_upload", args=[draft.pk]),
                        {"file": SimpleUploadedFile("名单.xlsx", buf.getvalue())})
        att = draft.attachments.get()
        assert att.text_status == TextStatus.PENDING and att.text == ""     # nothing read on the request
        assert "正在提取文本" in client.get(reverse("catalog:item", args=[draft.pk])).content.decode()
        for callback in callbacks:
            callback()
    finally:
        HUEY.immediate = False
    att.refresh_from_db()
    assert att.text_status == TextStatus.DONE and "11010519491231002X" in att.text
    page = client.get(reverse("catalog:item", args=[draft.pk])).content.decode()
    assert "文本已提取" in page and "110105********002X" in page


def test_review_waits_for_the_text_and_says_when_a_file_could_not_be_read(street_clerk, street_reviewer, draft):
    from gongkai.catalog import services
    from gongkai.catalog.models import TextStatus

    # A PDF that passes the type and bomb checks but whose pages cannot be read.
    att = services.add_attachment(street_clerk, draft, name="通知.pdf", data=b"%PDF-1.4\n1 0 obj garbage\n%%EOF\n")
    assert att.text_status == TextStatus.PENDING
    services.submit_item(street_clerk, draft)
    with pytest.raises(services.WorkflowError, match="附件“通知.pdf”无法读取.*个人信息未能全部检查"):
        services.approve_item(street_reviewer, draft, opinion="同意")
    att.refresh_from_db()
    assert att.text_status == TextStatus.FAILED and "无法读取" in att.text_note
    review = services.approve_item(street_reviewer, draft, opinion="同意", pii_override_reason="附件为扫描件，已人工核对")
    assert review.pii_override_reason == "附件为扫描件，已人工核对"
    services.publish_item(street_clerk, draft)


def test_letter_template_upload_refuses_the_bomb(docx_bomb, lying_zip):
    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.applications.admin import check_docx_template

    for data in (docx_bomb, lying_zip):
        with Cost() as cost, pytest.raises(forms.ValidationError, match="不是可用的Word模板.*已拒绝读取"):
            check_docx_template(SimpleUploadedFile("答复书.docx", data))
        cost.assert_small(seconds=2, mb=32)


def test_an_archive_zipfile_cannot_read_is_damaged_not_a_crash():
    """Found by tests/fuzz (atheris, ledger): a "version needed to extract" of 25.5 made zipfile
    raise NotImplementedError past the guard and the ledger import."""
    import struct

    from gongkai.domain.ledger import LedgerFileError, read_workbook
    from tests.fuzz.targets import seed_xlsx

    data = bytearray(seed_xlsx())
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, at + 6, 255)
    with pytest.raises(ArchiveDamaged, match="目录无法读取"):
        bounded_archive.check_zip(bytes(data))
    with pytest.raises(LedgerFileError, match="已损坏"):
        read_workbook(bytes(data))
