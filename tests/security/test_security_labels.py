"""安全标记 (GB/T 22239-2019 8.1.4.2 g, security.md §3.2 g): clearances on staff, labels on
applications and items, enforced by the scoping service on lists, detail, exports and the API."""
import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import services as catalog
from gongkai.domain.security_labels import LabelError, Level
from gongkai.security.labels import services as labels
from gongkai.units.models import AuditEntry, Role, User
from tests.conftest import PASSWORD

from .matrix_world import docx
from .pii_world import register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 10, 9))


@pytest.fixture
def secadmin(db):
    return User.objects.create_user(username="secadmin-l", password=PASSWORD, role=Role.SECADMIN, full_name="安全员")


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def set_clearance(secadmin, user, value, reason="岗位调整"):
    page = login(secadmin).post(reverse("manage:labels:clearance", args=[user.pk]),
                                {"clearance": value, "reason": reason})
    assert page.status_code == 302
    user.refresh_from_db()


def what_the_clerk_sees(clerk, app) -> dict:
    client = login(clerk)
    listing = client.get(reverse("applications:list") + "?queue=all").content.decode()
    detail = client.get(reverse("applications:detail", args=[app.pk]))
    export = client.get(reverse("applications:export", args=["xlsx"]) + "?queue=all")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    exported = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    api_list = client.get("/api/v1/work/applications").json()["items"]
    api_detail = client.get(f"/api/v1/work/applications/{app.number}")
    return {"list": app.number in listing, "detail": detail.status_code, "export": app.number in exported,
            "api_list": app.number in {a["number"] for a in api_list}, "api_detail": api_detail.status_code,
            "detail_text": detail.content.decode(), "api_text": api_detail.json().get("detail", "")}


def test_a_clerk_whose_clearance_is_lowered_loses_own_unit_applications_until_it_is_raised(
        street_clerk, secadmin):
    app = register(street_clerk)
    before = what_the_clerk_sees(street_clerk, app)
    assert (before["list"], before["detail"], before["export"], before["api_list"], before["api_detail"]) == \
        (True, 200, True, True, 200)
    assert "安全标记：敏感（含个人信息）" in before["detail_text"]  # the badge on the detail page

    set_clearance(secadmin, street_clerk, str(int(Level.INTERNAL)))
    assert street_clerk.effective_clearance == Level.INTERNAL
    lowered = what_the_clerk_sees(street_clerk, app)
    assert (lowered["list"], lowered["detail"], lowered["export"], lowered["api_list"], lowered["api_detail"]) == \
        (False, 403, False, False, 403)
    for text in (lowered["detail_text"], lowered["api_text"]):
        assert "安全标记为“敏感（含个人信息）”，高于您的安全许可级别“内部”" in text
    denied = AuditEntry.objects.filter(action="security.label_denied", actor=street_clerk)
    assert denied.count() == 2 and {e.outcome for e in denied} == {"failure"}
    assert {e.target_id for e in denied} == {str(app.pk)}

    set_clearance(secadmin, street_clerk, "")  # back to the role's default
    raised = what_the_clerk_sees(street_clerk, app)
    assert (raised["list"], raised["detail"], raised["export"], raised["api_list"], raised["api_detail"]) == \
        (True, 200, True, True, 200)
    changes = AuditEntry.objects.filter(action="security.clearance", target_id=str(street_clerk.pk)).order_by("id")
    assert [(e.actor, e.detail["from"], e.detail["to"], e.reason) for e in changes] == [
        (secadmin, 2, 1, "岗位调整"), (secadmin, 1, 2, "岗位调整")]


def test_only_the_security_administrator_sets_clearances(street_clerk, street_admin, secadmin):
    page = login(street_admin).post(reverse("manage:labels:clearance", args=[street_clerk.pk]),
                                    {"clearance": "0", "reason": "x"})
    assert page.status_code == 403
    street_clerk.refresh_from_db()
    assert street_clerk.clearance is None
    page = login(secadmin).post(reverse("manage:labels:clearance", args=[street_clerk.pk]),
                                {"clearance": "0", "reason": ""}, follow=True)
    assert "请填写调整理由" in page.content.decode()
    street_clerk.refresh_from_db()
    assert street_clerk.clearance is None


def test_lowering_a_label_is_refused_to_everyone_but_the_security_administrator(
        street_clerk, street_reviewer, secadmin):
    app = register(street_clerk)
    for user in (street_clerk, street_reviewer):
        with pytest.raises(LabelError, match="须由安全管理员"):
            labels.set_label(user, app, value=Level.INTERNAL, reason="已脱敏")
        page = login(user).post(reverse("manage:labels:label"), {"kind": "application", "pk": app.pk,
                                                                 "level": "1", "reason": "已脱敏"})
        assert page.status_code == 403
    app.refresh_from_db()
    assert app.sensitivity == Level.SENSITIVE

    client = login(secadmin)
    page = client.post(reverse("manage:labels:label"), {"kind": "application", "pk": app.pk, "level": "1"},
                       follow=True)
    assert "降低安全标记须填写理由" in page.content.decode()
    client.post(reverse("manage:labels:label"), {"kind": "application", "pk": app.pk, "level": "1",
                                                 "reason": "申请人信息已匿名化"})
    app.refresh_from_db()
    assert app.sensitivity == Level.INTERNAL
    event = AuditEntry.objects.get(action="security.label", target_id=str(app.pk))
    assert (event.actor, event.detail, event.reason) == (
        secadmin, {"from": 2, "to": 1, "lowered": True}, "申请人信息已匿名化")
    assert "王小明" not in event.target_repr  # the 安全管理员 names records by type and id only


def test_a_supervisor_below_sensitive_cannot_open_a_sensitive_attachment_in_own_subtree(
        street_clerk, supervisor, secadmin):
    item = catalog.create_item(street_clerk, title="低保对象名单（内部）", written_date=dt.date(2026, 10, 8),
                               body="<p>名单</p>")
    att = catalog.add_attachment(street_clerk, item, name="名单.docx", data=docx("低保对象名单"))
    client = login(supervisor)
    assert client.get(reverse("catalog:attachment", args=[att.pk])).status_code == 200

    labels.set_label(street_clerk, item, value=Level.SENSITIVE)  # raising needs no 安全管理员
    set_clearance(secadmin, supervisor, str(int(Level.INTERNAL)))
    client = login(supervisor)
    refused = client.get(reverse("catalog:attachment", args=[att.pk]))
    assert refused.status_code == 403 and "安全标记" in refused.content.decode()
    assert client.get(reverse("catalog:item", args=[item.pk])).status_code == 403
    assert client.get(f"/api/v1/work/items/{item.pk}").status_code == 403
    assert item.title not in client.get(reverse("catalog:items")).content.decode()
    assert item.pk not in {i["id"] for i in client.get("/api/v1/work/items").json()["items"]}
    # the clerk, whose default clearance is 敏感, still works on it and sees the badge
    page = login(street_clerk).get(reverse("catalog:item", args=[item.pk])).content.decode()
    assert "安全标记：敏感（含个人信息）" in page


def test_the_console_lists_the_labelling_policy_and_the_cleared_accounts(street_clerk, secadmin):
    set_clearance(secadmin, street_clerk, "1")
    page = login(secadmin).get(reverse("manage:labels:index")).content.decode()
    assert "依申请公开申请（含申请人个人信息）" in page and "默认“敏感（含个人信息）”" in page
    assert "street_clerk" in page and "内部" in page
    roles = login(secadmin).get(reverse("manage:roles:index")).content.decode()
    assert "安全许可级别" in roles and reverse("manage:labels:clearance", args=[street_clerk.pk]) in roles
