"""安全标记 console (/manage/security/labels/): the labelling policy, clearances, object labels.

安全管理员 only (GB/T 22239-2019 8.1.5.3 b); every change is audited by the service."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.domain import security_labels
from gongkai.units.models import Role, User

from .. import selectors
from ..roles.access import console_role_required
from . import services

secadmin_required = console_role_required(Role.SECADMIN)


@secadmin_required
def index(request):
    return render(request, "security/labels/index.html", {
        "policy": security_labels.policy_rows(), "levels": security_labels.CHOICES,
        "kinds": services.kind_names().items(), "cleared": selectors.cleared_accounts()})


@require_POST
@secadmin_required
def clearance(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    try:
        services.set_clearance(request.user, account, value=request.POST.get("clearance", ""),
                               reason=request.POST.get("reason", ""))
    except services.LabelError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已调整“{account.username}”的安全许可级别。")
    back = "manage:roles:index" if request.POST.get("back") == "roles" else "manage:labels:index"
    return redirect(back)


@require_POST
@secadmin_required
def label(request):
    try:
        obj = services.find(request.POST.get("kind", ""), request.POST.get("pk", ""))
        services.set_label(request.user, obj, value=request.POST.get("level", ""),
                           reason=request.POST.get("reason", ""))
    except services.LabelError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已将{services.kind_names()[request.POST['kind']]} #{obj.pk} 的安全标记调整为"
                                  f"“{obj.label.label}”。")
    return redirect("manage:labels:index")
