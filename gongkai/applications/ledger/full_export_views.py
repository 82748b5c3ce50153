"""Bulk export of applicants' personal data in full, only with approval (个人信息保护 8.1.4.11 b):
/work/applications/full-export/ request → a reviewer of the unit (not the requester) approves →
the requester downloads it once within 2 hours. Every step is audited; the ordinary exports stay
masked. Rules: gongkai/domain/export_approval.py."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.domain import export_approval as rules
from gongkai.units import audit
from gongkai.units.web import staff_required

from . import exports, full_exports
from .. import selectors


def _refuse(request, text: str):
    audit.record_failure("pii.export_refused", subject=request.path[:200], reason=text[:255])
    return HttpResponseForbidden(text)


@staff_required
def requests_page(request):
    if request.user.role not in rules.REQUESTER_ROLES:
        return _refuse(request, rules.NOT_A_REQUESTER)
    if request.method == "POST":
        try:
            full_exports.request_export(request.user, reason=request.POST.get("reason", ""))
        except full_exports.FullExportError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已提交申请，请本单位审核人批准。")
            return redirect("applications:full_exports")
    return render(request, "applications/full_exports.html", {
        "requests": selectors.full_export_requests(request.user.unit),
        "valid_hours": int(rules.VALID_FOR.total_seconds() // 3600)})


@require_POST
@staff_required
def approve(request, pk: int):
    req = selectors.full_export_request(request.user, pk)
    try:
        full_exports.approve(request.user, req)
    except full_exports.FullExportError as exc:
        return _refuse(request, str(exc))
    messages.success(request, "已批准；申请人可在2小时内下载一次。")
    return redirect("applications:full_exports")


@staff_required
def download(request, pk: int):
    req = selectors.full_export_request(request.user, pk)
    try:
        content = full_exports.download(request.user, req)
    except full_exports.FullExportError as exc:
        return _refuse(request, str(exc))
    response = HttpResponse(content, content_type=exports.FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="full-export-{req.pk}.xlsx"'
    return response
