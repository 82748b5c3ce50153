"""The one place the platform reads (and, for a command's child processes, sets) its environment.

``gongkai/settings.py`` reads every deployment variable through ``env`` (django-environ, made on first
use, below); the rest of the code reads ``django.conf.settings``. What must be known before or without Django settings — which settings
module, where the data dir and the key ring are, the key-encryption key and the other keys read at
the moment they are used, the directory prometheus-client itself reads — is a function here, read at
call time (so that a test's ``monkeypatch.setenv`` and a rotated key take effect at once). No other
module touches ``os.environ``; every name read here or in settings is in the table "环境变量一览" of
``docs/operations.md`` (``tests/test_environment_doc.py`` checks both).

The data dir is prepared by an explicit step, never by importing settings: ``prepare_data_dir()`` is
called by every ``gongkai`` command that loads Django (``gongkai.commands.setup_django``) and by the
test settings; ``gongkai.wsgi`` only checks it (``data_dir_problem()``) and refuses to start on an
unprepared one. No Django here: this module is imported before settings exist (and by
``gongkai --help``, which must not load Django).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

SETTINGS_MODULE = "gongkai.settings"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (the file name in the data dir, not a key)


def __getattr__(name: str) -> Any:
    """``env``, django-environ's reader that settings.py reads through, made on first use: django-environ
    imports Django, and ``gongkai --help`` (which imports this module) must not load it."""
    if name == "env":
        import environ

        globals()["env"] = environ.Env()
        return globals()["env"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _read(name: str) -> str:
    """The variable's value, "" when unset."""
    return os.environ.get(name, "")


# ---------------------------------------------------------------- read before Django settings exist

def data_dir() -> Path:
    """``GONGKAI_DATA_DIR`` (default ``./var``): database, queue, keys, uploads, mail, the secret key."""
    return Path(_read("GONGKAI_DATA_DIR") or Path.cwd() / "var").resolve()


def key_dir() -> Path:
    """``GONGKAI_KEY_DIR`` (default ``<data dir>/keys``): the key ring (gongkai.crypto.keys)."""
    explicit = _read("GONGKAI_KEY_DIR")
    return Path(explicit).resolve() if explicit else data_dir() / "keys"


def kek() -> str:
    """``GONGKAI_KEK``: the key-encryption key; "" means the ``kek`` file in the key dir."""
    return _read("GONGKAI_KEK")


def audit_key() -> str:
    """``GONGKAI_AUDIT_KEY``: the audit chain's MAC key; "" means derived from the KEK."""
    return _read("GONGKAI_AUDIT_KEY")


def backup_key() -> str:
    """``GONGKAI_BACKUP_KEY``: the SM4 key of ``gongkai backup`` archives."""
    return _read("GONGKAI_BACKUP_KEY")


def secret_key() -> str:
    """``SECRET_KEY``; "" means the file ``<data dir>/secret_key`` that ``prepare_data_dir`` writes."""
    return _read("SECRET_KEY")


def install_manifest() -> str:
    """``GONGKAI_INSTALL_MANIFEST``: where ``gongkai verify-install`` keeps the SM3 manifest ("": default)."""
    return _read("GONGKAI_INSTALL_MANIFEST")


def prometheus_multiproc_dir() -> str:
    """``PROMETHEUS_MULTIPROC_DIR``: read by prometheus-client itself; we ask the same variable."""
    return _read("PROMETHEUS_MULTIPROC_DIR")


def outbound_ports() -> list[str]:
    """``GONGKAI_OUTBOUND_PORTS`` (comma-separated); also read by the crawler run without Django."""
    return _list("GONGKAI_OUTBOUND_PORTS")


def outbound_internal_hosts() -> list[str]:
    """``GONGKAI_OUTBOUND_INTERNAL_HOSTS`` (comma-separated); also read without Django."""
    return _list("GONGKAI_OUTBOUND_INTERNAL_HOSTS")


def _list(name: str) -> list[str]:
    return [v.strip() for v in _read(name).split(",") if v.strip()]


def switch(name: str) -> bool:
    """An on-by-default switch: off only for ``0``, ``false``, ``no`` or ``off``."""
    return _read(name).strip().lower() not in ("0", "false", "no", "off")


# ---------------------------------------------------------------- set by a command for itself and its children

def default_settings_module() -> None:
    """``DJANGO_SETTINGS_MODULE``: production settings unless the caller chose others (tests)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)


def use_data_dir(path: str) -> None:
    """``--data-dir``: the data dir for this process and the workers it starts."""
    os.environ["GONGKAI_DATA_DIR"] = os.path.abspath(path)


def use_embedded_database_unless_set() -> None:
    """An empty ``DATABASE_URL`` means the embedded SQLite default under the data dir."""
    if not _read("DATABASE_URL"):
        os.environ.pop("DATABASE_URL", None)


def use_default(name: str, value: str) -> None:
    """Set ``name`` for this process and its children unless the operator set it."""
    os.environ.setdefault(name, value)


def for_child_process(**extra: str) -> dict[str, str]:
    """This process's environment for a child (a worker, ``pg_dump``), with ``extra`` added."""
    return {**os.environ, **extra}


# ---------------------------------------------------------------- the data dir: prepared once, explicitly

def prepare_data_dir() -> Path:
    """Create what the platform needs in the data dir before Django loads: the dir itself, the
    static root and, unless ``SECRET_KEY`` is set, a per-deployment secret key (mode 0600).
    Never replaces an existing key. Returns the data dir."""
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "static").mkdir(exist_ok=True)
    path = directory / SECRET_KEY_FILE
    if not secret_key() and not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process prepared it at the same moment
            return directory
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return directory


def data_dir_problem() -> str | None:
    """Why the data dir cannot serve yet (for ``gongkai.wsgi``), or None when it is prepared."""
    directory = data_dir()
    if not directory.is_dir():
        return f"数据目录 {directory} 不存在：请先运行 'gongkai migrate'（或设置 GONGKAI_DATA_DIR）"
    if not secret_key() and not (directory / SECRET_KEY_FILE).is_file():
        return (f"数据目录 {directory} 尚未准备（没有 {SECRET_KEY_FILE}）：请先运行 'gongkai migrate'"
                "，或设置 SECRET_KEY")
    return None
