"""Every refused request is an audit event (安全审计 8.1.4.3 a): "refusals: 403 denials" in the
event catalogue of security.md §3.3.

A 403 answer that nothing on its way recorded (the console gate, the management-network check
and the CSRF failure view record their own) is written as ``security.denied`` with
``outcome="failure"``, through the bounded failure recorder.
"""
from __future__ import annotations

from .failures import MARK, record_failure


class DeniedRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403 and not getattr(request, MARK, False):
            path = request.path[:255]
            record_failure("security.denied", subject=path, target_repr=path, reason="无权访问（HTTP 403）",
                           detail={"path": path, "method": request.method,
                                   "role": getattr(getattr(request, "user", None), "role", "")})
        return response
