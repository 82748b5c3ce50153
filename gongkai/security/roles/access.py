"""The gate of the 三员 consoles: one role (or a few) per console, everyone else 403."""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


def console_role_required(*roles):
    def deco(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_active or request.user.role not in roles:
                # an assessor tries another administrator's function and finds the attempt here (8.1.5)
                from gongkai.monitoring.failures import record_failure  # alerts: bounded failure event

                record_failure("security.console_denied", user=request.user, subject=request.path[:255],
                               target_repr=request.path[:255], reason="非本控制台的管理员",
                               detail={"path": request.path[:255], "method": request.method,
                                       "role": request.user.role})
                return render(request, "catalog/forbidden.html", status=403)
            return view(request, *args, **kwargs)
        return wrapper
    return deco
