"""backup / restore: database, media and keys in one SM4-GCM encrypted archive (8.1.4.9 a)).

The archive format and its checks are in gongkai/domain/backup_archive.py; this module gathers
the files (a consistent database copy while the platform serves, the media, the SECRET_KEY file
and the crypto provider's key files) and puts them back.
"""
from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from gongkai import environment

from . import CommandError, setup_django

EPILOG = """\
The archive holds a consistent copy of the database (SQLite: the online backup API; PostgreSQL:
pg_dump, whose major version must not be older than the server's), every media file, the
SECRET_KEY file of the data dir (query codes are keyed by it) and the key files of gongkai.crypto
(keyring; the KEK file unless GONGKAI_KEK is used, which you keep in your secret store). It is
encrypted with SM4-GCM under GONGKAI_BACKUP_KEY (32 hex digits, kept apart from the backups) and
carries a manifest of SHA-256 and SM3 digests. 'restore' checks every chunk and every digest
before it changes anything; --check-only stops there. Restart the servers after a restore.
"""


def register(sub) -> None:
    b = sub.add_parser("backup", help="encrypted backup of database, media and keys",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("--out", help="archive file (default: <data dir>/backups/gongkai-<time>.gkbk)")
    b.set_defaults(func=cmd_backup)
    r = sub.add_parser("restore", help="verify and restore a backup archive",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("file", help="archive made by 'gongkai backup'")
    r.add_argument("--verify", action="store_true", default=True,
                   help="check the archive before restoring (always done; kept for scripts)")
    r.add_argument("--check-only", action="store_true", help="only check the archive; change nothing")
    r.set_defaults(func=cmd_restore)


def _key() -> bytes:
    from gongkai.domain import backup_archive
    try:
        return backup_archive.parse_key(environment.backup_key())
    except backup_archive.ArchiveError as exc:
        raise CommandError(str(exc)) from None


def _crypto():
    from cryptography.hazmat.primitives import hashes

    from gongkai.crypto.primitives import sm3, sm4_gcm_open, sm4_gcm_seal
    return (lambda: hashes.Hash(hashes.SM3())), sm3, sm4_gcm_seal, sm4_gcm_open


# ------------------------------------------------------------------ database
def _db():
    from django.conf import settings
    return settings.DATABASES["default"]


def _pg_env(db) -> dict:
    env = environment.for_child_process()
    env.update({"PGHOST": str(db.get("HOST") or "127.0.0.1"), "PGPORT": str(db.get("PORT") or 5432),
                "PGUSER": str(db.get("USER") or ""), "PGDATABASE": str(db["NAME"])})
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _major(text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", text)
    return int(match.group(1)) if match else 0


def _check_pg_tool(tool: str) -> str:
    from django.db import connection

    path = shutil.which(tool)
    if not path:
        raise CommandError(f"{tool} not found: install the PostgreSQL client (Debian: postgresql-client)")
    # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)": the number after "(PostgreSQL)"
    client = _major(subprocess.run([path, "--version"], capture_output=True, text=True).stdout
                    .split("(PostgreSQL)")[-1])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = _major(cursor.fetchone()[0])
    if client < server:
        raise CommandError(f"{tool} {client} is older than the server ({server}); install a matching client")
    return path


def dump_database(into: Path) -> tuple[str, Path]:
    db = _db()
    if db["ENGINE"] == "django.db.backends.sqlite3":
        target = into / "database.sqlite3"
        src = sqlite3.connect(str(db["NAME"]), timeout=30)
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)  # the online backup API: a consistent snapshot while others write
        finally:
            dst.close(), src.close()
        return "sqlite", target
    if db["ENGINE"].startswith("django.db.backends.postgresql"):
        target = into / "database.pgdump"
        pg_dump = _check_pg_tool("pg_dump")
        done = subprocess.run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", "-f", str(target)],
                              env=_pg_env(db), capture_output=True, text=True)
        if done.returncode:
            raise CommandError(f"pg_dump failed: {done.stderr.strip()[:500]}")
        return "postgresql", target
    raise CommandError(f"cannot back up a {db['ENGINE']} database")


def restore_database(vendor: str, source: Path) -> None:
    from django.db import connections

    db = _db()
    here = "sqlite" if db["ENGINE"] == "django.db.backends.sqlite3" else "postgresql"
    if vendor != here:
        raise CommandError(f"the archive holds a {vendor} database; this platform uses {here}")
    connections.close_all()
    if vendor == "sqlite":
        src = sqlite3.connect(str(source))
        dst = sqlite3.connect(str(db["NAME"]), timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close(), src.close()
        return
    pg_restore = _check_pg_tool("pg_restore")
    connections.close_all()
    done = subprocess.run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                           "--single-transaction", "--exit-on-error", "-d", str(db["NAME"]), str(source)],
                          env=_pg_env(db), capture_output=True, text=True)
    if done.returncode:
        raise CommandError(f"pg_restore failed: {done.stderr.strip()[:500]}")


