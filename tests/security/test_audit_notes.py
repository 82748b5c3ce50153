"""Follow-up notes on audit events (8.1.5.2 b 「根据分析结果进行处理」): only 审计管理员 adds them,
on the event's page in /manage/audit/; a note never edits the event, is itself append-only, and
its text is in its own chained audit event."""
import importlib

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from gongkai.monitoring import notes
from gongkai.monitoring.models import AuditNote
from gongkai.units import audit
from gongkai.units.models import AuditEntry, Role

from .alerts_helpers import officers
from .auth_flow import full_login

pytestmark = pytest.mark.django_db
note_guard = importlib.import_module("gongkai.monitoring.migrations.0002_audit_note_append_only")


@pytest.fixture
def event():
    return audit.record("auth.login_failed", target_repr="street_clerk", outcome="failure", reason="口令错误")


@pytest.fixture
def auditor():
    return officers()[1]


def test_the_audit_administrator_adds_a_note_on_the_event_page(client, event, auditor):
    full_login(client, auditor)
    page = client.get(reverse("manage:auditlog:event", args=[event.pk])).content.decode()
    assert "street_clerk" in page and "还没有跟进说明" in page
    response = client.post(reverse("manage:auditlog:add_note", args=[event.pk]),
                           {"text": "已电话核实：本人输错口令，非攻击。"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已电话核实：本人输错口令，非攻击。" in page and "可能被篡改" not in page
    logged = AuditEntry.objects.get(action="audit.note")
    assert (logged.actor_id, logged.target_id, logged.detail["text"]) == (
        auditor.pk, str(event.pk), "已电话核实：本人输错口令，非攻击。")
    assert audit.verify_chain().ok
    assert AuditEntry.objects.get(pk=event.pk).mac == event.mac  # the event itself is untouched
    # the list links to the event
    assert reverse("manage:auditlog:event", args=[event.pk]) in client.get(reverse("manage:auditlog:index")).content.decode()


def test_an_empty_or_overlong_note_is_refused_with_a_message(client, event, auditor):
    full_login(client, auditor)
    for text in ("   ", "长" * (notes.MAX_CHARS + 1)):
        response = client.post(reverse("manage:auditlog:add_note", args=[event.pk]), {"text": text}, follow=True)
        assert ("请填写" in response.content.decode()) or ("不能超过" in response.content.decode())
    assert not AuditNote.objects.exists() and not AuditEntry.objects.filter(action="audit.note").exists()


@pytest.mark.parametrize("role", [Role.SECADMIN, Role.SYSADMIN, Role.SUPERVISOR])
def test_nobody_else_may_add_or_read_notes(client, event, make_user, county, role):
    user = make_user(county, role, f"u_{role}")
    full_login(client, user)
    assert client.post(reverse("manage:auditlog:add_note", args=[event.pk]), {"text": "x"}).status_code == 403
    assert client.get(reverse("manage:auditlog:event", args=[event.pk])).status_code == 403
    assert not AuditNote.objects.exists()
    with pytest.raises(notes.NoteRefused):
        notes.add_note(user, event, "x")


def test_notes_cannot_be_changed_or_deleted(event, auditor):
    note = notes.add_note(auditor, event, "已核实")
    with pytest.raises(PermissionError):
        note.save()
    with pytest.raises(PermissionError):
        note.delete()
    for sql in ("UPDATE monitoring_auditnote SET text = 'x'", "DELETE FROM monitoring_auditnote"):
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)
    assert AuditNote.objects.get().text == "已核实"


def test_a_note_edited_out_of_band_is_flagged(client, event, auditor):
    note = notes.add_note(auditor, event, "已核实")
    with connection.cursor() as cursor:
        for sql in note_guard.DROP[connection.vendor]:
            cursor.execute(sql)
        cursor.execute("UPDATE monitoring_auditnote SET text = %s WHERE id = %s", ["无需处理", note.pk])
        for sql in {"sqlite": note_guard.SQLITE, "postgresql": note_guard.POSTGRES}[connection.vendor]:
            cursor.execute(sql)
    full_login(client, auditor)
    page = client.get(reverse("manage:auditlog:event", args=[event.pk])).content.decode()
    assert "无需处理" in page and "可能被篡改" in page


def test_business_details_are_not_shown_to_the_audit_administrator(client, auditor, street):
    row = audit.record("item.update", street, detail={"fields": ["body"], "secret": "内部草稿正文"})
    full_login(client, auditor)
    page = client.get(reverse("manage:auditlog:event", args=[row.pk])).content.decode()
    assert "内部草稿正文" not in page and "不向三员显示" in page
