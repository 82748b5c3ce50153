"""恶意代码防范 (等保 8.1.4.5, spec security.md §3.5): every upload path scans with a real clamd
before anything is stored; a detection or an unreachable scanner refuses the upload (fail closed);
without a configured scanner the upload pages say the files are not virus-scanned.

clamd is Debian's (scripts/sysdeps.sh); one process per test session on a self-written database
(tests/security/clamd_server.py). If it cannot start, these tests fail: they never skip.
"""
from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import LetterTemplate
from gongkai.catalog.models import Attachment
from gongkai.domain import virus_scan as rules
from gongkai.duties.models import TrainingSession
from gongkai.reports.models import AnnualReport
from gongkai.security import clamd as client
from gongkai.units.models import AuditEntry
from gongkai.workdays.models import ScheduleDay
from gongkai.workplan.models import TaskEvidence
from tests.conftest import PASSWORD

from . import matrix_world
from .clamd_server import EICAR, EICAR_SIGNATURE, MARKER, MARKER_SIGNATURE, Clamd

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def clamd_server(tmp_path_factory):
    server = Clamd(tmp_path_factory.mktemp("clamd")).start()   # raises (test error) when clamd cannot start
    yield server
    server.stop()


@pytest.fixture
def scanning(settings, clamd_server):
    settings.GONGKAI_CLAMD = clamd_server.url
    settings.GONGKAI_CLAMD_TIMEOUT = 10.0
    return clamd_server


def _xlsx(text: str) -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = text
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@dataclasses.dataclass
class Path_:
    """One upload path: who posts what where, which page shows the form, what would be stored."""

    name: str
    who: tuple
    url: str
    field: str
    data: dict
    page: str
    stored: object           # a callable counting what an accepted upload stores
    clean: tuple = ("说明.docx", None)   # (file name, content or None for a DOCX)


def upload_paths(w) -> list[Path_]:
    town, draft, task = w["town"], w["draft"], w["task"]
    return [
        Path_("item attachment", ("clerk", "own"), reverse("catalog:attachment_upload", args=[draft.pk]), "file",
              {}, reverse("catalog:item", args=[draft.pk]), lambda: Attachment.objects.count()),
        Path_("training materials", ("clerk", "own"), reverse("duties:session_add", args=[town.pk]), "materials",
              {"date": "2026-09-10", "topic": "条例学习", "hours": "1"}, reverse("duties:training", args=[town.pk]),
              lambda: TrainingSession.objects.count()),
        Path_("holiday CSV", ("sysadmin", None), reverse("workdays:calendar"), "file", {"source": "测试通知"},
              reverse("workdays:calendar"), lambda: ScheduleDay.objects.count(),
              clean=("2031.csv", "2031-01-01,休,元旦\n".encode())),
        Path_("task evidence", ("clerk", "own"), reverse("workplan:submit", args=[task.pk]), "file",
              {"note": "已完成"}, reverse("workplan:task", args=[task.pk]), lambda: TaskEvidence.objects.count()),
        Path_("report archive", ("reviewer", "own"), reverse("reports:archive"), "file",
              {"year": "2015", "title": "2015年报告"}, reverse("reports:index"),
              lambda: AnnualReport.objects.exclude(archive_file="").count(), clean=("2015年报.txt", None)),
        Path_("yearly figures import", ("clerk", "own"), reverse("reports:figures_import"), "file", {},
              reverse("reports:figures_import"), lambda: 0, clean=("数据.xlsx", "xlsx")),
        Path_("report inspection", ("clerk", "own"), reverse("reports:inspect"), "files", {}, reverse("reports:inspect"),
              lambda: 0, clean=("报告.txt", "政府信息公开工作年度报告\n".encode())),
        Path_("report inspection API", ("clerk", "own"), "/api/v1/work/reports/inspect", "files", {}, "",
              lambda: 0, clean=("报告.txt", "政府信息公开工作年度报告\n".encode())),
        Path_("ledger import", ("clerk", "own"), reverse("applications:import"), "file", {},
              reverse("applications:import"), lambda: 0, clean=("台账.xlsx", "xlsx")),
        Path_("letter template (admin)", ("sysadmin", None), reverse("admin:applications_lettertemplate_add"),
              "file", {"kind": "receipt", "active": "on"}, reverse("admin:applications_lettertemplate_add"),
              lambda: LetterTemplate.objects.count()),
    ]


@pytest.fixture
def world(db):
    return matrix_world.build()


def _client(w, who) -> Client:
    c = Client()
    assert c.login(username=w["people"][who].username, password=PASSWORD)
    return c


def _post(c: Client, path: Path_, name: str, content: bytes):
    return c.post(path.url, {**path.data, path.field: SimpleUploadedFile(name, content)})


def _media_files(settings) -> set:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _clean_content(path: Path_) -> tuple[str, bytes]:
    name, content = path.clean
    if content is None:
        content = matrix_world.docx("干净的测试文件")
    elif content == "xlsx":
        content = _xlsx("干净的测试文件")
    return name, content


def test_eicar_is_refused_on_every_upload_path_and_nothing_is_stored(scanning, world, settings):
    for path in upload_paths(world):
        c = _client(world, path.who)
        stored, media = path.stored(), _media_files(settings)
        successes = AuditEntry.objects.filter(outcome="success").count()
        response = _post(c, path, "通知.pdf", EICAR)
        text = response.content.decode()
        assert response.status_code == 400, path.name
        assert EICAR_SIGNATURE in text and "含有病毒" in text and "文件未保存" in text, path.name
        assert path.stored() == stored and _media_files(settings) == media, path.name
        assert AuditEntry.objects.filter(outcome="success").count() == successes, path.name
        event = AuditEntry.objects.filter(action="upload.virus_found").order_by("-id").first()
        assert event is not None and event.outcome == "failure", path.name
        assert event.detail["path"] == path.url and EICAR_SIGNATURE in event.detail["signature"], path.name
    from gongkai.monitoring.models import Alert

    alert = Alert.objects.get(kind="malware")   # one alert per signature in the quiet period, repeats counted
    assert EICAR_SIGNATURE in alert.title and alert.repeats == len(upload_paths(world)) - 1


