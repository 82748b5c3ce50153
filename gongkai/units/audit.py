"""The append-only audit log: every state change calls ``record``.

Each row is chained (gongkai/domain/audit_chain.py): ``AuditEntry.save`` takes the chain lock,
reads the last row and stores ``seq``, ``prev_mac`` and an HMAC-SM3 ``mac``. The lock is a
transaction-level advisory lock on PostgreSQL; on SQLite the IMMEDIATE transaction already holds
the database's only write lock. Writing the row is part of the caller's transaction (fail closed).
"""
from __future__ import annotations

import contextlib
import contextvars
import csv
import datetime as dt
import io
import json
import uuid

from django.conf import settings

from gongkai.domain import audit_chain, client_address
from gongkai.domain.spreadsheet_cells import text_cell

from . import audit_key
from .models import AuditEntry, Outcome

_request = contextvars.ContextVar("gongkai_request", default=None)


@contextlib.contextmanager
def bind_request(request):
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


_networks_cache: dict[tuple, tuple] = {}


def _trusted_proxies() -> tuple:
    entries = tuple(getattr(settings, "GONGKAI_TRUSTED_PROXIES", ()) or ())
    if entries not in _networks_cache:
        _networks_cache[entries] = client_address.parse_networks(entries)
    return _networks_cache[entries]


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or what the configured trusted proxies say it is
    (GONGKAI_TRUSTED_PROXIES; a header from anyone else is ignored)."""
    meta = request.META
    return client_address.resolve(meta.get("REMOTE_ADDR"), meta.get("HTTP_X_FORWARDED_FOR"),
                                  meta.get("HTTP_X_REAL_IP"), _trusted_proxies())


def request_id(request) -> str:
    """One id per request, shared by all its audit rows; a trusted proxy's X-Request-ID is kept."""
    rid = getattr(request, "_gongkai_request_id", None)
    if rid is None:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        peer = client_address.parse_address(request.META.get("REMOTE_ADDR"))
        proxies = _trusted_proxies()
        trusted = peer is not None and any(peer.version == n.version and peer in n for n in proxies)
        rid = given[:64] if trusted and given.isascii() and given.strip() else uuid.uuid4().hex
        try:
            request._gongkai_request_id = rid
        except AttributeError:
            pass
    return rid


def record(action: str, target=None, *, user=None, unit=None, detail: dict | None = None,
           target_repr: str | None = None, outcome: str = Outcome.SUCCESS, reason: str = "") -> AuditEntry:
    """Append one entry. ``user``/``unit`` default to the current request's."""
    request = _request.get()
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if unit is None:
        unit = getattr(target, "unit", None) or getattr(user, "unit", None)
    return AuditEntry.objects.create(
        actor=user,
        actor_name=(user.display_name if user else "系统"),
        unit=unit,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=(target_repr if target_repr is not None else str(target) if target is not None else "")[:255],
        detail=detail or {},
        ip=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""),
        outcome=outcome,
        reason=(reason or "")[:255],
        request_id=request_id(request) if request is not None else "",
    )


_failure_recorder = None


def use_failure_recorder(recorder) -> None:
    """Install the bounded recorder of refused actions (``gongkai.monitoring.failures``, which counts
    them towards the burst alerts); monitoring's AppConfig does it at start-up, so that the base app
    refuses through it without importing it."""
    global _failure_recorder
    _failure_recorder = recorder


def record_failure(action: str, target=None, *, user=None, subject: str = "", reason: str = "",
                   detail: dict | None = None, target_repr: str | None = None, unit=None):
    """Record one refused action: through the installed recorder, else as a plain failure row."""
    if _failure_recorder is not None:
        return _failure_recorder(action, target, user=user, subject=subject, reason=reason, detail=detail,
                                 target_repr=target_repr, unit=unit)
    return record(action, target, user=user, unit=unit, detail=detail, target_repr=target_repr,
                  outcome=Outcome.FAILURE, reason=reason)


def verify_chain(batch: int = 2000) -> audit_chain.Report:
    """Check every row's MAC and links, in id order; the report names the first broken row."""
    key = audit_key.mac_function()
    names = ("id", "prev_mac", "mac", *audit_chain.FIELDS)

    def rows():
        last = 0
        while True:
            chunk = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk").values(*names)[:batch])
            if not chunk:
                return
            yield from chunk
            last = chunk[-1]["id"]

    return audit_chain.verify(rows(), key, audit_key.equal, _purge_anchor())


def _purge_anchor() -> tuple[int, str] | None:
    """Where the last retention purge says the kept chain begins (that row is itself chained,
    so the anchor cannot be forged without breaking the chain after it)."""
    purge = AuditEntry.objects.filter(action="audit.purge").exclude(seq=None).order_by("-seq").first()
    detail = purge.detail if purge is not None else {}
    if "kept_from_seq" not in detail:
        return None
    return int(detail["kept_from_seq"]), str(detail.get("anchor_mac", ""))


EXPORT_COLUMNS = ["时间", "操作人", "单位", "操作", "操作代码", "对象类型", "对象编号", "对象", "来源地址",
                  "结果", "原因", "请求编号", "详情"]


# Objects whose names the 三员 may see: accounts and events without a business record. The audit
# administrator holds no business data (三员分立), so a business record is shown by type and id only.
ADMIN_VISIBLE_TYPES = ("", "units.user")


def object_label(e: AuditEntry, for_administrator: bool = False) -> str:
    if for_administrator and e.target_type not in ADMIN_VISIBLE_TYPES:
        return f"{e.target_type} #{e.target_id}"
    return e.target_repr


def export_rows(entries, for_administrator: bool = False):
    from django.utils import timezone

    for e in entries:
        yield [text_cell(v) for v in (
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name,
            e.unit.name if e.unit_id and e.unit else "", e.action_label, e.action, e.target_type, e.target_id,
            object_label(e, for_administrator), e.ip or "", e.get_outcome_display(), e.reason, e.request_id,
            "" if for_administrator else json.dumps(e.detail, ensure_ascii=False))]


def export_csv(entries, for_administrator: bool = False) -> str:
    """UTF-8 CSV with BOM so that Excel on a Chinese Windows opens it correctly; every cell through
    the one formula neutraliser (gongkai/domain/spreadsheet_cells.py)."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(export_rows(entries, for_administrator))
    return buf.getvalue()


def jsonl_line(e: AuditEntry, for_administrator: bool = False) -> str:
    """One event as a JSON object for a SIEM: UTC time, every field, the chain's values (the
    console's export names business records by type and id only, without the detail)."""
    line = {
        "id": e.pk, "seq": e.seq, "ts": e.at.astimezone(dt.UTC).isoformat(),
        "user_id": e.actor_id, "username": e.actor_name, "unit_id": e.unit_id, "event": e.action,
        "object_type": e.target_type, "object_id": e.target_id, "object": e.target_repr,
        "ip": e.ip, "user_agent": e.user_agent, "outcome": e.outcome, "reason": e.reason,
        "request_id": e.request_id, "detail": e.detail, "prev_mac": e.prev_mac, "mac": e.mac,
    }
    if for_administrator:
        line |= {"object": object_label(e, True), "detail": {}}
    return json.dumps(line, ensure_ascii=False, sort_keys=True)


def export_jsonl(entries, for_administrator: bool = False):
    for e in entries:
        yield jsonl_line(e, for_administrator) + "\n"
