"""Outbound-fetch rules (SSRF guard, 入侵防范 GB/T 22239-2019 8.1.4.4 d): which URLs the server may
fetch and at which address. No Django, no network: the caller resolves names and passes the answers.

- Schemes: http and https only. Ports: ``Policy.ports`` (80 and 443 unless configured).
- A host written as a number in any other form than dotted-quad (``2130706433``, ``0177.0.0.1``,
  ``0x7f.1``) is refused outright: libraries disagree on what it means.
- Every address a name resolves to is classified; one non-public address (loopback, private,
  shared/CGNAT, link-local incl. the 169.254.169.254 metadata service, unique-local, multicast,
  unspecified, reserved, IPv4-mapped or NAT64 forms of those) refuses the URL, unless the host is
  one of ``Policy.internal`` (sites a 系统管理员 registered as internal, whose registered ports
  are allowed too).
- The decision names the one address to connect to, so the connection never resolves again
  (no DNS rebinding).

``Refused.reason`` is for the server log only; users see ``USER_MESSAGE`` whatever happened.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = [
    "DEFAULT_PORTS",
    "SCHEMES",
    "USER_MESSAGE",
    "Policy",
    "Refused",
    "Target",
    "check_url",
    "classify",
    "decide",
    "normal_entry",
    "origin_entry",
    "parse",
]

USER_MESSAGE = "无法访问该网址"
SCHEMES = ("http", "https")
DEFAULT_PORTS = frozenset({80, 443})
_DEFAULT_PORT = {"http": 80, "https": 443}
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]*))*$", re.I)
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """The URL may not be fetched; ``reason`` says why, for the log (never shown to users)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Policy:
    """``internal`` holds entries ``host`` (its allowed ports), ``host:port`` (that port too) or
    ``host:*`` (any port): those may resolve to non-public addresses."""

    ports: frozenset[int] = DEFAULT_PORTS
    internal: frozenset[str] = field(default_factory=frozenset)

    def with_internal(self, entries: Iterable[str]) -> Policy:
        return Policy(self.ports, self.internal | {normal_entry(e) for e in entries if e and e.strip()})

    def is_internal(self, host: str, port: int) -> bool:
        return bool({_bracket(host), _join(host, port), _join(host, "*")} & self.internal)

    def port_allowed(self, host: str, port: int) -> bool:
        return port in self.ports or bool({_join(host, port), _join(host, "*")} & self.internal)


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _join(host: str, port: int | str) -> str:
    return f"{_bracket(host)}:{port}"


def normal_entry(entry: str) -> str:
    """``Host[:port]`` of an internal entry, lower case, IPv6 in brackets kept apart from its port."""
    entry = entry.strip().lower()
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        return _bracket(normal_host(host)) + rest
    if entry.count(":") == 1:
        host, _, port = entry.partition(":")
        return _join(normal_host(host), port)
    return _bracket(normal_host(entry))


def origin_entry(url: str) -> str | None:
    """The internal entry ``host:port`` of a URL (its explicit or default port)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or _DEFAULT_PORT.get(parts.scheme.lower())
    except ValueError:
        return None
    host = normal_host(parts.hostname or "")
    return _join(host, port) if host and port else None


@dataclass(frozen=True)
class Target:
    """Where a URL may be fetched: its scheme, host name (for Host and SNI), port and the address."""

    scheme: str
    host: str
    port: int
    address: str


def normal_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def classify(address: str | Address) -> str | None:
    """None for a public address, else what kind of non-public address it is."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return classify(ip.ipv4_mapped)
        if ip in _NAT64:
            return classify(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None and classify(ip.sixtofour):
            return "6to4"
        if ip.teredo is not None:
            return "teredo"
    checks = (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
              ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
              ("shared", isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED),
              ("private", ip.is_private), ("reserved", ip.is_reserved), ("non-global", not ip.is_global))
    return next((name for name, hit in checks if hit), None)


def parse(url: str, policy: Policy) -> tuple[str, str, int]:
    """(scheme, host, port) of an allowed URL, or Refused."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise Refused("malformed URL") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise Refused(f"scheme {scheme!r} not allowed")
    if parts.username is not None or parts.password is not None:
        raise Refused("credentials in URL")
    host = normal_host(parts.hostname or "")
    if not host:
        raise Refused("no host")
    port = port if port is not None else _DEFAULT_PORT[scheme]
    if not policy.port_allowed(host, port):
        raise Refused(f"port {port} not allowed")
    if _literal(host) is None and _NUMERIC_HOST.match(host):
        raise Refused(f"non-canonical numeric host {host!r}")
    return scheme, host, port


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0] if ":" in host else host)
    except ValueError:
        return None


def decide(policy: Policy, host: str, port: int, addresses: Iterable[str]) -> str:
    """The address to connect to, or Refused: every address must be public unless the host is internal."""
    found = list(dict.fromkeys(str(ipaddress.ip_address(a.split("%", 1)[0])) for a in addresses))
    if not found:
        raise Refused(f"{host} has no address")
    if not policy.is_internal(host, port):
        for address in found:
            kind = classify(address)
            if kind:
                raise Refused(f"{host} resolves to {kind} address {address}")
    return found[0]


Resolver = Callable[[str, int], list[str]]


def check_url(url: str, policy: Policy, resolve: Resolver) -> Target:
    """Parse, resolve once (IP literals are not resolved) and decide; Refused before any connection."""
    scheme, host, port = parse(url, policy)
    literal = _literal(host)
    addresses = [str(literal)] if literal is not None else resolve(host, port)
    return Target(scheme, host, port, decide(policy, host, port, addresses))