def test_clean_files_pass_the_scanner_on_every_upload_path(scanning, world, settings):
    for path in upload_paths(world):
        c = _client(world, path.who)
        name, content = _clean_content(path)
        response = _post(c, path, name, content)
        assert response.status_code not in (400, 503) or "病毒" not in response.content.decode(), path.name
        assert not AuditEntry.objects.filter(action__startswith="upload.").exists(), path.name
    # the ones that store a file stored it
    assert Attachment.objects.filter(item=world["draft"], name="说明.docx").exists()
    assert TrainingSession.objects.filter(topic="条例学习").exclude(materials="").exists()
    assert ScheduleDay.objects.filter(date="2031-01-01").exists()
    assert LetterTemplate.objects.filter(kind="receipt").exists()


def test_a_marker_inside_a_spreadsheet_is_found(scanning, world, settings):
    """clamd unpacks the XLSX (a zip): a signature inside a cell is found, the ledger not checked."""
    c = _client(world, ("clerk", "own"))
    response = c.post(reverse("applications:import"),
                      {"file": SimpleUploadedFile("台账.xlsx", _xlsx(MARKER.decode()))})
    assert response.status_code == 400 and MARKER_SIGNATURE in response.content.decode()


def test_a_stopped_scanner_blocks_every_upload(settings, world, tmp_path):
    stopped = Clamd(tmp_path / "stopped").start()
    settings.GONGKAI_CLAMD = stopped.url
    assert client.ping(stopped.address)
    stopped.stop()
    for path in upload_paths(world):
        c = _client(world, path.who)
        stored, media = path.stored(), _media_files(settings)
        name, content = _clean_content(path)
        response = _post(c, path, name, content)
        assert response.status_code == 503, path.name
        assert rules.UNAVAILABLE_MESSAGE in response.content.decode(), path.name
        assert path.stored() == stored and _media_files(settings) == media, path.name
    assert AuditEntry.objects.filter(action="upload.scan_unavailable", outcome="failure").exists()


def test_a_file_over_the_scan_limit_is_refused_unscanned(scanning, world, settings):
    settings.GONGKAI_CLAMD_MAX_BYTES = 1024
    c = _client(world, ("clerk", "own"))
    response = c.post(reverse("reports:inspect"), {"files": SimpleUploadedFile("大.txt", b"a" * 4096)})
    assert response.status_code == 400 and "超过病毒扫描的大小上限" in response.content.decode()


def test_without_a_scanner_uploads_work_and_every_upload_page_says_so(settings, world):
    settings.GONGKAI_CLAMD = ""
    for path in upload_paths(world):
        if path.page:
            page = _client(world, path.who).get(path.page)
            assert page.status_code == 200, path.name
            assert "文件未经病毒扫描" in page.content.decode(), path.name
    c = _client(world, ("clerk", "own"))
    response = c.post(reverse("catalog:attachment_upload", args=[world["draft"].pk]),
                      {"file": SimpleUploadedFile("未扫描.docx", matrix_world.docx("内容"))})
    assert response.status_code == 302
    assert Attachment.objects.filter(name="未扫描.docx").exists()


def test_every_upload_template_carries_the_notice():
    """A new upload form without the notice fails here (the scanner itself covers every view)."""
    root = Path(__file__).resolve().parents[2] / "gongkai"
    missing = [str(p.relative_to(root)) for p in root.rglob("*.html")
               if 'enctype="multipart/form-data"' in p.read_text(errors="replace") and "virus_scan_notice.html" not in p.read_text(errors="replace")]
    assert missing == []


def test_the_system_console_shows_the_scanner_state(settings, world, clamd_server):
    c = _client(world, ("sysadmin", None))
    settings.GONGKAI_CLAMD = ""
    assert "未配置" in c.get(reverse("manage:system:index")).content.decode()
    settings.GONGKAI_CLAMD = clamd_server.url
    page = c.get(reverse("manage:system:index")).content.decode()
    assert "正常" in page and "ClamAV" in page and clamd_server.url in page
    settings.GONGKAI_CLAMD = "unix:///nonexistent/clamd.sock"
    assert "不可用" in c.get(reverse("manage:system:index")).content.decode()


def test_reply_mapping_and_policy():
    assert rules.verdict(b"stream: OK\0").status == rules.CLEAN
    found = rules.verdict(b"stream: Win.Test.EICAR_HDB-1 FOUND\0")
    assert (found.status, found.signature) == (rules.INFECTED, "Win.Test.EICAR_HDB-1")
    assert rules.verdict(b"INSTREAM size limit exceeded. ERROR\0").status == rules.ERROR
    assert rules.decide(False, "a.pdf", None).allowed
    assert not rules.decide(True, "a.pdf", rules.failure("timeout")).allowed
    assert rules.decide(True, "a.pdf", None).message == rules.UNAVAILABLE_MESSAGE
    assert rules.parse_address("tcp://127.0.0.1").port == 3310
    assert rules.parse_address("unix:///run/clamav/clamd.ctl").path == "/run/clamav/clamd.ctl"
    assert rules.parse_address("") is None
    with pytest.raises(rules.AddressError):
        rules.parse_address("127.0.0.1:3310")
