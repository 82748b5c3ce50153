"""Settings without side effects: importing them writes nothing; the data dir is prepared by an explicit
step (every ``gongkai`` command, gongkai.environment.prepare_data_dir) and the WSGI entry point refuses
an unprepared one with a message naming the command."""
import os
import stat
import subprocess
import sys
from pathlib import Path

from gongkai import environment

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str, data_dir: Path, **extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    env.update(GONGKAI_DATA_DIR=str(data_dir), **extra)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_importing_the_settings_creates_nothing(tmp_path):
    data = tmp_path / "data"
    result = _python("import gongkai.settings as s; print(repr(s.SECRET_KEY))", data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "''" and not data.exists()


def test_prepare_makes_the_dir_and_a_private_secret_key_once(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert environment.data_dir_problem() and "gongkai migrate" in environment.data_dir_problem()
    data = environment.prepare_data_dir()
    key = data / "secret_key"
    assert data == (tmp_path / "data").resolve() and (data / "static").is_dir()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_text()) >= 50
    first = key.read_text()
    environment.prepare_data_dir()
    assert key.read_text() == first and environment.data_dir_problem() is None


def test_with_secret_key_in_the_environment_no_key_file_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SECRET_KEY", "from-the-secret-store")
    data = environment.prepare_data_dir()
    assert data.is_dir() and not (data / "secret_key").exists() and environment.data_dir_problem() is None


def test_the_wsgi_entry_point_refuses_an_unprepared_data_dir(tmp_path):
    data = tmp_path / "data"
    result = _python("import gongkai.wsgi", data)
    assert result.returncode != 0 and "gongkai migrate" in result.stderr and not data.exists()
    data.mkdir()  # a dir made by hand, without the secret key
    result = _python("import gongkai.wsgi", data)
    assert result.returncode != 0 and "secret_key" in result.stderr and "gongkai migrate" in result.stderr
