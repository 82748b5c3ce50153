"""Service: the bulk export of applicants' personal data in full, only with approval (完整个人信息导出,
个人信息保护 8.1.4.11 b): request → a reviewer of the unit (not the requester) approves → the
requester downloads it once within 2 hours. Every step is audited. The rules (who, how long, the
refusal texts) are in :mod:`gongkai.domain.export_approval`; the views are a thin layer over this."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.domain import export_approval as rules
from gongkai.security.models import FullExportRequest
from gongkai.units import audit

from . import exports
from .. import selectors


class FullExportError(Exception):
    """Refused; the message is for the user (Chinese)."""


def _target(req: FullExportRequest) -> str:
    return f"完整导出申请 {req.pk}"


def request_export(user, *, reason: str) -> FullExportRequest:
    """申请导出: a clerk or reviewer of the unit, with the purpose written down."""
    reason = (reason or "").strip()
    if refusal := rules.request_refusal(user.role, reason):
        raise FullExportError(refusal)
    req = FullExportRequest.objects.create(requester=user, unit=user.unit, reason=reason)
    audit.record("pii.export_requested", req, detail={"reason": reason}, target_repr=_target(req))
    return req


def approve(user, req: FullExportRequest) -> FullExportRequest:
    """批准: a reviewer of the request's unit who did not ask for it."""
    refusal = rules.approval_refusal(requester_id=req.requester_id, approver_id=user.pk, approver_role=user.role,
                                     same_unit=req.unit_id == user.unit_id, approved=req.approved_at is not None)
    if refusal:
        raise FullExportError(refusal)
    req.approved_by, req.approved_at = user, timezone.now()
    req.save(update_fields=["approved_by", "approved_at"])
    audit.record("pii.export_approved", req, detail={"requester": req.requester.username}, target_repr=_target(req))
    return req


@transaction.atomic
def download(user, req: FullExportRequest, *, now: dt.datetime | None = None) -> bytes:
    """下载: the requester, once, within the approval's validity; the XLSX of every application
    the user may see, unmasked. The row is marked downloaded before the file is built, so two
    downloads at once cannot both pass."""
    now = now or timezone.now()
    refusal = rules.download_refusal(is_requester=req.requester_id == user.pk, approved_at=req.approved_at,
                                     downloaded_at=req.downloaded_at, now=now)
    if refusal:
        raise FullExportError(refusal)
    if not FullExportRequest.objects.filter(pk=req.pk, downloaded_at=None).update(downloaded_at=now):
        raise FullExportError("该导出文件已下载过一次，不能再次下载")
    applications = list(selectors.visible_applications(user).order_by("received_on", "id"))
    content = exports.to_xlsx(applications, full=True)
    audit.record("pii.export_downloaded", req, detail={
        "rows": len(applications), "approved_by": req.approved_by.username if req.approved_by else ""},
        target_repr=_target(req))
    return content
