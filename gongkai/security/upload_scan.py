"""Every uploaded file is scanned by clamd before any view can store it (等保 8.1.4.5, spec §3.5).

``UploadScanMiddleware.process_view`` runs after the CSRF check and before the view, for every
request that carries files (the workbench forms, the Django admin, the JSON API): each file is
streamed to clamd (``GONGKAI_CLAMD``) and the policy of gongkai/domain/virus_scan.py decides.
A refusal is answered before the view runs, so nothing is stored, and is a failure audit event.
Without ``GONGKAI_CLAMD`` uploads go on unscanned and every upload page says so
(``security/virus_scan_notice.html`` through the ``virus_scan`` context processor).
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

from gongkai.domain import virus_scan as rules

from . import clamd

log = logging.getLogger(__name__)
ACTION_LABELS = {
    "upload.virus_found": "上传文件含有病毒，已拒绝",
    "upload.scan_unavailable": "病毒扫描服务不可用，上传被拒绝",
    "upload.scan_refused": "上传文件无法扫描，已拒绝",
}


def address() -> rules.Address | None:
    return rules.parse_address(getattr(settings, "GONGKAI_CLAMD", ""))


def timeout() -> float:
    return float(getattr(settings, "GONGKAI_CLAMD_TIMEOUT", 30.0))


def max_bytes() -> int:
    return int(getattr(settings, "GONGKAI_CLAMD_MAX_BYTES", 25 * 1024 * 1024))


def scan_file(upload, where: rules.Address | None = None) -> rules.Decision:
    """Scan one uploaded file (a Django UploadedFile) and apply the policy."""
    where = where or address()
    if where is None:
        return rules.decide(False, upload.name, None)
    if upload.size is not None and upload.size > max_bytes():
        return rules.decide(True, upload.name, None, too_large_limit=max_bytes())
    upload.seek(0)
    result = clamd.instream(where, upload.chunks(), timeout())
    upload.seek(0)
    if result.status == rules.ERROR:
        log.warning("virus scan failed for an upload: %s", result.problem)
    decision = rules.decide(True, upload.name, result)
    if not decision.allowed:
        _audit(decision, upload, result)
    return decision


def _audit(decision: rules.Decision, upload, result: rules.Verdict) -> None:
    from gongkai.monitoring.failures import record_failure

    request = _current_request()
    path = request.path[:255] if request is not None else ""
    record_failure(decision.event, subject=path, target_repr=(upload.name or "")[:200],
                   reason=decision.message[:255],
                   detail={"path": path, "file": (upload.name or "")[:200], "size": upload.size,
                           "signature": result.signature if result else "",
                           "problem": result.problem if result else ""})
    if decision.event == "upload.virus_found":
        from gongkai.monitoring import alerts

        user = getattr(request, "user", None)
        who = user.username if user is not None and user.is_authenticated else ""
        alerts.raise_alert(rules.alert_notice(upload.name or "", result.signature, who, path))


def _current_request():
    from gongkai.units import audit

    return audit._request.get()


class UploadScanMiddleware:
    """Refuses a request whose files are infected, or cannot be scanned, before its view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        files = [f for _, group in request.FILES.lists() for f in group]
        if not files:
            return None
        try:
            where = address()
        except rules.AddressError as exc:   # a mistyped GONGKAI_CLAMD: fail closed, say why in the log
            log.error("%s", exc)
            return refusal(request, rules.decide(True, files[0].name, None))
        if where is None:
            return None
        for upload in files:
            decision = scan_file(upload, where)
            if not decision.allowed:
                return refusal(request, decision)
        return None


def refusal(request, decision: rules.Decision):
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"detail": [{"loc": ["file"], "msg": decision.message, "type": "virus_scan"}]},
                            status=decision.status, json_dumps_params={"ensure_ascii": False})
    back = escape(request.path)
    page = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>文件未保存</title>'
            f'</head><body><h1>文件未保存</h1><p role="alert">{escape(decision.message)}</p>'
            f'<p><a href="{back}">返回上传页面</a></p></body></html>')
    return HttpResponse(page, status=decision.status, content_type="text/html; charset=utf-8")


def scanner_state() -> dict:
    """For the system console: configured, reachable, clamd's version and signature date."""
    try:
        where = address()
    except rules.AddressError as exc:
        return {"configured": False, "error": str(exc)}
    if where is None:
        return {"configured": False}
    state = {"configured": True, "address": str(where), "max_mb": max_bytes() // (1024 * 1024),
             "timeout": timeout()}
    try:
        state["reachable"] = clamd.command(where, "PING", min(timeout(), 5.0)) == "PONG"
        state["version"] = clamd.command(where, "VERSION", min(timeout(), 5.0)) if state["reachable"] else ""
    except clamd.ScannerUnavailable:
        state["reachable"], state["version"] = False, ""
    return state


def context(request) -> dict:
    """``virus_scan``: whether uploads are scanned, for the notice on every upload page."""
    try:
        configured = address() is not None
    except rules.AddressError:
        configured = True     # misconfigured: uploads fail closed, so do not claim they are unscanned
    notice = rules.SCANNED_NOTICE if configured else (
        f"{rules.NOT_SCANNED_NOTICE}：本系统未配置病毒扫描服务，上传的文件不经杀毒检查即保存，请只上传来源可靠的文件。")
    return {"virus_scan": {"configured": configured, "notice": notice}}
