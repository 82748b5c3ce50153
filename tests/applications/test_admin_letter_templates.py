"""Letter templates in the admin: a unit admin sees and uploads only their own unit's templates,
the 系统管理员 also the ones for all units, and only a Word file docxtpl can fill is stored."""
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from docx import Document

from gongkai.applications.models import LetterTemplate
from gongkai.units.models import AuditEntry, Role, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADD = "/admin/applications/lettertemplate/add/"
LIST = "/admin/applications/lettertemplate/"
SHIPPED = Path(__file__).resolve().parents[2] / "gongkai/applications/templates/letters/supplement.docx"


def docx(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def zipped(name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(name, "<x/>")
    return out.getvalue()


@pytest.fixture
def unit_admin(street_admin, client):
    street_admin.is_staff = True
    street_admin.save()
    client.login(username=street_admin.username, password=PASSWORD)
    return street_admin


@pytest.fixture
def templates(street, town):
    def make(unit, name):
        return LetterTemplate.objects.create(kind="supplement", unit=unit, file=ContentFile(docx("x"), name=name))
    return make(street, "street.docx"), make(town, "town.docx"), make(None, "all.docx")


def upload(client, content: bytes, name="mine.docx", **extra):
    data = {"kind": "supplement", "active": "on", "file": ContentFile(content, name=name), **extra}
    return client.post(ADD, data)


def test_unit_admin_sees_only_own_units_templates(client, unit_admin, templates):
    own, other, everyone = templates
    page = client.get(LIST)
    assert page.status_code == 200
    shown = set(page.context["cl"].result_list)
    assert shown == {own}
    assert client.get(f"{LIST}{other.pk}/change/").status_code in (302, 403, 404)
    assert client.get(f"{LIST}{everyone.pk}/change/").status_code in (302, 403, 404)
    assert client.get(f"{LIST}{own.pk}/change/").status_code == 200


def test_unit_admins_upload_is_forced_to_their_unit(client, unit_admin, street, town):
    form = client.get(ADD).context["adminform"].form
    assert "unit" not in form.fields  # no choice to make
    response = upload(client, SHIPPED.read_bytes(), unit=town.pk)  # a forged unit is ignored
    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = LetterTemplate.objects.get()
    assert stored.unit == street and stored.kind == "supplement"
    assert AuditEntry.objects.filter(action="admin.lettertemplate.add", actor=unit_admin).exists()


def test_system_administrator_may_set_a_template_for_all_units(client, county, street):
    User.objects.create_user("ops", password=PASSWORD, role=Role.SYSADMIN, is_staff=True)  # no superuser (三员分立)
    client.login(username="ops", password=PASSWORD)
    assert "unit" in client.get(ADD).context["adminform"].form.fields
    assert upload(client, SHIPPED.read_bytes()).status_code == 302
    assert LetterTemplate.objects.get().unit is None
    assert upload(client, SHIPPED.read_bytes(), unit=street.pk).status_code == 302
    assert LetterTemplate.objects.filter(unit=street).count() == 1


@pytest.mark.parametrize("content, name, words", [
    (b"%PDF-1.7 not a word file", "letter.docx", "不是Word文档"),
    (zipped("readme.txt"), "letter.docx", "没有Word正文"),
    (b"PK\x03\x04 truncated", "letter.docx", "已损坏"),
    (docx("申请人：{{ applicant_name "), "broken.docx", "占位符写法有误"),
    (docx("{% if %}"), "broken.docx", "占位符写法有误"),
])
def test_bad_file_is_refused_with_a_chinese_message_and_nothing_saved(client, unit_admin, content, name, words):
    response = upload(client, content, name=name)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert any("不是可用的Word模板（.docx）" in e and words in e for e in errors), errors
    assert not LetterTemplate.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="admin.lettertemplate").exists()


def test_a_good_template_with_placeholders_is_accepted(client, unit_admin):
    assert upload(client, docx("致{{ applicant_name }}：申请编号{{ number }}")).status_code == 302
    assert LetterTemplate.objects.count() == 1


def test_clerk_has_no_access(client, street_clerk, templates):
    street_clerk.is_staff = True
    street_clerk.save()
    client.login(username=street_clerk.username, password=PASSWORD)
    assert client.get(LIST).status_code == 403
    assert client.post(ADD, {"kind": "supplement"}).status_code == 403