# ------------------------------------------------------------------ files
def _secret_key_file() -> Path:
    from django.conf import settings
    return Path(settings.DATA_DIR) / environment.SECRET_KEY_FILE


def gather_files(tmp: Path) -> tuple[dict[str, Path], dict]:
    from django.conf import settings

    from gongkai.crypto import keys

    vendor, db_file = dump_database(tmp)
    files = {f"db/{db_file.name}": db_file}
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        for path in sorted(p for p in media.rglob("*") if p.is_file() and not p.is_symlink()):
            files["media/" + path.relative_to(media).as_posix()] = path
    secret = _secret_key_file()
    if secret.exists():
        files["keys/secret_key"] = secret
    for path in keys.key_material_paths():
        files[f"keys/crypto/{path.name}"] = path
    notes = {"secret_key_from_env": bool(environment.secret_key()),
             "kek_from_env": bool(environment.kek())}
    return files, {"database": vendor, **notes}


def _chain_head() -> dict:
    from gongkai.units.models import AuditEntry
    last = AuditEntry.objects.exclude(seq=None).order_by("-seq").values("seq", "mac").first()
    return last or {"seq": 0, "mac": ""}


def cmd_backup(args) -> int:
    key = _key()
    setup_django()
    from django.conf import settings
    from django.utils import timezone

    from gongkai.domain import backup_archive as ba
    from gongkai.units import audit

    sm3_factory, sm3, seal, _ = _crypto()
    stamp = timezone.now()
    out = Path(args.out) if args.out else Path(settings.DATA_DIR) / "backups" / f"gongkai-{stamp:%Y%m%d-%H%M%S}.gkbk"
    out.parent.mkdir(parents=True, exist_ok=True)
    kid = ba.key_id(key, sm3)
    # recorded first, so that the archive holds the record of its own making
    audit.record("system.backup", detail={"file": out.name, "kid": kid})
    try:
        with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as tmp:
            tmp = Path(tmp)
            files, meta = gather_files(tmp)
            meta |= {"created": stamp.isoformat(), "audit_chain_head": _chain_head()}
            manifest = ba.build_tar(files, meta, tmp / "backup.tar", sm3_factory)
            header = {"algorithm": "SM4-GCM", "kid": kid, "chunk": ba.CHUNK, "created": meta["created"]}
            ba.encrypt(tmp / "backup.tar", out, key, header, seal)
    except (CommandError, OSError) as exc:
        audit.record("system.backup", detail={"file": out.name}, outcome="failure", reason=str(exc)[:255])
        raise
    print(f"backup written: {out} ({len(manifest['files'])} files, key id {header['kid']})")
    return 0


def cmd_restore(args) -> int:
    key = _key()
    setup_django(migrate_embedded=False)
    from gongkai.domain import backup_archive as ba

    sm3_factory, sm3, _, open_sealed = _crypto()
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"no such archive: {path}")
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
        tmp = Path(tmp)
        try:
            header = ba.read_header(path)
            if header.get("kid") != ba.key_id(key, sm3):
                raise ba.ArchiveError("备份密钥与备份文件不符（密钥编号不同）")
            ba.decrypt(path, tmp / "backup.tar", key, open_sealed)
            manifest = ba.unpack(tmp / "backup.tar", tmp / "files", sm3_factory)
        except ba.ArchiveError as exc:
            _audit_refusal(path, str(exc))
            raise CommandError(f"archive refused: {exc}") from None
        print(f"archive verified: {len(manifest['files'])} files, created {manifest.get('created')}")
        if args.check_only:
            return 0
        _restore_files(tmp / "files", manifest)
    from gongkai.units import audit
    audit.record("system.restore", detail={"file": path.name, "created": manifest.get("created"),
                                           "files": len(manifest["files"])})
    print("restored; restart the servers and workers now")
    return 0


def _audit_refusal(path: Path, reason: str) -> None:
    try:
        from gongkai.units import audit
        audit.record("system.restore", detail={"file": path.name}, outcome="failure", reason=reason)
    except Exception:  # an unmigrated or broken database must not hide the real error
        logging.getLogger(__name__).exception("the refused restore could not be written to the audit log")


def _write_private(target: Path, source: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".restoring")
    shutil.copyfile(source, tmp)
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


def _restore_files(root: Path, manifest: dict) -> None:
    from django.conf import settings

    from gongkai.crypto import keys

    names = manifest["files"]
    db_name = next(n for n in names if n.startswith("db/"))
    restore_database(manifest["database"], root / db_name)
    media = Path(settings.MEDIA_ROOT)
    for name in names:
        if name.startswith("media/"):
            target = media / name[len("media/"):]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / name, target)
    if "keys/secret_key" in names:
        if environment.secret_key():
            print("note: SECRET_KEY comes from the environment; the archived secret_key file is written "
                  "to the data dir but the environment's value is used")
        _write_private(_secret_key_file(), root / "keys/secret_key")
    for name in names:
        if name.startswith("keys/crypto/"):
            _write_private(keys.key_dir() / name.rsplit("/", 1)[1], root / name)
