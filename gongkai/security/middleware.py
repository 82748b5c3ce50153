"""Session limits and the staff gate (GB/T 22239-2019 8.1.4.1 b, d).

``SessionPolicyMiddleware``: a log-in ends after ``idle_minutes`` without a request (15 for
the 三员) and ``session_hours`` after it began, whatever the activity; the session is flushed,
so its old key is worthless.

``StaffGateMiddleware``: every staff URL needs the second factor (django-otp's
``is_verified``), then a current password (first log-in, reset, or older than the policy allows).
"""
from __future__ import annotations

import time
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from gongkai.units import audit

STARTED = "gongkai_auth_started"
LAST_SEEN = "gongkai_last_seen"

STAFF_PREFIXES = ("/work/", "/accounts/", "/manage/", "/admin/", "/api/v1/work/")
OPEN_PATHS = ("/accounts/login/", "/accounts/logout/", "/accounts/otp/", "/admin/login/", "/admin/logout/")
PASSWORD_PATHS = ("/accounts/password/",)
OTP_REQUIRED = "需要先完成动态口令验证（第二重身份鉴别）"
PASSWORD_REQUIRED = "须先修改口令"  # noqa: S105 a message, not a password


def _policy():
    from .models import SecurityPolicy

    return SecurityPolicy.current()


def mark_login(sender, request, user, **kwargs):
    """user_logged_in receiver: the absolute lifetime counts from here."""
    now = int(time.time())
    request.session[STARTED] = now
    request.session[LAST_SEEN] = now


def session_limits(user) -> tuple[int, int]:
    """(idle seconds, absolute seconds) for ``user``."""
    from .passwords import is_administrator

    policy = _policy()
    idle = policy.admin_idle_minutes if is_administrator(user) else policy.idle_minutes
    return idle * 60, policy.session_hours * 3600


def _expired(request) -> str | None:
    now = int(time.time())
    idle, absolute = session_limits(request.user)
    started = request.session.get(STARTED) or now
    last = request.session.get(LAST_SEEN) or now
    if now - last > idle:
        return "idle"
    if now - started > absolute:
        return "absolute"
    request.session.setdefault(STARTED, started)
    request.session[LAST_SEEN] = now
    return None


def is_staff_path(path: str) -> bool:
    return path.startswith(STAFF_PREFIXES) and not path.startswith(OPEN_PATHS)


def _refuse(request, view: str, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=403)
    return redirect(f"{reverse(view)}?{urlencode({'next': request.get_full_path()})}")


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = _expired(request)
            if reason:
                audit.record("auth.session_expired", target=user, user=user, detail={"reason": reason})
                logout(request)
                if is_staff_path(request.path):
                    return _refuse(request, "accounts:login", "登录已超时，请重新登录")
        return self.get_response(request)


class StaffGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_staff_path(request.path):
            if not user.is_verified():
                return _refuse(request, "accounts:otp", OTP_REQUIRED)
            if not request.path.startswith(PASSWORD_PATHS):
                from .passwords import must_change

                if must_change(user):
                    return _refuse(request, "accounts:password_change", PASSWORD_REQUIRED)
        return self.get_response(request)
