"""安全审计 (8.1.4.3 b)–c)): outcome/reason/request id on every row, the HMAC-SM3 chain, its
verifier, the append-only triggers after migration 0006, JSONL export and the retention floor."""
import datetime as dt
import importlib
import json
import threading

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory
from django.utils import timezone

from gongkai import cli
from gongkai.units import audit, retention
from gongkai.units.models import AuditEntry

guard = importlib.import_module("gongkai.units.migrations.0002_audit_append_only")


def _write(n, **kw):
    return [audit.record(f"test.event{i}", detail={"i": i}, **kw) for i in range(n)]


def _raw_update(sql, params):
    """Out-of-band: lift the trigger (as someone with DDL rights could), edit, put it back."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for stmt in guard.DROP[vendor]:
            cursor.execute(stmt)
        cursor.execute(sql, params)
        for stmt in {"sqlite": guard.SQLITE, "postgresql": guard.POSTGRES}[vendor]:
            cursor.execute(stmt)


@pytest.mark.django_db
def test_rows_carry_outcome_reason_request_id_and_chain(street_clerk):
    request = RequestFactory().post("/x", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="ua")
    request.user = street_clerk
    with audit.bind_request(request):
        a = audit.record("login.fail", outcome="failure", reason="密码错误")
        b = audit.record("login.ok")
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.outcome, a.reason, a.ip) == ("failure", "密码错误", "203.0.113.9")
    assert a.request_id and a.request_id == b.request_id
    assert b.seq == a.seq + 1 and b.prev_mac == a.mac and len(a.mac) == 64


@pytest.mark.django_db
def test_orm_and_raw_sql_changes_are_refused_after_migration_0006():
    entry = _write(1)[0]
    with pytest.raises(PermissionError):
        entry.save()
    for sql in ("UPDATE units_auditentry SET target_repr = 'x'", "DELETE FROM units_auditentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db
def test_verify_names_the_row_edited_out_of_band(capsys):
    rows = _write(5)
    assert cli.main(["audit", "verify"]) == 0
    assert "OK" in capsys.readouterr().out
    _raw_update("UPDATE units_auditentry SET actor_name = %s WHERE id = %s", ["张三", rows[2].pk])
    assert cli.main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"id={rows[2].pk} seq={rows[2].seq}" in out and "已被修改" in out


@pytest.mark.django_db
def test_verify_finds_a_deleted_row(capsys):
    rows = _write(4)
    _raw_update("DELETE FROM units_auditentry WHERE id = %s", [rows[1].pk])
    assert cli.main(["audit", "verify"]) == 1
    assert f"id={rows[2].pk}" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_finds_a_forged_mac_chain_without_the_key(capsys):
    rows = _write(3)
    _raw_update("UPDATE units_auditentry SET detail = %s, mac = %s WHERE id = %s",
                ['{"i": 99}', "0" * 64, rows[2].pk])
    assert cli.main(["audit", "verify"]) == 1
    assert f"id={rows[2].pk}" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    errors = []

    def writer(n):
        try:
            for i in range(15):
                audit.record("test.concurrent", detail={"w": n, "i": i})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 61))
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_jsonl_export_since(tmp_path):
    old, new = _write(2)
    _raw_update("UPDATE units_auditentry SET at = %s WHERE id = %s",
                [timezone.now() - dt.timedelta(days=10), old.pk])
    out = tmp_path / "siem.jsonl"
    since = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert cli.main(["audit", "export", "--jsonl", "--since", since, "--out", str(out)]) == 0
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert [e["id"] for e in events if e["event"] != "audit.export"] == [new.pk]
    assert {"ts", "username", "event", "outcome", "reason", "request_id", "ip", "mac", "prev_mac"} <= set(events[0])
    assert AuditEntry.objects.filter(action="audit.export").exists()


@pytest.mark.django_db
def test_retention_of_30_days_still_keeps_183(settings):
    settings.GONGKAI_AUDIT_RETENTION_DAYS = 30
    rows = _write(3)
    now = timezone.now()
    for row, days in zip(rows, (400, 100, 1)):
        _raw_update("UPDATE units_auditentry SET at = %s WHERE id = %s", [now - dt.timedelta(days=days), row.pk])
    deleted, _ = retention.purge(now)
    assert deleted == 1 and AuditEntry.objects.filter(action="audit.purge").exists()
    kept = set(AuditEntry.objects.values_list("pk", flat=True))
    assert rows[1].pk in kept and rows[2].pk in kept and rows[0].pk not in kept
    # (editing "at" out of band broke the chain here; the purge anchor is checked on a clean
    # chain in the next test)


@pytest.mark.django_db
def test_chain_verifies_after_a_purge(settings):
    settings.GONGKAI_AUDIT_RETENTION_DAYS = 200
    _write(3)
    later = timezone.now() + dt.timedelta(days=250)  # everything is now 250 days old
    deleted, _ = retention.purge(later)
    assert deleted == 2 and AuditEntry.objects.count() == 2  # the chain's head and the purge row stay
    _write(2)
    report = audit.verify_chain()
    assert report.ok, report.problem
