"""The one outbound-fetch guard (SSRF): every server-side fetch goes through these httpx transports.

Each request's URL is checked by ``gongkai.domain.outbound`` (scheme, port, every resolved address),
the name resolved ONCE here, and the connection made to that address: the request URL is rewritten
to the IP while the Host header and the TLS SNI/certificate check keep the name. Redirects are new
requests, so each hop is checked again (the helpers below also follow them by hand, bounded).

Settings (docs/watch.md): ``OUTBOUND_ALLOWED_PORTS`` (default 80, 443; env ``GONGKAI_OUTBOUND_PORTS``,
e.g. ``80,443,8080,8443``), ``OUTBOUND_INTERNAL_HOSTS`` (``host``, ``host:port`` or ``host:*`` entries
allowed to resolve to non-public addresses, set by the operator; env ``GONGKAI_OUTBOUND_INTERNAL_HOSTS``).
A watched site that a 系统管理员 marked ``internal`` adds its own hosts and ports.
"""
from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from gongkai import environment
from gongkai.domain.outbound import (DEFAULT_PORTS, USER_MESSAGE, Policy, Refused, Target, check_url,
                                     normal_entry, origin_entry, parse)

__all__ = [
    "USER_MESSAGE",
    "AsyncGuardedTransport",
    "FetchFailed",
    "Fetched",
    "GuardedTransport",
    "OutboundRefused",
    "client",
    "configured_policy",
    "fetch",
    "resolve",
    "site_entries",
    "site_policy",
]

log = logging.getLogger("gongkai.outbound")
MAX_REDIRECTS = 5


class OutboundRefused(Exception):
    """The guard refused a request before any connection; ``reason`` is for the log only."""

    def __init__(self, url: str, reason: str):
        super().__init__(USER_MESSAGE)
        self.url, self.reason = url, reason


class FetchFailed(Exception):
    """A guarded fetch got no answer (refused, closed port, timeout …); str() is the same for all."""

    def __init__(self):
        super().__init__(USER_MESSAGE)


def _setting(name: str, from_environment) -> list[str]:
    try:  # at call time: the crawler and ``gongkai watch`` also run this module without Django set up
        from django.conf import settings

        if settings.configured and hasattr(settings, name):
            return [str(v) for v in getattr(settings, name)]
    except ImportError:  # pragma: no cover - Django is always installed
        pass
    return from_environment()


def configured_policy() -> Policy:
    ports = frozenset(int(p) for p in _setting("OUTBOUND_ALLOWED_PORTS", environment.outbound_ports)) or DEFAULT_PORTS
    internal = frozenset(normal_entry(e) for e in _setting("OUTBOUND_INTERNAL_HOSTS",
                                                           environment.outbound_internal_hosts))
    return Policy(ports, internal)


def site_entries(site) -> set[str]:
    """The internal entries of a watched site: the origins of its URLs and its scope hosts."""
    urls = [site.homepage, *site.start_url_list(), *site.scope_prefixes.splitlines()]
    urls += [c.url for c in site.columns.all()] if site.pk else []
    entries = {origin_entry(u) for u in urls if u.strip()}
    entries |= {normal_entry(h) for h in site.scope_hosts.splitlines() if h.strip()}
    return {e for e in entries if e}


def site_policy(site) -> Policy:
    """The guard for fetches on behalf of ``site``: internal addresses only if a 系统管理员 said so."""
    policy = configured_policy()
    return policy.with_internal(site_entries(site)) if getattr(site, "internal", False) else policy


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return [info[4][0] for info in infos]


def _pinned(request: httpx.Request, target: Target) -> None:
    """Connect to ``target.address``; Host header and SNI keep the name."""
    request.url = request.url.copy_with(host=target.address)
    if target.scheme == "https":
        request.extensions = {**request.extensions, "sni_hostname": target.host}


def _refuse(request: httpx.Request, exc: Refused):
    log.warning("outbound fetch refused: %s (%s)", request.url, exc.reason)
    raise OutboundRefused(str(request.url), exc.reason) from None


class GuardedTransport(httpx.BaseTransport):
    def __init__(self, policy: Policy, inner: httpx.BaseTransport | None = None, resolver=resolve):
        self.policy, self.resolver = policy, resolver
        self.inner = inner or httpx.HTTPTransport(trust_env=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            target = check_url(str(request.url), self.policy, self.resolver)
        except Refused as exc:
            _refuse(request, exc)
        _pinned(request, target)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncGuardedTransport(httpx.AsyncBaseTransport):
    def __init__(self, policy: Policy, inner: httpx.AsyncBaseTransport | None = None, resolver=resolve):
        self.policy, self.resolver = policy, resolver
        self.inner = inner or httpx.AsyncHTTPTransport(trust_env=False)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        loop = asyncio.get_running_loop()

        def decide():
            return check_url(str(request.url), self.policy, self.resolver)

        try:
            target = await loop.run_in_executor(None, decide)
        except Refused as exc:
            _refuse(request, exc)
        _pinned(request, target)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def client(policy: Policy, timeout: float = 15.0, inner: httpx.BaseTransport | None = None) -> httpx.Client:
    """A sync client whose every request passes the guard; redirects are not followed (see ``fetch``)."""
    return httpx.Client(transport=GuardedTransport(policy, inner), timeout=timeout, follow_redirects=False,
                        trust_env=False)


@dataclass
class Fetched:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    truncated: bool = False


def fetch(url: str, policy: Policy, *, method: str = "GET", headers: dict | None = None, timeout: float = 15.0,
          max_bytes: int = 20 * 1024 * 1024, hop=None, inner: httpx.BaseTransport | None = None) -> Fetched:
    """Fetch ``url`` through the guard, following at most MAX_REDIRECTS redirects by hand (each hop
    checked again, and by ``hop(url)`` when given, which raises to stop). Any failure raises
    ``FetchFailed`` with the one message; the reason goes to the log."""
    current = url
    try:
        with client(policy, timeout, inner) as http:
            for _ in range(MAX_REDIRECTS + 1):
                if hop is not None:
                    hop(current)
                parse(current, policy)           # scheme, port, numeric forms: before httpx parses it
                with http.stream(method, current, headers=headers) as response:
                    location = response.headers.get("location")
                    if response.status_code in (301, 302, 303, 307, 308) and location:
                        current = urljoin(current, location.strip())
                        continue
                    body, truncated = _read(response, max_bytes)
                    return Fetched(current, response.status_code, response.headers, body, truncated)
            log.warning("outbound fetch: too many redirects from %s", url)
    except OutboundRefused:
        pass                                    # already logged
    except Refused as exc:
        log.warning("outbound fetch refused: %s (%s)", current, exc.reason)
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
        log.warning("outbound fetch failed: %s: %s: %s", current, type(exc).__name__, exc)
    raise FetchFailed()


def _read(response: httpx.Response, max_bytes: int) -> tuple[bytes, bool]:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return b"".join(chunks)[:max_bytes], True
    return b"".join(chunks), False
