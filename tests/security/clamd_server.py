"""A real clamd for the tests (spec security.md §3.5): Debian's clamav-daemon (scripts/sysdeps.sh),
started on a configuration and a signature database that live in a temporary directory.

No official signatures (freshclam is the operator's; these machines have no network): the
database is two signatures the tests write themselves — the EICAR test file's MD5 as a ``.hdb``
entry and a marker string as a ``.ndb`` body signature — so it loads in well under a second.
The EICAR string is assembled from two halves so that no file in the tree is itself detected.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
from pathlib import Path

from gongkai.domain.virus_scan import Address
from gongkai.security import clamd

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Eicar-Test-Signature"
MARKER = b"GONGKAI-MALWARE-TEST-MARKER-7F3A"
MARKER_SIGNATURE = "Gongkai-Test-Marker"
STARTUP_SECONDS = 30


def clamd_binary() -> str:
    found = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
    if not found:
        raise RuntimeError("clamd is not installed: run scripts/sysdeps.sh (Debian's clamav-daemon)")
    return found


class Clamd:
    """One clamd process listening on a unix socket in ``root``."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.socket = self.root / "clamd.sock"
        self.process: subprocess.Popen | None = None

    @property
    def address(self) -> Address:
        return Address("unix", path=str(self.socket))

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def _write_files(self) -> Path:
        db = self.root / "db"
        db.mkdir(parents=True, exist_ok=True)
        (db / "gongkai-test.hdb").write_text(f"{hashlib.md5(EICAR, usedforsecurity=False).hexdigest()}:{len(EICAR)}:{EICAR_SIGNATURE}\n")
        (db / "gongkai-test.ndb").write_text(f"{MARKER_SIGNATURE}:0:*:{MARKER.hex()}\n")
        conf = self.root / "clamd.conf"
        conf.write_text("\n".join([
            f"LocalSocket {self.socket}", f"DatabaseDirectory {db}", "Foreground yes",
            f"LogFile {self.root / 'clamd.log'}", f"PidFile {self.root / 'clamd.pid'}",
            f"TemporaryDirectory {self.root}", "StreamMaxLength 30M", "SelfCheck 0", "Bytecode no", ""]))
        return conf

    def start(self) -> Clamd:
        conf = self._write_files()
        self.process = subprocess.Popen([clamd_binary(), "-c", str(conf)], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"clamd exited at start: {self.process.stderr.read().decode()[-2000:]}"
                                   f"{self.log()[-2000:]}")
            if self.socket.exists() and clamd.ping(self.address, timeout=1.0):
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"clamd did not answer PING within {STARTUP_SECONDS} s: {self.log()[-2000:]}")

    def log(self) -> str:
        path = self.root / "clamd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        self.process = None
