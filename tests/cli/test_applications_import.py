"""``gongkai applications import``: exit status 0 imported, 1 bad rows, 2 usage."""
import datetime as dt
import os
import subprocess
import sys

import pytest
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.cli import main
from gongkai.units.models import AuditEntry
from tests.applications.test_ledger_import import ledger_file, ledger_row, mixed_ledger

TODAY = dt.date(2026, 10, 9)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(mixed_ledger())
    return path


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(ledger_file(ledger_row(), ledger_row(提交方式="信鸽"),
                                 ledger_row(申请内容="x", 收到申请日期="昨天")))
    return path


def run(capsys, *args):
    status = main(["applications", "import", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.django_db
def test_dry_run_then_import_as_a_user(capsys, frozen, good, street, street_clerk):
    status, out, err = run(capsys, good, "--unit", "t1100", "--dry-run")
    assert (status, err) == (0, "") and "3 rows OK (2 answered, 1 open); dry run" in out
    assert "warning: row 2, 法律依据" in out and not Application.objects.exists()

    status, out, err = run(capsys, good, "--unit", "T1100", "--user", "street_clerk")
    assert status == 0 and "imported 3 applications into T1100 (2 answered, 1 open)" in out, err
    assert set(Application.objects.values_list("created_by__username", flat=True)) == {"street_clerk"}
    assert AuditEntry.objects.get(action="application.import").detail["count"] == 3

    status, out, err = run(capsys, good, "--unit", "T1100")  # the same file again: every row a duplicate
    assert status == 1 and "3 of 3 rows have errors; nothing was imported" in err
    assert Application.objects.count() == 3


@pytest.mark.django_db
def test_bad_rows_are_all_listed_and_nothing_is_stored(capsys, frozen, bad, street):
    for extra in (["--dry-run"], []):
        status, out, err = run(capsys, bad, "--unit", "T1100", *extra)
        assert status == 1 and out == ""
        assert "row 3, 提交方式:" in err and "row 4, 收到申请日期:" in err
        assert "2 of 3 rows have errors; nothing was imported" in err
    assert not Application.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_an_unusable_file_exits_1_and_usage_errors_exit_2(capsys, frozen, tmp_path, good, street, town_clerk):
    text = tmp_path / "ledger.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    status, _, err = run(capsys, text, "--unit", "T1100")
    assert status == 1 and "不是Excel" in err and "nothing was imported" in err
    assert run(capsys, tmp_path / "missing.xlsx", "--unit", "T1100")[0] == 2
    status, _, err = run(capsys, good, "--unit", "NOPE")
    assert status == 2 and "no unit with code 'NOPE'" in err
    status, _, err = run(capsys, good, "--unit", "T1100", "--user", "ghost")
    assert status == 2 and "no active user 'ghost'" in err
    status, _, err = run(capsys, good, "--unit", "T1100", "--user", "town_clerk")
    assert status == 2 and "may not import" in err
    assert not Application.objects.exists()


def test_help_and_missing_unit_as_a_real_process(tmp_path):
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)

    def gongkai(*args):
        return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], capture_output=True, text=True,
                              env=env, timeout=120)

    r = gongkai("applications", "import", "--help")
    assert r.returncode == 0 and "--dry-run" in r.stdout and "--unit CODE" in r.stdout
    r = gongkai("applications", "import", "ledger.xlsx")
    assert r.returncode == 2 and "--unit" in r.stderr
    assert not (tmp_path / "var" / "gongkai.sqlite3").exists()  # usage errors never touch the database
