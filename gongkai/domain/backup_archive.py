"""The encrypted backup archive (数据备份恢复, GB/T 22239-2019 8.1.4.9 a)); no Django.

Layout of a ``.gkbk`` file::

    b"GKBK1\\n" · header (one JSON line: algorithm, key id, chunk size, created) ·
    chunks: 4-byte big-endian length · SM4-GCM(key, chunk, aad = header ‖ index ‖ last-flag)

The plaintext is a tar of the files plus ``manifest.json`` listing each file's size, SHA-256
and SM3. Every chunk is authenticated and numbered and the last one says so, so a changed,
reordered or truncated archive is refused before anything is restored; the manifest's digests
then check each file once more after unpacking.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol

MAGIC = b"GKBK1\n"
CHUNK = 1 << 20
KEY_BYTES = 16  # SM4
MANIFEST = "manifest.json"

Seal = Callable[[bytes, bytes, bytes], bytes]  # (key, plaintext, aad) -> sealed


class Hasher(Protocol):
    """An incremental SM3 hash (``cryptography``'s ``hashes.Hash``)."""

    def update(self, data: bytes, /) -> object: ...

    def finalize(self) -> bytes: ...


HasherFactory = Callable[[], Hasher]


class ArchiveError(Exception):
    """A backup that cannot be trusted or read: wrong key, changed, truncated, or malformed."""


def parse_key(text: str | None) -> bytes:
    """GONGKAI_BACKUP_KEY: 32 hex digits (16 bytes, an SM4 key)."""
    if not text or not text.strip():
        raise ArchiveError("未设置备份密钥 GONGKAI_BACKUP_KEY（32 位十六进制数字）：没有密钥不做备份")
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise ArchiveError("GONGKAI_BACKUP_KEY 须为 32 位十六进制数字（16 字节 SM4 密钥）")
    return key


def key_id(key: bytes, sm3: Callable[[bytes], bytes]) -> str:
    return sm3(b"gongkai-backup-kid|" + key).hex()[:16]


@dataclass(frozen=True)
class Digests:
    size: int
    sha256: str
    sm3: str


def digest_file(path: Path, sm3_factory: HasherFactory) -> Digests:
    sha, sm, size = hashlib.sha256(), sm3_factory(), 0
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            sha.update(block)
            sm.update(block)
            size += len(block)
    return Digests(size, sha.hexdigest(), sm.finalize().hex())


def build_tar(files: dict[str, Path], meta: dict[str, Any], out: Path,
              sm3_factory: HasherFactory) -> dict[str, Any]:
    """Tar ``files`` (archive name → path) with a manifest; returns the manifest."""
    manifest: dict[str, Any] = {"format": 1, **meta, "files": {}}
    for name, path in files.items():
        _check_name(name)
        manifest["files"][name] = digest_file(path, sm3_factory).__dict__
    with tarfile.open(out, "w") as tar:
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        for name, path in files.items():
            tar.add(str(path), arcname=name, recursive=False)
    return manifest


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if last else 0)


def encrypt(plain: Path, out: Path, key: bytes, header: dict[str, Any], seal: Seal) -> None:
    head = json.dumps(header, sort_keys=True).encode()
    size = plain.stat().st_size
    with open(plain, "rb") as src, open(out, "wb") as dst:
        os.fchmod(dst.fileno(), 0o600)
        dst.write(MAGIC + head + b"\n")
        index, done = 0, 0
        while True:
            block = src.read(CHUNK)
            done += len(block)
            last = done >= size
            sealed = seal(key, block, _aad(head, index, last))
            dst.write(struct.pack(">I", len(sealed)) + sealed)
            index += 1
            if last:
                return


def read_header(path: Path) -> dict[str, Any]:
    with open(path, "rb") as src:
        return _header(src)[1]


def _header(src: IO[bytes]) -> tuple[bytes, dict[str, Any]]:
    if src.read(len(MAGIC)) != MAGIC:
        raise ArchiveError("不是 gongkai 备份文件")
    head = src.readline(65536).rstrip(b"\n")
    try:
        return head, json.loads(head)
    except ValueError:
        raise ArchiveError("备份文件头已损坏") from None


def decrypt(path: Path, out: Path, key: bytes, open_sealed: Seal) -> dict[str, Any]:
    """Decrypt ``path`` into ``out``; any changed, reordered or missing chunk raises ArchiveError."""
    with open(path, "rb") as src, open(out, "wb") as dst:
        head, header = _header(src)
        index = 0
        while True:
            raw = src.read(4)
            if len(raw) != 4:
                raise ArchiveError("备份文件不完整（被截断）")
            (length,) = struct.unpack(">I", raw)
            sealed = src.read(length)
            if len(sealed) != length:
                raise ArchiveError("备份文件不完整（被截断）")
            last = src.peek(1)[:1] == b"" if hasattr(src, "peek") else False
            try:
                block = open_sealed(key, sealed, _aad(head, index, last))
            except Exception:
                raise ArchiveError(f"备份文件第 {index + 1} 段校验失败：已被篡改或密钥不对") from None
            dst.write(block)
            index += 1
            if last:
                return header


def _check_name(name: str) -> None:
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise ArchiveError(f"备份中的文件名不安全：{name}")


def unpack(tar_path: Path, into: Path, sm3_factory: HasherFactory) -> dict[str, Any]:
    """Extract the tar into ``into`` and check every file against the manifest."""
    with tarfile.open(tar_path, "r") as tar:
        try:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.load(member)
        except (KeyError, ValueError, TypeError):
            raise ArchiveError("备份中没有可读的清单（manifest.json）") from None
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files", {}), dict):
            raise ArchiveError("备份中的清单（manifest.json）格式不符")
        names = set(manifest.get("files", {}))
        members = [m for m in tar.getmembers() if m.name != MANIFEST]
        if {m.name for m in members} != names:
            raise ArchiveError("备份中的文件与清单不一致")
        for m in members:
            _check_name(m.name)
            if not m.isfile():
                raise ArchiveError(f"备份中有非普通文件：{m.name}")
        tar.extractall(into, members=members, filter="data")
    for name, want in manifest["files"].items():
        got = digest_file(into / name, sm3_factory).__dict__
        if got != want:
            raise ArchiveError(f"文件 {name} 与清单中的摘要不符")
    return manifest
