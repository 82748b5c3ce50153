"""可信验证 (security.md §3.6): ``gongkai verify-install`` reports changed, missing and extra files
against the SM3 manifest written at install time and alerts; a security-policy row edited in the
database directly fails its HMAC, is not applied (safe defaults) and raises an audited alert."""
import shutil
from pathlib import Path

import pytest
from django.db import connection

import gongkai
from gongkai.cli import main
from gongkai.monitoring.models import Alert
from gongkai.security.models import SecurityPolicy
from gongkai.units.models import AuditEntry


@pytest.fixture
def installed(tmp_path):
    root = tmp_path / "pkg"
    shutil.copytree(Path(gongkai.__file__).parent / "templates", root / "templates")
    (root / "tool.py").write_text("X = 1\n")
    manifest = tmp_path / "manifest.json"
    assert main(["verify-install", "--write", "--root", str(root), "--manifest", str(manifest)]) == 0
    return root, manifest


def verify(installed, *extra):
    root, manifest = installed
    return main(["verify-install", "--root", str(root), "--manifest", str(manifest), *extra])


def test_an_untouched_install_verifies(installed, capsys):
    assert verify(installed, "--files-only") == 0 and "files: ok" in capsys.readouterr().out


def test_altered_missing_and_added_files_are_reported(installed, capsys):
    root, _ = installed
    (root / "templates" / "base.html").write_text("<p>被篡改</p>")
    (root / "tool.py").unlink()
    (root / "templates" / "planted.html").write_text("x")
    assert verify(installed, "--files-only") == 1
    out = capsys.readouterr().out
    assert "changed: templates/base.html" in out and "missing: tool.py" in out
    assert "extra: templates/planted.html" in out


@pytest.mark.django_db
def test_a_file_mismatch_is_audited_and_alerted(installed):
    root, _ = installed
    (root / "templates" / "base.html").write_text("<p>被篡改</p>")
    assert verify(installed) == 1
    assert AuditEntry.objects.filter(action="security.integrity_mismatch", target_repr="安装文件").exists()
    assert Alert.objects.filter(kind="integrity").exists()


@pytest.mark.django_db
def test_a_policy_row_edited_in_the_database_is_refused_and_alerted(installed, capsys):
    policy = SecurityPolicy.current()
    policy.lockout_failures = 3
    policy.save()
    assert SecurityPolicy.current().lockout_failures == 3  # saved through the model: valid
    with connection.cursor() as cursor:
        cursor.execute("UPDATE security_securitypolicy SET lockout_failures = 10, min_length = 8")
    in_force = SecurityPolicy.current()
    assert in_force.lockout_failures == 5 and in_force.pk == 1  # the safe default, not the edited 10
    SecurityPolicy.current()
    assert AuditEntry.objects.filter(action="security.integrity_mismatch").count() == 1
    assert Alert.objects.filter(kind="integrity").count() == 1
    assert verify(installed) == 1 and "policy: TAMPERED" in capsys.readouterr().out
    in_force.save()  # 安全管理员 saves the policy page again: a valid row
    assert SecurityPolicy.current().mac and verify(installed) == 0


@pytest.mark.django_db
def test_the_hourly_task_verifies_the_install_and_records_each_run(installed, monkeypatch):
    from gongkai.security.tasks import hourly_install_verification

    root, manifest = installed
    monkeypatch.setenv("GONGKAI_INSTALL_MANIFEST", str(manifest))
    monkeypatch.setattr("gongkai.security.integrity.package_root", lambda arg=None: root)
    assert hourly_install_verification.call_local() is True
    run = AuditEntry.objects.filter(action="security.verify_install").latest("pk")
    assert run.outcome == "success" and run.detail["via"] == "hourly" and run.detail["manifest_found"]
    (root / "tool.py").write_text("X = 2  # planted\n")
    assert hourly_install_verification.call_local() is False
    run = AuditEntry.objects.filter(action="security.verify_install").latest("pk")
    assert run.outcome == "failure" and run.detail["changed"] == 1
    assert Alert.objects.filter(kind="integrity").exists()
