"""数据备份恢复 (8.1.4.9 a), finding 7): a busy platform goes through ``gongkai backup`` → wipe →
``gongkai restore`` in child processes with their own data dir, and its query codes, attachments
and audit chain survive; a tampered archive and a missing key are refused. SQLite always,
PostgreSQL when one answers at 127.0.0.1:5432 (databases h_audit_bk_src / h_audit_bk_dst)."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GONGKAI = [sys.executable, "-m", "gongkai.cli"]
WORLD = [sys.executable, str(Path(__file__).with_name("backup_world.py"))]
BACKUP_KEY = "00112233445566778899aabbccddeeff"
PG = "postgres://postgres@127.0.0.1:5432/"


def _env(data: Path, database_url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GONGKAI_", "DJANGO_", "PYTEST")) and k not in ("DATABASE_URL", "SECRET_KEY")}
    env.update({"GONGKAI_DATA_DIR": str(data), "DATABASE_URL": database_url, "GONGKAI_KEY_DIR": str(data / "keys"),
                "DJANGO_SETTINGS_MODULE": "gongkai.settings", "PYTHONPATH": str(ROOT),
                "GONGKAI_HUEY_IMMEDIATE": "1", "GONGKAI_BACKUP_KEY": BACKUP_KEY})
    env.update(extra)
    return env


def _run(cmd, env, stdin=None, ok=True):
    done = subprocess.run(cmd, env=env, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=300)
    if ok and done.returncode:
        raise AssertionError(f"{cmd} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def _psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qAtc", sql],
                   check=True, capture_output=True, timeout=60)


def _pg_available() -> bool:
    if not shutil.which("psql"):
        return False
    try:
        _psql("SELECT 1")
        return True
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return False


def _roundtrip(tmp_path, src_url, dst_url, wipe_db):
    data = tmp_path / "data"
    env = _env(data, src_url)
    _run(GONGKAI + ["keys", "init"], env)
    _run(GONGKAI + ["migrate"], env)
    made = json.loads(_run(WORLD + ["build"], env).stdout.strip().splitlines()[-1])
    secret = (data / "secret_key").read_text()
    archive = tmp_path / "out" / "platform.gkbk"
    _run(GONGKAI + ["backup", "--out", str(archive)], env)
    assert archive.stat().st_size > 0 and b"secret_key" not in archive.read_bytes()  # encrypted

    # a tampered archive is refused before anything changes
    tampered = tmp_path / "out" / "tampered.gkbk"
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    tampered.write_bytes(bytes(raw))
    refused = _run(GONGKAI + ["restore", str(tampered), "--verify"], env, ok=False)
    assert refused.returncode == 2 and "archive refused" in refused.stderr

    # wipe: data dir (database file, media, SECRET_KEY file, keys) and the database
    shutil.rmtree(data)
    wipe_db()
    env = _env(data, dst_url)
    _run(GONGKAI + ["restore", str(archive), "--verify"], env)
    assert (data / "secret_key").read_text() == secret
    got = json.loads(_run(WORLD + ["check"], env, stdin=json.dumps(made)).stdout.strip().splitlines()[-1])
    assert got["resolved"] and all(got["resolved"].values()), got
    assert not got["wrong_code_resolves"]
    assert got["files"] and all(got["files"].values()), got
    assert got["chain_ok"], got["problem"]
    assert got["audit_rows"] >= made["audit_rows"] + 1  # + the backup's own row (+ the restore's)
    assert {"system.backup", "system.restore", "application.submit"} <= set(got["actions"])


def test_sqlite_backup_wipe_restore(tmp_path):
    url = f"sqlite:///{tmp_path / 'data' / 'gongkai.sqlite3'}"
    _roundtrip(tmp_path, url, url, wipe_db=lambda: None)  # the file went with the data dir


def test_postgresql_backup_wipe_restore_into_another_database(tmp_path):
    if not _pg_available():
        pytest.skip("PostgreSQL not reachable at 127.0.0.1:5432")
    src, dst = f"h_audit_bk_src_{os.getpid()}", f"h_audit_bk_dst_{os.getpid()}"  # runs may overlap
    for name in (src, dst):
        _psql(f"DROP DATABASE IF EXISTS {name}")
    _psql(f"CREATE DATABASE {src}")
    try:
        _roundtrip(tmp_path, PG + src, PG + dst,
                   wipe_db=lambda: (_psql(f"DROP DATABASE {src}"), _psql(f"CREATE DATABASE {dst}")))
    finally:
        for name in (src, dst):
            _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_backup_refuses_without_a_key(tmp_path):
    env = _env(tmp_path / "data", f"sqlite:///{tmp_path / 'data' / 'db.sqlite3'}")
    env.pop("GONGKAI_BACKUP_KEY")
    done = _run(GONGKAI + ["backup", "--out", str(tmp_path / "x.gkbk")], env, ok=False)
    assert done.returncode == 2 and "GONGKAI_BACKUP_KEY" in done.stderr
    assert not (tmp_path / "x.gkbk").exists()
