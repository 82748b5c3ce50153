"""Continuous shipping of the audit log to the operator's collector (集中管控 8.1.5.4 d), 安全审计
8.1.4.3 c)): RFC 5424 messages over TLS with RFC 5425 octet-counting framing
(gongkai/domain/syslog_format.py).

``ship_new`` sends the rows after ``ShipState.last_id`` in id order, one TLS connection per batch.
The cursor moves only after every frame of a batch was written and the TLS session was closed
cleanly (our close_notify answered by the collector's, or an orderly end of the stream): a failure
anywhere re-sends the whole batch next time. That makes delivery at-least-once; each message
carries the event's id and MAC in its structured data so the collector drops repeats.

Configuration (environment, docs/operations.md): ``GONGKAI_SIEM_SYSLOG`` (host:port; empty = off),
``GONGKAI_SIEM_CA_FILE`` (the CA that signed the collector's certificate; the system store if
empty), ``GONGKAI_SIEM_SERVER_NAME`` (the name in that certificate, default the host),
``GONGKAI_SIEM_CLIENT_CERT``/``_KEY`` (mutual TLS, RFC 5425 §5.1). The destination is the
operator's own collector set in the environment, never a user-given address, so it does not go
through the outbound-fetch guard (gongkai/watch/outbound.py), which would refuse internal hosts.
"""
from __future__ import annotations

import datetime as dt
import json
import socket
import ssl
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.domain import security_alerts, syslog_format
from gongkai.units import audit
from gongkai.units.models import AuditEntry, Outcome

from .models import ShipState


class ShipError(Exception):
    """Shipping failed; the message says why in Chinese for the system console."""


@dataclass(frozen=True)
class Config:
    host: str
    port: int
    server_name: str
    ca_file: str
    client_cert: str
    client_key: str
    hostname: str
    timeout: float
    batch: int
    max_batches: int
    max_bytes: int
    facility: int
    sd_id: str
    backlog_alert: int


def config() -> Config | None:
    target = getattr(settings, "GONGKAI_SIEM_SYSLOG", "")
    if not target:
        return None
    host, port = syslog_format.parse_target(target)
    s = settings
    return Config(host=host, port=port, server_name=s.GONGKAI_SIEM_SERVER_NAME or host,
                  ca_file=s.GONGKAI_SIEM_CA_FILE, client_cert=s.GONGKAI_SIEM_CLIENT_CERT,
                  client_key=s.GONGKAI_SIEM_CLIENT_KEY, hostname=s.GONGKAI_SIEM_HOSTNAME or socket.getfqdn(),
                  timeout=s.GONGKAI_SIEM_TIMEOUT, batch=s.GONGKAI_SIEM_BATCH, max_batches=s.GONGKAI_SIEM_MAX_BATCHES,
                  max_bytes=s.GONGKAI_SIEM_MAX_MESSAGE_BYTES, facility=s.GONGKAI_SIEM_FACILITY,
                  sd_id=s.GONGKAI_SIEM_SD_ID, backlog_alert=s.GONGKAI_SIEM_BACKLOG_ALERT)


def tls_context(cfg: Config) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cfg.ca_file or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if cfg.client_cert:
        context.load_cert_chain(cfg.client_cert, cfg.client_key or None)
    return context


def _messages(cfg: Config, rows) -> list[bytes]:
    return [syslog_format.frame(syslog_format.message(
        json.loads(audit.jsonl_line(row)), cfg.hostname, facility=cfg.facility, sd_id=cfg.sd_id,
        max_bytes=cfg.max_bytes)) for row in rows]


def send_batch(cfg: Config, frames: list[bytes]) -> None:
    """One TLS connection: every frame, then a clean close. Raises ShipError."""
    try:
        raw = socket.create_connection((cfg.host, cfg.port), timeout=cfg.timeout)
    except OSError as exc:
        raise ShipError(f"无法连接日志收集服务器 {cfg.host}:{cfg.port}：{_why(exc)}") from None
    try:
        with tls_context(cfg).wrap_socket(raw, server_hostname=cfg.server_name) as tls:
            tls.sendall(b"".join(frames))
            _close_cleanly(tls)
    except ssl.SSLCertVerificationError as exc:
        raise ShipError(f"日志收集服务器的证书未通过验证：{exc.verify_message or exc.reason}") from None
    except (OSError, ssl.SSLError) as exc:
        raise ShipError(f"向日志收集服务器发送失败：{_why(exc)}") from None
    finally:
        raw.close()


