"""登录失败处理 (GB/T 22239-2019 8.1.4.1 b): django-axes with gongkai's policy, address and 三员 hold.

django-axes counts failures per account and per address (``AXES_LOCKOUT_PARAMETERS``) and
refuses a locked log-in even with the right password. What gongkai adds:
- the limit and cool-off come from the SecurityPolicy that 安全管理员 edits;
- the client address is ``gongkai.units.audit.client_ip`` (the configured proxy chain);
- a 三员 account, once locked, stays locked (an AccountHold) until 安全管理员 releases it;
- every failure, lockout and unlock is written to the audit log;
- one lockout message whether or not the account exists.
"""
from __future__ import annotations

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from django.shortcuts import render

from gongkai.units import audit

LOCKOUT_MESSAGE = "登录失败次数过多，账户或来源地址已被暂时锁定。请稍后再试，或联系安全管理员解锁。"


def _policy():
    from .models import SecurityPolicy

    return SecurityPolicy.current()


def failure_limit(request, credentials) -> int:
    return _policy().lockout_failures


def cool_off(request=None) -> dt.timedelta:
    return dt.timedelta(minutes=_policy().lockout_minutes)


def normalized_username(request, credentials) -> str | None:
    """Usernames are unique case-insensitively, so the failures of ``Admin`` and ``admin`` add up."""
    username = (credentials or {}).get("username")
    if username is None and request is not None and request.method == "POST":
        username = request.POST.get("username")
    return username.strip().lower()[:150] if username else None


def lockout_response(request, original_response=None, credentials=None):
    """The login page with one message for every locked attempt (HTTP 429)."""
    from django.contrib.auth.forms import AuthenticationForm

    return render(request, "units/login.html", {"form": AuthenticationForm(request), "locked": True,
                                                "lockout_message": LOCKOUT_MESSAGE,
                                                "next": request.POST.get("next", "")}, status=429)


def is_held(username: str | None) -> bool:
    from .models import AccountHold

    return bool(username) and AccountHold.objects.filter(username=username.strip().lower()).exists()


class PolicyAxesHandler(AxesDatabaseHandler):
    """axes' database handler; a held 三员 account is locked whatever the cool-off says."""

    def is_locked(self, request, credentials=None) -> bool:
        if is_held(normalized_username(request, credentials)):
            request.axes_locked_out = True  # answered with the lockout page, not "wrong password"
            request.axes_credentials = credentials
            return True
        return super().is_locked(request, credentials)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A success forgives only the account's own failures: axes would also clear every failure
        from the address, letting anyone with an account reset the count on someone else's."""
        from axes.models import AccessAttempt

        username = normalized_username(request, credentials)
        return AccessAttempt.objects.filter(username=username).delete()[0] if username else 0


# ---------------------------------------------------------------- signal receivers

def on_login_failed(sender, credentials, request=None, **kwargs):
    from gongkai.monitoring.failures import record_failure  # alerts: bounded, counts towards a burst

    username = normalized_username(request, credentials) or ""
    record_failure("auth.login_failed", subject=username, target_repr=username, detail={"username": username},
                   reason="用户名或口令不正确，或账户、来源地址已锁定")


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    from gongkai.units.models import User

    from .models import AccountHold
    from .passwords import is_administrator

    name = (username or "").strip().lower()
    user = User.objects.filter(username__iexact=name).first() if name else None
    held = bool(user and is_administrator(user))
    if held:
        AccountHold.objects.get_or_create(username=name, defaults={"ip": ip_address})
    from gongkai.monitoring.failures import record_failure

    record_failure("auth.lockout", user, subject=name, target_repr=name or (ip_address or ""),
                   detail={"username": name, "ip": ip_address, "held_until_unlocked": held},
                   reason="连续登录失败次数达到上限，锁定")
    alert_secadmins(name, ip_address, held)


def alert_secadmins(username: str, ip: str | None, held: bool) -> int:
    """A lockout alert (security.md §3.1 b): stored, shown in the consoles, mailed to every active
    安全管理员 and 审计管理员 (gongkai/monitoring/alerts.py); one per account in the quiet period."""
    from gongkai.domain.security_alerts import lockout_notice
    from gongkai.monitoring.alerts import raise_alert

    return raise_alert(lockout_notice(username, ip, held)).mailed


def unlock(username: str, by) -> bool:
    """安全管理员 releases an account: its hold and its counted failures go; audited."""
    from axes.utils import reset

    from gongkai.units.models import User

    from .models import AccountHold

    name = username.strip().lower()
    removed = AccountHold.objects.filter(username=name).delete()[0]
    reset(username=name)
    user = User.objects.filter(username__iexact=name).first()
    audit.record("auth.unlock", target=user, user=by, target_repr=name,
                 detail={"username": name, "released_hold": bool(removed)})
    return True


def locked_usernames() -> list[dict]:
    """Accounts locked now: held 三员 accounts and accounts over the failure limit inside the cool-off."""
    from axes.models import AccessAttempt
    from django.db.models import Sum
    from django.utils import timezone

    from .models import AccountHold

    policy = _policy()
    since = timezone.now() - dt.timedelta(minutes=policy.lockout_minutes)
    rows = {h.username: {"username": h.username, "since": h.locked_at, "held": True, "ip": h.ip}
            for h in AccountHold.objects.all()}
    counted = (AccessAttempt.objects.filter(attempt_time__gte=since).exclude(username=None)
               .values("username").annotate(n=Sum("failures_since_start")))
    for row in counted:
        if row["n"] >= policy.lockout_failures and row["username"] not in rows:
            rows[row["username"]] = {"username": row["username"], "since": None, "held": False, "ip": None}
    return sorted(rows.values(), key=lambda r: r["username"])
