"""系统管理员's console (/manage/system/, GB/T 22239-2019 8.1.5.1): accounts (create, disable,
re-enable, reset password), the unit tree, the working-day calendar and the watched sites.
No roles, no security policy, no audit log, no business records. Every action is audited."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.monitoring import shipping
from gongkai.units.models import Role, User

from .. import selectors, upload_scan
from ..roles import services
from ..roles.access import console_role_required
from ..roles.forms import AccountForm

sysadmin_required = console_role_required(Role.SYSADMIN)


def _accounts(request):
    query = request.GET.get("q", "").strip()[:100]
    return query, selectors.accounts_by_unit(query)


@sysadmin_required
def index(request):
    query, users = _accounts(request)
    now = timezone.now()
    return render(request, "security/system/index.html", {
        "query": query, "users": users, "form": AccountForm(),
        "stale": selectors.stale_accounts_with_unit(services.stale_accounts(now)),
        "disabled": selectors.disabled_accounts(),
        "units": selectors.units_by_path(), "idle_days": services.IDLE_DAYS,
        "shipping": shipping.status(),
        "scanner": upload_scan.scanner_state(),  # clam
    })


@require_POST
@sysadmin_required
def account_create(request):
    form = AccountForm(request.POST)
    if form.is_valid():
        try:
            user, password = services.create_account(request.user, **form.cleaned_data)
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            return _password_page(request, user, password)
    messages.error(request, "账号未建立：" + "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("manage:system:index")


def _target(pk):
    return get_object_or_404(User, pk=pk)


@require_POST
@sysadmin_required
def account_active(request, pk: int, active: bool):
    user = _target(pk)
    try:
        services.set_active(request.user, user, active=active, reason=request.POST.get("reason", ""))
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{'启用' if active else '停用'}账号“{user.username}”。")
    return redirect("manage:system:index")


@require_POST
@sysadmin_required
def account_reset(request, pk: int):
    user = _target(pk)
    try:
        password = services.reset_password(request.user, user)
    except services.AccountError as exc:
        messages.error(request, str(exc))
        return redirect("manage:system:index")
    return _password_page(request, user, password, reset=True)


def _password_page(request, user, password, reset=False):
    response = render(request, "security/system/password.html", {"account": user, "password": password, "reset": reset})
    response["Cache-Control"] = "no-store"  # shown once, never cached (8.1.4.10)
    return response
