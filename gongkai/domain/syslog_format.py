"""Audit events as syslog messages for the operator's log collector (集中管控 GB/T 22239-2019
8.1.5.4 d)); no Django.

RFC 5424 messages, framed for TLS transport by RFC 5425 octet counting (``MSG-LEN SP SYSLOG-MSG``):

    <PRI>1 TIMESTAMP HOSTNAME gongkai - MSGID [gongkai@32473 id="…" seq="…" outcome="…" mac="…"] BOM{json}

* PRI = facility × 8 + severity; facility 13 ("log audit") by default; severity 1 (alert) for
  ``security.alert`` rows, 4 (warning) for failures, 6 (informational) otherwise;
* MSGID is the event code (``auth.login_failed``), structured data carries the event id (the
  collector's de-duplication key together with ``mac``: shipping is at-least-once), the chain
  sequence number, the outcome and the row's MAC;
* MSG is the event as one JSON object (the same as ``gongkai audit export --jsonl``), UTF-8 with
  the BOM that RFC 5424 §6.4 asks for. A message over ``max_bytes`` loses its ``detail`` first and
  is then cut at a character boundary; it is marked ``"truncated": true``.

32473 is the private enterprise number RFC 5612 reserves for examples; an operator with its own
number sets ``GONGKAI_SIEM_SD_ID``.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

BOM = "\ufeff".encode()
NIL = "-"
DEFAULT_SD_ID = "gongkai@32473"
FACILITY_LOG_AUDIT = 13
SEVERITY_ALERT, SEVERITY_WARNING, SEVERITY_INFO = 1, 4, 6


def _printable(text: str, limit: int) -> str:
    """PRINTUSASCII (33–126) only, at most ``limit`` characters; ``-`` when nothing is left."""
    out = "".join(ch for ch in (text or "") if 33 <= ord(ch) <= 126)[:limit]
    return out or NIL


def sd_escape(value: str) -> str:
    """PARAM-VALUE escaping (RFC 5424 §6.3.3): ``"``, ``\\`` and ``]`` get a backslash."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")


def severity_of(event: dict[str, Any]) -> int:
    if event.get("event") == "security.alert":
        return SEVERITY_ALERT
    return SEVERITY_WARNING if event.get("outcome") == "failure" else SEVERITY_INFO


def timestamp(ts: str | dt.datetime) -> str:
    """RFC 5424 TIMESTAMP in UTC with microseconds: ``2026-12-02T22:11:17.123456Z``."""
    value = dt.datetime.fromisoformat(ts) if isinstance(ts, str) else ts
    if value.tzinfo is None:
        raise ValueError("syslog timestamps must be timezone-aware")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def structured_data(event: dict[str, Any], sd_id: str = DEFAULT_SD_ID) -> str:
    params = [("id", event.get("id")), ("seq", event.get("seq")), ("outcome", event.get("outcome")),
              ("mac", event.get("mac"))]
    inner = " ".join(f'{name}="{sd_escape("" if value is None else value)}"' for name, value in params)
    return f"[{_printable(sd_id, 32)} {inner}]"


def message(event: dict[str, Any], hostname: str, *, facility: int = FACILITY_LOG_AUDIT, app_name: str = "gongkai",
            sd_id: str = DEFAULT_SD_ID, max_bytes: int = 8192) -> bytes:
    """One SYSLOG-MSG (without framing) for an event dict as ``jsonl_line`` writes it."""
    pri = facility * 8 + severity_of(event)
    header = (f"<{pri}>1 {timestamp(event['ts'])} {_printable(hostname, 255)} {_printable(app_name, 48)} "
              f"{NIL} {_printable(event.get('event', ''), 32)} {structured_data(event, sd_id)} ").encode()
    body = _body(event, max_bytes - len(header) - len(BOM))
    return header + BOM + body


def _body(event: dict[str, Any], room: int) -> bytes:
    body = json.dumps(event, ensure_ascii=False, sort_keys=True).encode()
    if len(body) <= room:
        return body
    slim = dict(event, detail={}, truncated=True)
    body = json.dumps(slim, ensure_ascii=False, sort_keys=True).encode()
    if len(body) <= room:
        return body
    return body[:max(room, 0)].decode("utf-8", "ignore").encode()


def frame(msg: bytes) -> bytes:
    """RFC 5425 §4.3 octet counting: ``MSG-LEN SP SYSLOG-MSG``."""
    return str(len(msg)).encode() + b" " + msg


def read_frames(buffer: bytes) -> tuple[list[bytes], bytes]:
    """Split a received byte stream into complete messages and the rest (for tests and tools)."""
    out: list[bytes] = []
    while True:
        space = buffer.find(b" ")
        if space <= 0 or not buffer[:space].isdigit():
            return out, buffer
        length = int(buffer[:space])
        end = space + 1 + length
        if len(buffer) < end:
            return out, buffer
        out.append(buffer[space + 1:end])
        buffer = buffer[end:]


def parse_target(text: str) -> tuple[str, int]:
    """``host:port`` or ``[v6]:port`` (the port is required; RFC 5425's is 6514)."""
    text = (text or "").strip()
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"日志收集服务器地址应为“主机:端口”，如 syslog.example.gov.cn:6514，实为“{text}”")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host, int(port)
