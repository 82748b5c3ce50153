"""管理终端的网络地址限制 (GB/T 22239-2019 8.1.4.4 c): ``/admin/`` and ``/manage/`` only from
``ADMIN_ALLOWED_NETWORKS``.

The client address is the trusted one (``gongkai.units.audit.client_ip``: the configured proxy
chain, never a header any client can send). A refusal is a 403 and an audit entry.
"""
from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponseForbidden

from gongkai.units import audit

GUARDED_PREFIXES = ("/admin/", "/manage/")
DEFAULT_NETWORKS = ("127.0.0.1/32", "::1/128")
REFUSED = "本地址不在管理终端允许的网络范围内，不能访问管理功能。"


@lru_cache(maxsize=8)
def parse_networks(spec: tuple[str, ...]) -> tuple:
    """``ADMIN_ALLOWED_NETWORKS`` as networks; a bad entry raises ``ValueError`` naming it."""
    nets = []
    for item in spec:
        try:
            nets.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"ADMIN_ALLOWED_NETWORKS: 无效的网络地址“{item}”") from exc
    return tuple(nets)


def allowed(ip: str | None, networks=None) -> bool:
    if not ip:
        return False
    nets = parse_networks(tuple(networks if networks is not None
                                else getattr(settings, "ADMIN_ALLOWED_NETWORKS", DEFAULT_NETWORKS)))
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False
    if addr.version == 6 and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return any(addr in net for net in nets if net.version == addr.version)


def is_guarded(path: str) -> bool:
    return path.startswith(GUARDED_PREFIXES)


class AdminNetworkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_guarded(request.path):
            ip = audit.client_ip(request)
            if not allowed(ip):
                user = getattr(request, "user", None)
                from gongkai.monitoring.failures import record_failure  # alerts: bounded failure event

                with audit.bind_request(request):
                    record_failure("security.admin_network_denied",
                                   user=user if user is not None and user.is_authenticated else None,
                                   subject=request.path[:255], target_repr=request.path[:255],
                                   reason="来源地址不在管理终端允许的网络范围内",
                                   detail={"path": request.path[:255], "method": request.method, "ip": ip})
                return HttpResponseForbidden(REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
