"""Bad input gets a clear refusal, never a 500 (issue 10, Low findings; spec security.md §3.4 d):
lone surrogates in forms and JSON, multipart without a boundary, DOCX content under a .pdf name."""
from __future__ import annotations

import datetime as dt
import io
import json
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications.models import Application
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def _switches(settings):
    settings.GONGKAI_PUBLIC_CAPTCHA = False
    settings.GONGKAI_PUBLIC_RATE_LIMIT = False
    cache.clear()
    yield
    cache.clear()


def application(office, **over):
    data = {"unit": office.pk, "applicant_type": "natural_person", "name": "王小明", "id_number": ID_NUMBER,
            "phone": "13812345678", "email": "wxm@example.com", "address": "城关大道2号",
            "description": "城关街道2026年老旧小区改造项目的批复文件", "form": "electronic", "delivery": "email"}
    data.update(over)
    return data


# ---------------------------------------------------------------- lone surrogates

@pytest.mark.parametrize("field", ["description", "name", "address"])
def test_a_lone_surrogate_in_the_json_api_is_refused_with_a_chinese_message(client, street, field):
    body = json.dumps(application(street, **{field: "批复文件\ud800"}))      # sent as the escape \ud800
    assert "\\ud800" in body
    response = client.post("/api/v1/applications", body, content_type="application/json")
    assert response.status_code == 400
    assert "无法识别的字符" in response.json()["detail"][0]["msg"]
    assert Application.objects.count() == 0


def test_a_surrogate_pair_is_a_character_and_is_accepted(client, street):
    body = json.dumps(application(street, description="城关街道老旧小区改造批复 \U0001F4C4"))   # \ud83d\udcc4
    response = client.post("/api/v1/applications", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Application.objects.get().description.endswith("\U0001F4C4")


def test_a_lone_surrogate_in_a_json_key_is_refused(client, street):
    body = json.dumps({**application(street), "x\udc00": 1})
    assert client.post("/api/v1/applications", body, content_type="application/json").status_code == 400


def test_a_form_posted_in_utf7_cannot_smuggle_a_surrogate(client, street):
    """UTF-7 decodes '+2AA-' to '\ud800', and Django decodes multipart fields in the request's
    charset; a urlencoded body in UTF-7 Django itself refuses — with our Chinese message."""
    fields = application(street, description="城关街道老旧小区改造项目的批复文件SURROGATE")
    fields["info_form"] = fields.pop("form")
    parts = b"".join(b"--B\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (
        k.encode(), str(v).encode("utf-7")) for k, v in fields.items()) + b"--B--\r\n"
    parts = parts.replace(b"SURROGATE", b"+2AA-")
    response = client.generic("POST", reverse("apply:new"), parts,
                              content_type="multipart/form-data; boundary=B; charset=utf-7")
    assert response.status_code == 400
    assert "无法识别的字符" in response.content.decode()
    body = urlencode(fields).replace("SURROGATE", "+2AA-")
    response = client.generic("POST", reverse("apply:new"), body.encode("ascii"),
                              content_type="application/x-www-form-urlencoded; charset=utf-7")
    assert response.status_code == 400 and "须为UTF-8" in response.content.decode()
    assert Application.objects.count() == 0


# ---------------------------------------------------------------- multipart without a boundary

