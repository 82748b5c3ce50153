"""Key management: a key-encryption key (KEK) wraps per-purpose data keys (DEK); no Django.

Where keys live (never in the database, never in the repository):

- the KEK: the environment variable ``GONGKAI_KEK`` (32 hex digits = 16 bytes) or, when it is
  unset, the file ``<key dir>/kek`` that ``gongkai keys init`` creates (mode 0600);
- the data keys: ``<key dir>/keyring.json``, each key wrapped by the KEK with SM4-GCM and named
  by a key id (``kid``) that is stored next to every ciphertext.

``<key dir>`` is ``GONGKAI_KEY_DIR`` or ``<GONGKAI_DATA_DIR>/keys`` (default ``./var/keys``).
Nothing is created at import time or on first use: without keys, encryption raises
``KeysMissing`` naming the command to run.

Purposes: ``field`` (SM4-GCM field encryption) and ``index`` (HMAC-SM3 blind index). Rotation adds
a new active key per purpose and keeps the old ones (``retired``) so that older ciphertexts and
backups stay readable; ``gongkai keys rotate`` then re-encrypts every field under the new key.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from gongkai import environment
from gongkai.domain import clock

from .primitives import SM4_KEY_BYTES, CryptoError, TamperedError, hmac_sm3, sm4_gcm_open, sm4_gcm_seal

PURPOSES = ("field", "index")
KEYRING_FILE = "keyring.json"
KEK_FILE = "kek"
KEK_ENV = "GONGKAI_KEK"
_CHECK_LABEL = b"gongkai-kek-check-v1"


class KeysMissing(CryptoError):
    """No KEK or no keyring: the platform cannot encrypt or decrypt personal data."""


@dataclass(frozen=True)
class DataKey:
    purpose: str
    kid: str
    key: bytes
    active: bool


def key_dir() -> Path:
    return environment.key_dir()


def key_material_paths() -> list[Path]:
    """The files a backup must save (and a restore put back) so that encrypted data stays readable.

    The keyring always; the KEK file only when the KEK does not come from ``GONGKAI_KEK`` (then
    the operator keeps the variable's value in the deployment's secret store, apart from backups).
    Paths that do not exist yet are left out."""
    directory = key_dir()
    paths = [directory / KEYRING_FILE]
    if not environment.kek():
        paths.append(directory / KEK_FILE)
    return [p for p in paths if p.exists()]


def _parse_kek(text: str) -> bytes:
    text = text.strip()
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        try:
            raw = base64.b64decode(text, validate=True)
        except ValueError:
            raw = b""
    if len(raw) != SM4_KEY_BYTES:
        raise KeysMissing(f"{KEK_ENV} must be {SM4_KEY_BYTES} bytes, as 32 hex digits or base64")
    return raw


def load_kek() -> bytes:
    if environment.kek():
        return _parse_kek(environment.kek())
    path = key_dir() / KEK_FILE
    if not path.exists():
        raise KeysMissing(f"未配置密钥加密密钥：请设置 {KEK_ENV} 或运行 'gongkai keys init'（{path}）")
    return _parse_kek(path.read_text())


_derived: dict[bytes, tuple[tuple, bytes]] = {}
_derived_lock = threading.Lock()


def derived_key(label: bytes) -> bytes:
    """HMAC-SM3(KEK, label): a purpose key derived from the KEK (the audit chain, the policy MAC).
    Cached until the KEK file or ``GONGKAI_KEK`` changes, so a request does not read the file."""
    path = key_dir() / KEK_FILE
    try:
        stat = path.stat()
        file_stamp: tuple = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        file_stamp = ()
    stamp = (str(path), file_stamp, environment.kek())
    with _derived_lock:
        cached = _derived.get(label)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    key = hmac_sm3(load_kek(), label)
    with _derived_lock:
        _derived[label] = (stamp, key)
    return key


def _kek_check(kek: bytes) -> str:
    return hmac_sm3(kek, _CHECK_LABEL).hex()[:16]


def _aad(purpose: str, kid: str) -> bytes:
    return f"gongkai-dek|{purpose}|{kid}".encode()


def _new_entry(kek: bytes, purpose: str, today: dt.date) -> dict:
    kid = f"{purpose[0]}{today:%Y%m%d}{secrets.token_hex(3)}"
    wrapped = sm4_gcm_seal(kek, secrets.token_bytes(SM4_KEY_BYTES if purpose == "field" else 32),
                           _aad(purpose, kid))
    return {"purpose": purpose, "kid": kid, "wrapped": base64.b64encode(wrapped).decode(),
            "created": today.isoformat(), "active": True}


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def init(today: dt.date | None = None) -> list[str]:
    """Create what is missing: the KEK file (unless ``GONGKAI_KEK`` is set) and one active data
    key per purpose. Never replaces an existing key. Returns what was created."""
    today = today or clock.today()
    created = []
    directory = key_dir()
    if not environment.kek() and not (directory / KEK_FILE).exists():
        _write_private(directory / KEK_FILE, secrets.token_hex(SM4_KEY_BYTES) + "\n")
        created.append(str(directory / KEK_FILE))
    kek = load_kek()
    ring = _read_ring(kek) if (directory / KEYRING_FILE).exists() else {"version": 1, "kek_check": _kek_check(kek),
                                                                         "keys": []}
    for purpose in PURPOSES:
        if not any(e["purpose"] == purpose and e["active"] for e in ring["keys"]):
            entry = _new_entry(kek, purpose, today)
            ring["keys"].append(entry)
            created.append(f"{purpose} key {entry['kid']}")
    if created:
        _save_ring(ring)
    return created


def add_keys(purposes=PURPOSES, today: dt.date | None = None) -> dict[str, str]:
    """Rotation step 1: a new active key per purpose; the previous ones stay, retired."""
    today = today or clock.today()
    kek = load_kek()
    ring = _read_ring(kek)
    new = {}
    for purpose in purposes:
        for entry in ring["keys"]:
            if entry["purpose"] == purpose:
                entry["active"] = False
        entry = _new_entry(kek, purpose, today)
        ring["keys"].append(entry)
        new[purpose] = entry["kid"]
    _save_ring(ring)
    return new


def _read_ring(kek: bytes) -> dict:
    path = key_dir() / KEYRING_FILE
    if not path.exists():
        raise KeysMissing(f"未找到数据密钥：请运行 'gongkai keys init'（{path}）")
    ring = json.loads(path.read_text())
    if ring.get("kek_check") != _kek_check(kek):
        raise KeysMissing("密钥加密密钥与密钥环不符：请检查 GONGKAI_KEK 或 kek 文件是否为本平台的")
    return ring


def _save_ring(ring: dict) -> None:
    _write_private(key_dir() / KEYRING_FILE, json.dumps(ring, ensure_ascii=False, indent=1) + "\n")
    _cache.clear()


class _Cache:
    """Unwrapped keys, reloaded when the keyring file, its place or the KEK changes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._stamp = None
        self._keys: list[DataKey] = []

    def clear(self):
        with self._lock:
            self._stamp = None

    def keys(self) -> list[DataKey]:
        path = key_dir() / KEYRING_FILE
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise KeysMissing(f"未找到数据密钥：请运行 'gongkai keys init'（{path}）") from None
        stamp = (str(path), stat.st_mtime_ns, stat.st_size, environment.kek())
        with self._lock:
            if stamp != self._stamp:
                self._keys = _unwrap_all(load_kek())
                self._stamp = stamp
            return self._keys


