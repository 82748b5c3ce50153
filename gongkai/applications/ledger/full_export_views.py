"""Bulk export of applicants' personal data in full, only with approval (个人信息保护 8.1.4.11 b):
/work/applications/full-export/ request → a reviewer of the unit (not the requester) approves →
the requester downloads it once within 2 hours. Every step is audited; the ordinary exports stay
masked. Rules: gongkai/domain/export_approval.py."""
from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.domain import export_approval as rules
from gongkai.security.models import FullExportRequest
from gongkai.units import audit
from gongkai.units.web import staff_required

from . import exports
from .. import selectors

ROLES = ("clerk", "reviewer")


def _refuse(request, text: str):
    from gongkai.monitoring.failures import record_failure

    record_failure("pii.export_refused", subject=request.path[:200], reason=text[:255])
    return HttpResponseForbidden(text)


@staff_required
def requests_page(request):
    if request.user.role not in ROLES:
        return _refuse(request, "只有信息公开工作人员和审核人可以申请导出完整个人信息")
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        refusal = rules.request_refusal(request.user.role, reason)
        if refusal:
            messages.error(request, refusal)
        else:
            req = FullExportRequest.objects.create(requester=request.user, unit=request.user.unit, reason=reason)
            audit.record("pii.export_requested", req, detail={"reason": reason}, target_repr=f"完整导出申请 {req.pk}")
            messages.success(request, "已提交申请，请本单位审核人批准。")
            return redirect("applications:full_exports")
    unit_requests = FullExportRequest.objects.filter(unit=request.user.unit).select_related("requester",
                                                                                              "approved_by")[:50]
    return render(request, "applications/full_exports.html", {
        "requests": unit_requests, "valid_hours": int(rules.VALID_FOR.total_seconds() // 3600)})


@require_POST
@staff_required
def approve(request, pk: int):
    req = get_object_or_404(FullExportRequest, pk=pk, unit_id=request.user.unit_id)
    refusal = rules.approval_refusal(requester_id=req.requester_id, approver_id=request.user.pk,
                                     approver_role=request.user.role, same_unit=True,
                                     approved=req.approved_at is not None)
    if refusal:
        return _refuse(request, refusal)
    req.approved_by, req.approved_at = request.user, timezone.now()
    req.save(update_fields=["approved_by", "approved_at"])
    audit.record("pii.export_approved", req, detail={"requester": req.requester.username},
                 target_repr=f"完整导出申请 {req.pk}")
    messages.success(request, "已批准；申请人可在2小时内下载一次。")
    return redirect("applications:full_exports")


@staff_required
def download(request, pk: int):
    req = get_object_or_404(FullExportRequest, pk=pk, unit_id=request.user.unit_id)
    now = timezone.now()
    refusal = rules.download_refusal(is_requester=req.requester_id == request.user.pk, approved_at=req.approved_at,
                                     downloaded_at=req.downloaded_at, now=now)
    if refusal:
        return _refuse(request, refusal)
    with transaction.atomic():
        if not FullExportRequest.objects.filter(pk=req.pk, downloaded_at=None).update(downloaded_at=now):
            return _refuse(request, "该导出文件已下载过一次，不能再次下载")
        applications = list(selectors.visible_applications(request.user).order_by("received_on", "id"))
        content = exports.to_xlsx(applications, full=True)
        audit.record("pii.export_downloaded", req, detail={"rows": len(applications), "approved_by":
                     req.approved_by.username if req.approved_by else ""}, target_repr=f"完整导出申请 {req.pk}")
    response = HttpResponse(content, content_type=exports.FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="full-export-{req.pk}.xlsx"'
    return response
