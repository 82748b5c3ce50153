"""The append-only audit log: every state change calls ``record``."""
from __future__ import annotations

import contextlib
import contextvars
import csv
import io

from .models import AuditEntry

_request = contextvars.ContextVar("gongkai_request", default=None)


@contextlib.contextmanager
def bind_request(request):
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def client_ip(request) -> str | None:
    # Behind nginx the proxy sets X-Real-IP; REMOTE_ADDR is the proxy itself then.
    ip = request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")
    return ip or None


def record(action: str, target=None, *, user=None, unit=None, detail: dict | None = None,
           target_repr: str | None = None) -> AuditEntry:
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
    )


EXPORT_COLUMNS = ["时间", "操作人", "单位", "操作", "操作代码", "对象类型", "对象编号", "对象", "来源地址", "详情"]


def export_rows(entries):
    import json

    from django.utils import timezone

    for e in entries:
        yield [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name,
            e.unit.name if e.unit_id and e.unit else "", e.action_label, e.action, e.target_type, e.target_id,
            e.target_repr, e.ip or "", json.dumps(e.detail, ensure_ascii=False),
        ]


def export_csv(entries) -> str:
    """UTF-8 CSV with BOM so that Excel on a Chinese Windows opens it correctly."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(export_rows(entries))
    return buf.getvalue()
