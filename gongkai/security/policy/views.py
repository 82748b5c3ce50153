"""安全管理员's console for 身份鉴别 (/manage/security/): policy, locked accounts, second-factor resets.

Only 安全管理员 may open it (GB/T 22239-2019 8.1.5 安全管理); every change is audited.
"""
from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.monitoring.alerts import recent as recent_alerts
from gongkai.units import audit
from gongkai.units.models import Role, User

from .. import lockout, otp, selectors
from ..models import SecurityPolicy

POLICY_FIELDS = ["min_length", "admin_min_length", "min_classes", "admin_min_classes", "history_count",
                 "max_age_days", "lockout_failures", "lockout_minutes", "idle_minutes", "admin_idle_minutes",
                 "session_hours"]


class PolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = POLICY_FIELDS


def secadmin_required(view):
    """安全管理员 only; anyone else (superusers too) gets 403."""
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role != Role.SECADMIN or not request.user.is_active:
            return render(request, "catalog/forbidden.html", status=403)
        return view(request, *args, **kwargs)
    return wrapper


def _changes(before: dict, policy: SecurityPolicy) -> dict:
    return {f: [before[f], getattr(policy, f)] for f in POLICY_FIELDS if before[f] != getattr(policy, f)}


@secadmin_required
def index(request):
    policy = SecurityPolicy.current()
    before = {f: getattr(policy, f) for f in POLICY_FIELDS}
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST":
        if form.is_valid():
            policy = form.save(commit=False)
            policy.updated_by = request.user
            policy.save()
            changes = _changes(before, policy)
            audit.record("security.policy", target=policy, user=request.user, unit=request.user.unit,
                         detail={"changes": changes})
            messages.success(request, "安全策略已保存。" if changes else "安全策略未改变。")
            return redirect("manage:policy:index")
        messages.error(request, "安全策略未保存：请按提示修改标红的项目。")
    query = request.GET.get("q", "").strip()[:150]
    found = selectors.usernames_containing(query)
    return render(request, "security/policy/index.html", {
        "form": form, "locked": lockout.locked_usernames(), "query": query, "found": found,
        "otp_users": {d.user_id for d in selectors.confirmed_totp_devices(found)}, "alerts": recent_alerts(),
    })


@require_POST
@secadmin_required
def unlock(request):
    username = request.POST.get("username", "").strip()
    if username:
        lockout.unlock(username, by=request.user)
        messages.success(request, f"已解锁账户“{username}”。")
    return redirect("manage:policy:index")


@require_POST
@secadmin_required
def otp_reset(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    otp.reset_devices(user, by=request.user)
    messages.success(request, f"已重置“{user.display_name}”的动态口令，其下次登录时须重新绑定。")
    return redirect("manage:policy:index")