@pytest.mark.parametrize("path", ["/apply/new/", "/api/v1/applications", "/accounts/login/"])
def test_multipart_without_a_boundary_is_a_400_in_chinese(client, street, path):
    body = b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--\r\n"
    response = client.generic("POST", path, body, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "缺少分隔符" in response.content.decode()


# ---------------------------------------------------------------- content type follows the content

def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("城关街道2026年公示")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_uploaded_as_pdf_is_stored_and_served_as_docx(client, street_clerk, street_reviewer):
    from gongkai.catalog import services

    item = services.create_item(street_clerk, title="城关街道2026年公示", written_date=dt.date.today(),
                                body="<p>见附件</p>")
    assert client.login(username=street_clerk.username, password=PASSWORD)
    response = client.post(reverse("catalog:attachment_upload", args=[item.pk]),
                           {"file": SimpleUploadedFile("公示.pdf", _docx_bytes(), "application/pdf")})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "文件内容是Word（DOCX），与原文件名“公示.pdf”的扩展名不符，已按实际类型保存" in page
    att = item.attachments.get()
    assert (att.name, att.kind) == ("公示.docx", "docx")

    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    staff = client.get(reverse("catalog:attachment", args=[att.pk]))
    assert staff["Content-Type"] == docx_type and staff["X-Content-Type-Options"] == "nosniff"
    assert "filename*=utf-8''%E5%85%AC%E7%A4%BA.docx" in staff["Content-Disposition"]

    services.submit_item(street_clerk, item)
    services.approve_item(street_reviewer, item, opinion="同意")
    services.publish_item(street_clerk, item)
    client.logout()
    public = client.get(reverse("portal:attachment", args=[att.pk]))
    assert public.status_code == 200
    assert public["Content-Type"] == docx_type and public["X-Content-Type-Options"] == "nosniff"
    assert b"".join(public.streaming_content) == att.file.open("rb").read()


def test_a_stored_misnamed_attachment_is_served_under_its_real_type(client, street_clerk):
    """Attachments stored before the fix keep their name; the download still says what they are."""
    from django.core.files.base import ContentFile

    from gongkai.catalog import services
    from gongkai.catalog.models import Attachment

    item = services.create_item(street_clerk, title="旧附件", written_date=dt.date.today(), body="<p>x</p>")
    att = Attachment(item=item, name="旧通知.pdf", kind="docx", size=10, sha256="0" * 64, text_status="done")
    att.file.save("old.docx", ContentFile(_docx_bytes()), save=False)
    att.save()
    assert client.login(username=street_clerk.username, password=PASSWORD)
    response = client.get(reverse("catalog:attachment", args=[att.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert ".docx" in response["Content-Disposition"] and ".pdf" not in response["Content-Disposition"]


@pytest.mark.parametrize("name, kind, stored, renamed", [
    ("公示.pdf", "docx", "公示.docx", True),
    ("公示.DOCX", "docx", "公示.DOCX", False),
    ("公示", "xlsx", "公示.xlsx", True),
    ("2024.01.通知", "pdf", "2024.01.通知.pdf", True),
    ("C:\\Users\\张\\名单.xlsm", "xlsx", "名单.xlsm", False),
    ("长" * 300 + ".pdf", "pdf", "长" * 196 + ".pdf", False),
])
def test_stored_names_carry_the_extension_of_the_content(name, kind, stored, renamed):
    from gongkai.catalog.attachments import stored_name

    assert stored_name(name, kind) == (stored, renamed)


# ---------------------------------------------------------------- holiday schedule file (found by tests/fuzz)

def test_a_schedule_with_a_field_past_the_csv_limit_is_a_format_error_not_a_crash():
    from gongkai.domain.workdays import ScheduleFormatError, parse_schedule

    with pytest.raises(ScheduleFormatError, match="line 2: field larger than field limit"):
        parse_schedule("year,2027\n" + "a" * 200_000 + "\n")


def test_a_schedule_note_longer_than_the_database_holds_is_refused_before_storing():
    from gongkai.domain.workdays import ScheduleFormatError
    from gongkai.workdays.models import ScheduleDay
    from gongkai.workdays.services import load_schedule

    with pytest.raises(ScheduleFormatError, match="line 1: the note is longer than 100"):
        load_schedule("2027-01-01,休," + "元旦" * 60 + "\n")
    assert ScheduleDay.objects.count() == 0


def test_a_ledger_whose_sheet_xml_is_damaged_is_a_clear_refusal_not_a_crash():
    """Found by tests/fuzz (atheris, ledger-xml): openpyxl parses a read-only sheet while it is
    iterated, so a mismatched tag escaped as xml.etree.ElementTree.ParseError."""
    from gongkai.domain.ledger import LedgerFileError, parse_ledger
    from tests.fuzz import targets

    sheet = dict(targets.zip_entries(targets.seed_xlsx()))["xl/worksheets/sheet1.xml"]
    broken = sheet.replace(b"</row>", b"</rowx>", 2)
    with pytest.raises(LedgerFileError, match="工作表内容已损坏"):
        parse_ledger(targets.with_part(targets.seed_xlsx(), "xl/worksheets/sheet1.xml", broken), targets.TODAY)