def _close_cleanly(tls: ssl.SSLSocket) -> None:
    """Send close_notify and wait for the collector's (or an orderly end of stream): then it has
    read everything before it."""
    try:
        tls.unwrap()
    except (ssl.SSLEOFError, ssl.SSLZeroReturnError):
        return


def _why(exc: Exception) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return "超时"
    if isinstance(exc, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(exc, ConnectionResetError):
        return "连接被对方重置（未确认收到）"
    return f"{type(exc).__name__}: {exc}"[:200]


def backlog(state: ShipState | None = None) -> int:
    state = state or ShipState.current()
    return AuditEntry.objects.filter(pk__gt=state.last_id).count()


def ship_new(cfg: Config | None = None) -> int:
    """Ship what the collector does not have yet; returns the number of events sent. Failures are
    stored on ShipState (system console), audited once per outage, and alert on a backlog."""
    cfg = cfg or config()
    if cfg is None:
        return 0
    ShipState.current()
    if not _take_lease(cfg):
        return 0
    try:
        return _ship(cfg)
    finally:
        ShipState.objects.filter(pk=1).update(lease_until=None)


def _take_lease(cfg: Config) -> bool:
    now = timezone.now()
    until = now + dt.timedelta(seconds=cfg.timeout * 3 * cfg.max_batches + 60)
    free = Q(lease_until=None) | Q(lease_until__lt=now)
    return ShipState.objects.filter(free, pk=1).update(lease_until=until) == 1


def _ship(cfg: Config) -> int:
    sent = 0
    for _ in range(cfg.max_batches):
        state = ShipState.current()
        rows = list(AuditEntry.objects.filter(pk__gt=state.last_id).order_by("pk")[:cfg.batch])
        if not rows:
            break
        try:
            send_batch(cfg, _messages(cfg, rows))
        except ShipError as exc:
            _failed(cfg, str(exc))
            break
        _advanced(rows[-1].pk, len(rows))
        sent += len(rows)
        if len(rows) < cfg.batch:
            break
    return sent


def _advanced(last_id: int, n: int) -> None:
    now = timezone.now()
    with transaction.atomic():
        state = ShipState.objects.select_for_update().get(pk=1)
        resumed = state.failing_since is not None
        state.last_id = max(state.last_id, last_id)
        state.shipped_total += n
        state.last_success_at = now
        state.failing_since, state.failures = None, 0
        state.save()
        if resumed:
            with audit.bind_request(None):
                audit.record("siem.ship_resumed", detail={"last_id": state.last_id})


def _failed(cfg: Config, error: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        state = ShipState.objects.select_for_update().get(pk=1)
        first = state.failing_since is None
        state.failing_since = state.failing_since or now
        state.last_error, state.last_error_at = error[:500], now
        state.failures += 1
        state.save()
        if first:
            with audit.bind_request(None):
                audit.record("siem.ship_failed", outcome=Outcome.FAILURE, reason=error[:255],
                             detail={"target": f"{cfg.host}:{cfg.port}", "last_id": state.last_id})
    pending = backlog(state)
    if cfg.backlog_alert and pending >= cfg.backlog_alert:
        from .alerts import raise_alert

        raise_alert(security_alerts.backlog_notice(pending, error, state.failing_since))


def status() -> dict:
    """For the system console."""
    try:
        cfg = config()
        problem = ""
    except ValueError as exc:
        cfg, problem = None, str(exc)
    state = ShipState.current()
    return {"configured": cfg is not None, "target": f"{cfg.host}:{cfg.port}" if cfg else "", "state": state,
            "backlog": backlog(state), "config_problem": problem}
