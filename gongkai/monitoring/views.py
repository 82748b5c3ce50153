"""The CSRF failure view (settings.CSRF_FAILURE_VIEW): Django's own page, and an audit event."""
from __future__ import annotations

from django.views.csrf import csrf_failure as django_csrf_failure

from .failures import record_failure


def csrf_failure(request, reason=""):
    path = request.path[:255]
    record_failure("security.csrf_failed", subject=path, target_repr=path, reason="CSRF 校验失败",
                   detail={"path": path, "method": request.method, "why": str(reason)[:200]})
    return django_csrf_failure(request, reason=reason)
