"""Failure events (安全审计 8.1.4.3 a–b): refused actions are audit rows with outcome "failure",
bounded per source and minute so that nobody can flood the log, and login-failure bursts give
ONE alert (入侵防范 8.1.4.4 f)."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import services as catalog
from gongkai.monitoring import failures
from gongkai.monitoring.models import Alert
from gongkai.units.models import AuditEntry, Role

from .alerts_helpers import fresh_minute, officers
from .auth_flow import full_login, post_password

pytestmark = pytest.mark.django_db
WRONG = "wrong-Pass-0000"


def test_failed_logins_and_the_lockout_are_failures(client, street_clerk):
    for _ in range(5):
        post_password(client, "street_clerk", WRONG)
    rows = AuditEntry.objects.filter(action__in=("auth.login_failed", "auth.lockout"))
    assert rows.count() == 6 and {r.outcome for r in rows} == {"failure"}
    assert all(r.reason for r in rows)


def test_a_403_on_a_staff_page_is_a_failure_event(client, street_clerk):
    full_login(client, street_clerk)
    assert client.get(reverse("manage:policy:index")).status_code == 403
    row = AuditEntry.objects.get(action="security.denied")
    assert (row.outcome, row.actor_id, row.target_repr, row.ip) == ("failure", street_clerk.pk,
                                                                    "/manage/security/", "127.0.0.1")


def test_a_console_refusal_is_recorded_once(client, make_user, county):
    sysadmin = make_user(county, Role.SYSADMIN, "sys_officer")
    full_login(client, sysadmin)
    assert client.get(reverse("manage:auditlog:index")).status_code == 403
    rows = AuditEntry.objects.filter(outcome="failure")
    assert [r.action for r in rows] == ["security.console_denied"]


def test_a_csrf_failure_is_a_failure_event():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    row = AuditEntry.objects.get(action="security.csrf_failed")
    assert row.outcome == "failure" and row.target_repr == "/accounts/login/"
    assert not AuditEntry.objects.filter(action="security.denied").exists()


def test_a_refused_upload_is_a_failure_event(client, street_clerk):
    item = catalog.create_item(street_clerk, title="城关街道公示", written_date=timezone.localdate(), body="<p>x</p>")
    full_login(client, street_clerk)
    upload = SimpleUploadedFile("名单.exe", b"MZ\x90\x00 not a document", content_type="application/pdf")
    client.post(reverse("catalog:attachment_upload", args=[item.pk]), {"file": upload})
    row = AuditEntry.objects.get(action="item.attachment.refused")
    assert row.outcome == "failure" and "不是允许的类型" in row.reason and row.target_id == str(item.pk)
    assert not item.attachments.exists()


def test_a_flood_of_identical_failures_is_bounded_and_summarised(client, street_clerk):
    fresh_minute()
    for _ in range(40):
        post_password(client, "street_clerk", WRONG)
    single = AuditEntry.objects.filter(action="auth.login_failed")
    assert single.count() == 10  # then folded: the log grows by a bounded amount
    assert failures.summarise_closed(timezone.now()) == 0  # the minute is not over yet
    assert failures.summarise_closed(timezone.now() + dt.timedelta(minutes=1)) == 2  # failures and lockouts
    summary = AuditEntry.objects.get(action="audit.failures_suppressed", detail__action="auth.login_failed")
    assert summary.outcome == "failure" and summary.detail["suppressed"] == 30
    assert summary.detail["ip"] == "127.0.0.1" and summary.detail["samples"] == ["street_clerk"]
    assert summary.actor_id is None
    assert failures.summarise_closed(timezone.now() + dt.timedelta(minutes=2)) == 0  # once only


def test_twenty_failed_logins_in_a_minute_from_anywhere_are_one_alert(client, mailoutbox):
    sec, auditor = officers()
    fresh_minute()
    for i in range(25):
        post_password(client, f"guess{i}", WRONG, REMOTE_ADDR=f"198.51.100.{i + 1}")
    bursts = Alert.objects.filter(kind="login_burst")
    assert bursts.count() == 1 and "全部来源合计" in bursts.get().body and "20 次" in bursts.get().body
    mails = [m for m in mailoutbox if "登录失败激增" in m.subject]
    assert len(mails) == 1 and sorted(mails[0].to) == ["audit@qinghe.example", "sec@qinghe.example"]
    event = AuditEntry.objects.get(action="security.alert")
    assert event.outcome == "failure" and event.detail["alert_id"] == bursts.get().pk


def test_failures_from_one_address_alert_once_and_repeats_are_counted(client, mailoutbox, settings):
    settings.GONGKAI_ALERT_BURSTS = {"login_per_address": 5}
    officers()
    fresh_minute()
    for i in range(12):
        post_password(client, f"spray{i}", WRONG, REMOTE_ADDR="203.0.113.77")
    alert = Alert.objects.get(kind="login_burst")
    assert "203.0.113.77" in alert.body
    assert len([m for m in mailoutbox if "登录失败激增" in m.subject]) == 1
    from gongkai.domain import security_alerts
    from gongkai.monitoring import alerts

    alerts.raise_alert(security_alerts.burst_notice(failures.bursts()[0], 5, "203.0.113.78", timezone.now()))
    alert.refresh_from_db()
    assert Alert.objects.filter(kind="login_burst").count() == 1 and alert.repeats == 1


def test_alerts_are_shown_in_the_security_and_audit_consoles(client):
    sec, auditor = officers()
    from gongkai.domain import security_alerts
    from gongkai.monitoring import alerts

    alerts.raise_alert(security_alerts.lockout_notice("street_clerk", "203.0.113.5", False))
    for user, url in ((sec, "manage:policy:index"), (auditor, "manage:auditlog:index")):
        c = Client()
        full_login(c, user)
        html = c.get(reverse(url)).content.decode()
        assert 'id="alerts"' in html and "账户“street_clerk”" in html and "已发 2 人" in html
