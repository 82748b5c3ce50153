"""A small clamd client (the INSTREAM, PING and VERSION commands of clamd(8)), over a unix socket
or TCP, with a timeout on every socket operation. Why not a PyPI client: docs/dependencies.md.

INSTREAM: ``zINSTREAM\\0``, then chunks each prefixed by its length as a 4-byte big-endian
integer, then a zero length; clamd answers ``stream: OK``, ``stream: NAME FOUND`` or ``… ERROR``.
The reply's meaning and the policy are gongkai/domain/virus_scan.py.
"""
from __future__ import annotations

import socket
import struct
from collections.abc import Iterable

from gongkai.domain.virus_scan import Address, Verdict, failure, verdict

CHUNK = 64 * 1024
MAX_REPLY = 4096


class ScannerUnavailable(Exception):
    pass


def _connect(address: Address, timeout: float) -> socket.socket:
    try:
        if address.kind == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(address.path)
            return sock
        return socket.create_connection((address.host, address.port), timeout=timeout)
    except OSError as exc:
        raise ScannerUnavailable(f"connect {address}: {type(exc).__name__}") from None


def _read_reply(sock: socket.socket) -> bytes:
    reply = b""
    while b"\0" not in reply and len(reply) < MAX_REPLY:
        data = sock.recv(MAX_REPLY)
        if not data:
            break
        reply += data
    return reply.split(b"\0", 1)[0]


def command(address: Address, name: str, timeout: float = 5.0) -> str:
    """A one-line command (``PING``, ``VERSION``); raises ScannerUnavailable."""
    with _connect(address, timeout) as sock:
        try:
            sock.sendall(b"z" + name.encode("ascii") + b"\0")
            return _read_reply(sock).decode("utf-8", "replace")
        except OSError as exc:
            raise ScannerUnavailable(f"{name}: {type(exc).__name__}") from None


def ping(address: Address, timeout: float = 5.0) -> bool:
    try:
        return command(address, "PING", timeout) == "PONG"
    except ScannerUnavailable:
        return False


def instream(address: Address, chunks: Iterable[bytes], timeout: float = 30.0) -> Verdict:
    """Scan a stream; a failure to scan is a Verdict with status ERROR, never an exception."""
    try:
        sock = _connect(address, timeout)
    except ScannerUnavailable as exc:
        return failure(str(exc))
    with sock:
        try:
            sock.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                for start in range(0, len(chunk), CHUNK):
                    piece = chunk[start:start + CHUNK]
                    sock.sendall(struct.pack(">I", len(piece)) + piece)
            sock.sendall(struct.pack(">I", 0))
        except (BrokenPipeError, ConnectionResetError):
            pass   # clamd stops reading past its StreamMaxLength and says so in its reply
        except OSError as exc:
            return failure(f"send: {type(exc).__name__}")
        try:
            return verdict(_read_reply(sock))
        except OSError as exc:
            return failure(f"reply: {type(exc).__name__}")
