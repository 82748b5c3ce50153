"""审计管理员's console /manage/audit/ (8.1.5.2): only the audit administrator; read-only search,
export, chain verification, saved reports; its own queries audited."""
import csv
import importlib
import io
import json

import pytest
from django.db import connection
from django.urls import reverse

from gongkai.units import audit
from gongkai.units.models import AuditEntry, Role, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
guard = importlib.import_module("gongkai.units.migrations.0002_audit_append_only")


@pytest.fixture
def auditor():
    return User.objects.create_user(username="auditor", password=PASSWORD, role=Role.AUDITADMIN, full_name="审计员")


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.UNIT_ADMIN, Role.SUPERVISOR, Role.CLERK])
def test_only_the_audit_administrator_gets_in(client, role, street):
    user = User.objects.create_user(username=f"u-{role}", password=PASSWORD, role=role,
                                    unit=None if role in (Role.SYSADMIN, Role.SECADMIN) else street)
    _login(client, user)
    for name in ("index", "export_csv", "export_jsonl"):
        assert client.get(reverse(f"manage:auditlog:{name}")).status_code == 403
    assert client.post(reverse("manage:auditlog:verify")).status_code == 403
    assert AuditEntry.objects.filter(action="security.console_denied", actor=user).count() == 4


def test_search_filters_and_is_itself_audited(client, auditor):
    audit.record("auth.login_failed", outcome="failure", reason="口令错误", target_repr="张三")
    audit.record("auth.login", target_repr="李四")
    _login(client, auditor)
    html = client.get(reverse("manage:auditlog:index"), {"outcome": "failure"}).content.decode()
    assert "张三" in html and "李四" not in html
    searched = AuditEntry.objects.filter(action="audit.search", actor=auditor).get()
    assert searched.detail["filters"] == {"outcome": "failure"}


def test_bad_filters_get_a_chinese_message_not_a_500(client, auditor):
    _login(client, auditor)
    response = client.get(reverse("manage:auditlog:index"), {"since": "2026-13-45", "ip": "not-an-ip"})
    html = response.content.decode()
    assert response.status_code == 200 and "格式不正确" in html


def test_exports_neutralise_formulas_and_are_audited(client, auditor):
    audit.record("auth.login_failed", target_repr='=HYPERLINK("http://203.0.113.1","x")', outcome="failure")
    _login(client, auditor)
    body = client.get(reverse("manage:auditlog:export_csv")).content.decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(body)) for c in row]
    assert "'=HYPERLINK(\"http://203.0.113.1\",\"x\")" in cells
    response = client.get(reverse("manage:auditlog:export_jsonl"))
    lines = [json.loads(x) for x in b"".join(response.streaming_content).decode().splitlines()]
    assert any(e["event"] == "auth.login_failed" and e["mac"] for e in lines)
    assert AuditEntry.objects.filter(action="audit.export", actor=auditor).count() == 2


def test_verification_names_the_broken_row(client, auditor):
    rows = [audit.record("test.x", detail={"i": i}) for i in range(3)]
    _login(client, auditor)
    assert "完整" in client.post(reverse("manage:auditlog:verify")).content.decode()
    with connection.cursor() as cursor:
        for sql in guard.DROP[connection.vendor]:
            cursor.execute(sql)
        cursor.execute("UPDATE units_auditentry SET target_repr = 'x' WHERE id = %s", [rows[1].pk])
        for sql in {"sqlite": guard.SQLITE, "postgresql": guard.POSTGRES}[connection.vendor]:
            cursor.execute(sql)
    html = client.post(reverse("manage:auditlog:verify")).content.decode()
    assert f"id={rows[1].pk}" in html and "已被破坏" in html


def test_saved_reports(client, auditor, street_clerk):
    audit.record("auth.login_failed", outcome="failure", target_repr="guess")
    audit.record("pii.reveal", user=street_clerk, target_repr="申请 1")
    _login(client, auditor)
    for key in ("failed_logins", "pii_reveals", "off_hours_admin"):
        assert client.get(reverse("manage:auditlog:report", args=[key])).status_code == 200
    html = client.get(reverse("manage:auditlog:report", args=["pii_reveals"])).content.decode()
    assert street_clerk.display_name in html
    assert client.get(reverse("manage:auditlog:report", args=["nope"])).status_code == 404
    assert AuditEntry.objects.filter(action="audit.report", actor=auditor).count() == 4


def test_business_records_are_named_by_type_and_id_only(client, auditor, street_clerk):
    """三员分立: the audit administrator holds no business data, not even a draft's title."""
    from gongkai.catalog import services
    import datetime as dt

    item = services.create_item(street_clerk, title="内部草稿标题", written_date=dt.date(2026, 3, 2), body="<p>x</p>")
    _login(client, auditor)
    html = client.get(reverse("manage:auditlog:index")).content.decode()
    assert "内部草稿标题" not in html and f"catalog.item #{item.pk}" in html
    body = client.get(reverse("manage:auditlog:export_csv")).content.decode("utf-8-sig")
    assert "内部草稿标题" not in body
    jsonl = b"".join(client.get(reverse("manage:auditlog:export_jsonl")).streaming_content).decode()
    assert "内部草稿标题" not in jsonl
