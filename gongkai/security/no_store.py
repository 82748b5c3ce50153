"""剩余信息保护 (GB/T 22239-2019 8.1.4.10, security.md §3.10): staff pages are never cached.

Every answer under the staff prefixes (the workbench ``/work/``, the consoles ``/manage/``, the
staff API ``/api/v1/work/``, ``/admin/`` and ``/accounts/``) carries ``Cache-Control: no-store,
private``: they show (masked) personal data, and a shared proxy or the browser's disk cache must
keep none of it. One rule for all, so that a new staff view cannot forget it.
"""
from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control

DEFAULT_PREFIXES = ("/work/", "/manage/", "/api/v1/work/", "/admin/", "/accounts/")


def prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "GONGKAI_NO_STORE_PREFIXES", DEFAULT_PREFIXES))


def is_staff_path(path: str) -> bool:
    return path.startswith(prefixes())


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_staff_path(request.path_info):
            if "public" in response.get("Cache-Control", ""):
                del response["Cache-Control"]
            patch_cache_control(response, no_store=True, private=True)
            response.headers.pop("Expires", None)
        return response
