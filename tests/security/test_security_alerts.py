"""The nightly chain check and its alert (8.1.4.3 c): a row tampered with out of band → the task
names the first broken row in a stored alert, mailed to 安全管理员 and 审计管理员; the integrity
hook (8.1.4.6) alerts the same way."""
import importlib

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai.monitoring import alerts, tasks
from gongkai.monitoring.models import Alert
from gongkai.units import audit
from gongkai.units.models import AuditEntry

from .alerts_helpers import officers
from .auth_flow import full_login

pytestmark = pytest.mark.django_db
guard = importlib.import_module("gongkai.units.migrations.0002_audit_append_only")


def _tamper(sql, params):
    """Out of band, as someone with DDL rights could: lift the trigger, edit, put it back."""
    with connection.cursor() as cursor:
        for stmt in guard.DROP[connection.vendor]:
            cursor.execute(stmt)
        cursor.execute(sql, params)
        for stmt in {"sqlite": guard.SQLITE, "postgresql": guard.POSTGRES}[connection.vendor]:
            cursor.execute(stmt)


def test_a_sound_chain_gives_no_alert(mailoutbox):
    officers()
    [audit.record("test.event", detail={"i": i}) for i in range(3)]
    assert tasks.nightly_chain_verification.call_local() is None
    assert not Alert.objects.exists() and mailoutbox == []
    run = AuditEntry.objects.get(action="audit.verify")
    assert run.outcome == "success" and run.detail["via"] == "nightly"


def test_a_tampered_row_raises_the_chain_break_alert_naming_it(mailoutbox):
    officers()
    rows = [audit.record("test.event", detail={"i": i}) for i in range(5)]
    _tamper("UPDATE units_auditentry SET actor_name = %s WHERE id = %s", ["张三", rows[2].pk])
    assert tasks.nightly_chain_verification.call_local() == rows[2].pk
    alert = Alert.objects.get(kind="chain_break")
    assert f"id={rows[2].pk}" in alert.body and f"链序号 {rows[2].seq}" in alert.body and "已被修改" in alert.body
    assert alert.severity == "critical"
    assert len(mailoutbox) == 1 and sorted(mailoutbox[0].to) == ["audit@qinghe.example", "sec@qinghe.example"]
    assert "操作日志链断裂" in mailoutbox[0].subject and f"id={rows[2].pk}" in mailoutbox[0].body
    run = AuditEntry.objects.get(action="audit.verify")
    assert run.outcome == "failure" and run.detail["broken_id"] == rows[2].pk
    assert AuditEntry.objects.get(action="security.alert").detail["kind"] == "chain_break"
    # the next night finds the same break: the alert is counted, not mailed again within the hour
    tasks.nightly_chain_verification.call_local()
    alert.refresh_from_db()
    assert alert.repeats == 1 and len(mailoutbox) == 1


def test_the_chain_break_alert_is_in_both_consoles():
    sec, auditor = officers()
    rows = [audit.record("test.event", detail={"i": i}) for i in range(3)]
    _tamper("DELETE FROM units_auditentry WHERE id = %s", [rows[1].pk])
    tasks.nightly_chain_verification.call_local()
    for user, url in ((sec, "manage:policy:index"), (auditor, "manage:auditlog:index")):
        c = Client()
        full_login(c, user)
        html = c.get(reverse(url)).content.decode()
        assert "操作日志链断裂" in html and f"id={rows[2].pk}" in html


def test_verification_in_the_audit_console_alerts_too(client, mailoutbox):
    _, auditor = officers()
    rows = [audit.record("test.event", detail={"i": i}) for i in range(3)]
    _tamper("UPDATE units_auditentry SET target_repr = 'x' WHERE id = %s", [rows[0].pk])
    full_login(client, auditor)
    client.post(reverse("manage:auditlog:verify"))
    assert f"id={rows[0].pk}" in Alert.objects.get(kind="chain_break").body


def test_integrity_mismatch_hook_audits_and_alerts(mailoutbox):
    officers()
    alert = alerts.integrity_mismatch("templates/base.html", "sm3:aa11", "sm3:bb22", "安装清单校验")
    assert alert.kind == "integrity" and "templates/base.html" in alert.body and "sm3:bb22" in alert.body
    row = AuditEntry.objects.get(action="security.integrity_mismatch")
    assert row.outcome == "failure" and row.detail["expected"] == "sm3:aa11"
    assert len(mailoutbox) == 1 and "完整性校验不符" in mailoutbox[0].subject


def test_an_alert_without_recipients_is_still_stored_and_audited(mailoutbox):
    alert = alerts.integrity_mismatch("policy row 1")
    assert alert.mailed == 0 and mailoutbox == [] and alert.audit_entry_id