def _unwrap_all(kek: bytes) -> list[DataKey]:
    out = []
    for entry in _read_ring(kek)["keys"]:
        try:
            raw = sm4_gcm_open(kek, base64.b64decode(entry["wrapped"]), _aad(entry["purpose"], entry["kid"]))
        except TamperedError as exc:
            raise KeysMissing(f"数据密钥 {entry['kid']} 无法解封：密钥环被改动或密钥加密密钥不符") from exc
        out.append(DataKey(entry["purpose"], entry["kid"], raw, bool(entry["active"])))
    return out


_cache = _Cache()


def active(purpose: str) -> DataKey:
    for key in reversed(_cache.keys()):
        if key.purpose == purpose and key.active:
            return key
    raise KeysMissing(f"没有可用的 {purpose} 数据密钥：请运行 'gongkai keys init'")


def by_kid(kid: str) -> DataKey:
    for key in _cache.keys():  # noqa: SIM118 (_Cache is not a dict)
        if key.kid == kid:
            return key
    raise KeysMissing(f"未知的密钥编号 {kid}：密钥环不完整（是否从备份恢复时漏掉了密钥？）")


def all_keys(purpose: str) -> list[DataKey]:
    """Every key of a purpose, the active one first."""
    keys = [k for k in _cache.keys() if k.purpose == purpose]  # noqa: SIM118
    return sorted(keys, key=lambda k: not k.active)


def status() -> list[dict]:
    kek_source = "environment" if environment.kek() else str(key_dir() / KEK_FILE)
    return [{"purpose": k.purpose, "kid": k.kid, "active": k.active, "kek": kek_source} for k in _cache.keys()]  # noqa: SIM118
