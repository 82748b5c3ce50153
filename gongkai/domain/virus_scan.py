"""Virus scanning of uploads (等保 8.1.4.5 恶意代码防范, spec security.md §3.5): the rules.

- ``parse_address``: where clamd listens, from ``GONGKAI_CLAMD`` (``unix:///run/clamav/clamd.ctl``
  or ``tcp://127.0.0.1:3310``); empty means scanning is not configured.
- ``verdict``: what a clamd INSTREAM reply means (``stream: OK``, ``stream: NAME FOUND``, ``… ERROR``).
- ``decide``: the policy. Not configured → the upload goes on, and the pages say the files are not
  scanned. Configured → only a clean verdict lets it go on; a detection, an error, a timeout, an
  unreachable scanner or a file over the scan limit refuse it (fail closed).
No Django here; the socket client is gongkai/security/clamd.py.
"""
from __future__ import annotations

import dataclasses
import urllib.parse

from .security_alerts import Notice

CLEAN, INFECTED, ERROR = "clean", "infected", "error"
UNAVAILABLE_MESSAGE = "病毒扫描服务不可用，文件未保存，请稍后再试或联系系统管理员"
NOT_SCANNED_NOTICE = "文件未经病毒扫描"
SCANNED_NOTICE = "上传的文件在保存前经病毒扫描"


class AddressError(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class Address:
    kind: str          # "unix" or "tcp"
    path: str = ""     # unix socket path
    host: str = ""
    port: int = 0

    def __str__(self) -> str:
        return f"unix://{self.path}" if self.kind == "unix" else f"tcp://{self.host}:{self.port}"


def parse_address(text: str) -> Address | None:
    """``unix:///path``, ``tcp://host:port`` (port 3310 by default); ``""`` → None (not configured)."""
    text = (text or "").strip()
    if not text:
        return None
    parts = urllib.parse.urlsplit(text)
    if parts.scheme == "unix" and parts.path.startswith("/") and not parts.netloc:
        return Address("unix", path=parts.path)
    if parts.scheme == "tcp" and parts.hostname:
        try:
            port = parts.port or 3310
        except ValueError:
            raise AddressError(f"GONGKAI_CLAMD 端口无效：{text}") from None
        return Address("tcp", host=parts.hostname, port=port)
    raise AddressError(f"GONGKAI_CLAMD 应为 unix:///套接字路径 或 tcp://主机:端口，而不是：{text}")


@dataclasses.dataclass(frozen=True)
class Verdict:
    status: str              # CLEAN, INFECTED or ERROR
    signature: str = ""      # the signature's name when INFECTED
    problem: str = ""        # what went wrong when ERROR (for the log and the audit detail)


def verdict(reply: bytes | str) -> Verdict:
    """The meaning of one clamd reply to INSTREAM (NUL or newline terminated)."""
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    reply = reply.strip("\0\r\n ")
    if reply.endswith(" FOUND"):
        name = reply[: -len(" FOUND")]
        name = name.split(": ", 1)[1] if ": " in name else name
        return Verdict(INFECTED, signature=name.strip()[:200] or "未知病毒")
    if reply.endswith(": OK") or reply == "OK":
        return Verdict(CLEAN)
    return Verdict(ERROR, problem=reply[:200] or "empty reply")


def failure(problem: str) -> Verdict:
    """A scan that did not happen (unreachable, timeout, too large)."""
    return Verdict(ERROR, problem=problem[:200])


@dataclasses.dataclass(frozen=True)
class Decision:
    allowed: bool
    message: str = ""
    status: int = 200        # HTTP status of the refusal: 400 infected, 503 scanner unavailable
    event: str = ""          # audit action of the refusal


def infected_message(filename: str, signature: str) -> str:
    return (f"文件“{filename}”含有病毒或恶意代码（{signature}），已拒绝上传，文件未保存。"
            "请用杀毒软件检查这份文件的来源电脑后再上传干净的文件。")


def too_large_message(filename: str, limit: int) -> str:
    return (f"文件“{filename}”超过病毒扫描的大小上限（{limit // (1024 * 1024)}MB），无法扫描，文件未保存。"
            "请压缩或拆分后再上传。")


def decide(configured: bool, filename: str, result: Verdict | None, *, too_large_limit: int = 0) -> Decision:
    """The policy for one uploaded file. ``result`` is None when nothing was scanned."""
    if not configured:
        return Decision(True)
    if too_large_limit:
        return Decision(False, too_large_message(filename, too_large_limit), 400, "upload.scan_refused")
    if result is None or result.status == ERROR:
        return Decision(False, UNAVAILABLE_MESSAGE, 503, "upload.scan_unavailable")
    if result.status == INFECTED:
        return Decision(False, infected_message(filename, result.signature), 400, "upload.virus_found")
    return Decision(True)


def alert_notice(filename: str, signature: str, who: str, path: str) -> Notice:
    """The security alert of a detection (once per signature within the alerts' quiet period)."""
    body = (f"{who or '未登录用户'}在 {path} 上传的文件“{filename}”被病毒扫描发现含有 {signature}，"
            "已拒绝，文件未保存。请核实上传人电脑是否感染病毒。")
    return Notice("malware", signature[:200], f"【安全告警】上传文件发现病毒：{signature}"[:200], body)
