"""The client's address through a configured chain of trusted proxies (no Django).

A header such as ``X-Forwarded-For`` or ``X-Real-IP`` is only as true as whoever set it. The
platform therefore believes a header only when the peer that sent it (``REMOTE_ADDR``) is one of
the operator's own proxies, listed as networks in ``GONGKAI_TRUSTED_PROXIES``. With the default
(no proxies listed) no header is believed at all and the peer address is the client.

Behind trusted proxies ``X-Forwarded-For`` is walked from the right: each proxy appends the
address it received the request from, so the right-most entry that is not one of ours is the
first address no trusted proxy vouches for beyond — the client. Entries to its left are
client-written and ignored. ``X-Real-IP`` is used only when the peer is trusted and no
``X-Forwarded-For`` is present.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class ProxyConfigError(ValueError):
    """A trusted-proxy entry that is no network."""


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """CIDR strings (a bare address means that one host) to networks; a bad entry raises."""
    networks = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ProxyConfigError(f"GONGKAI_TRUSTED_PROXIES: “{entry}” is not a network (CIDR)") from None
    return tuple(networks)


def parse_address(text: str | None) -> Address | None:
    """One address as a header or REMOTE_ADDR gives it (``[v6]:port`` and ``v4:port`` tolerated)."""
    if not text:
        return None
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    text = text.split("%", 1)[0]  # zone id
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address: Address, proxies: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def resolve(remote_addr: str | None, forwarded_for: str | None, real_ip: str | None,
            proxies: Sequence[Network]) -> str | None:
    """The client's address as a string, or None when even the peer address is unusable."""
    peer = parse_address(remote_addr)
    if peer is None:
        return None
    if not proxies or not _trusted(peer, proxies):
        return str(peer)
    if forwarded_for:
        hops = [h for h in forwarded_for.split(",") if h.strip()]
        for hop in reversed(hops):
            address = parse_address(hop)
            if address is None:
                return str(peer)  # garbage where a proxy should have written: believe nothing beyond
            if not _trusted(address, proxies):
                return str(address)
        # every hop is one of ours: the left-most is as far as the chain goes
        return str(parse_address(hops[0])) if hops else str(peer)
    real = parse_address(real_ip)
    return str(real) if real is not None else str(peer)
