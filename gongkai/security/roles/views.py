"""Role grants (/manage/security/roles/): 安全管理员 grants and revokes roles under the conflict
matrix (GB/T 22239-2019 8.1.5.3 b 「对主体进行授权」); a 单位管理员 creates and disables 经办人/审核人
accounts of its own unit only. Every action is audited by the service."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.domain import security_labels
from gongkai.units.models import Role, User

from .. import selectors
from .forms import AccountForm
from . import services
from .access import console_role_required

secadmin_required = console_role_required(Role.SECADMIN)
unit_admin_required = console_role_required(Role.UNIT_ADMIN)
either = console_role_required(Role.SECADMIN, Role.UNIT_ADMIN)


@either
def index(request):
    if request.user.role == Role.UNIT_ADMIN:
        return _unit_admin_page(request)
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "security/roles/index.html", {
        "query": query, "users": selectors.account_search(query), "roles": Role.choices, "levels": security_labels.CHOICES})


def _unit_admin_page(request, form=None):
    unit = request.user.unit
    return render(request, "security/roles/unit.html", {
        "unit": unit, "form": form or _unit_form(request),
        "users": selectors.unit_accounts(request.user)})


def _unit_form(request, data=None):
    return AccountForm(data, units=selectors.own_unit(request.user),
                       roles=services.UNIT_MANAGED_ROLES, initial={"unit": request.user.unit_id})


@require_POST
@secadmin_required
def grant(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    try:
        services.grant_role(request.user, user, role=request.POST.get("role", ""))
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已授予“{user.username}”角色。")
    return redirect("manage:roles:index")


@require_POST
@secadmin_required
def revoke(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    try:
        services.revoke_role(request.user, user)
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已撤销“{user.username}”的角色。")
    return redirect("manage:roles:index")


@require_POST
@unit_admin_required
def unit_account_create(request):
    form = _unit_form(request, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            user, password = services.create_account(request.user, **data)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            response = render(request, "security/system/password.html",
                              {"account": user, "password": password, "back": "manage:roles:index"})
            response["Cache-Control"] = "no-store"
            return response
    messages.error(request, "账号未建立：" + "；".join(e for errs in form.errors.values() for e in errs))
    return _unit_admin_page(request, form)


@require_POST
@unit_admin_required
def unit_account_disable(request, pk: int):
    user = get_object_or_404(User, pk=pk, unit_id=request.user.unit_id)  # another unit's account: 404
    try:
        services.set_active(request.user, user, active=False, reason=request.POST.get("reason", ""))
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已停用账号“{user.username}”。")
    return redirect("manage:roles:index")
