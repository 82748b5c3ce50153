"""Availability probes of many homepages at once (asyncio + httpx through the outbound guard).

Each probe is one GET of the homepage (redirects followed by hand, each hop checked by the guard),
with the 15 s rule as a wall-clock deadline for the whole answer. At most ``concurrency`` probes are
in flight, at most ``per_host`` to one host, with ``interval`` seconds between two probes of a
host. No database here: the caller stores the answers."""
from __future__ import annotations

import asyncio
import math
import time
from collections import defaultdict
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from gongkai.domain.outbound import Policy, Refused, parse
from gongkai.domain.watch import schedule

from .outbound import MAX_REDIRECTS, AsyncGuardedTransport, OutboundRefused

HEADERS = {"User-Agent": "gongkai-watch/1.0"}
REDIRECTS = (301, 302, 303, 307, 308)
MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Target:
    key: int
    url: str
    policy: Policy


@dataclass(frozen=True)
class Answer:
    status: int | None
    elapsed: float


class _Hosts:
    """Per-host politeness: a few probes in flight per host, spaced by ``interval``."""

    def __init__(self, per_host: int, interval: float):
        self.interval = interval
        self.slots: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
        self.last: dict[str, float] = {}

    @asynccontextmanager
    async def slot(self, host: str):
        async with self.slots[host]:
            loop = asyncio.get_running_loop()
            wait = self.last.get(host, -math.inf) + self.interval - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self.last[host] = loop.time()
            yield


async def _status(target: Target, timeout: float) -> int | None:
    current = target.url
    transport = AsyncGuardedTransport(target.policy)
    async with httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False,
                                 trust_env=False) as http:
        for _ in range(MAX_REDIRECTS + 1):
            parse(current, target.policy)
            async with http.stream("GET", current, headers=HEADERS) as response:
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location:
                    current = urljoin(current, location.strip())
                    continue
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > MAX_BYTES:
                        break
                return response.status_code
    return None


async def _probe(target: Target, timeout: float, gate: asyncio.Semaphore, hosts: _Hosts) -> Answer:
    async with gate, hosts.slot(schedule.host_key(target.url)):
        started = time.monotonic()
        try:
            status = await asyncio.wait_for(_status(target, timeout), timeout)
        except (TimeoutError, OutboundRefused, Refused, httpx.HTTPError, httpx.InvalidURL, OSError, ValueError):
            status = None
        return Answer(status, round(time.monotonic() - started, 3))


async def _probe_all(targets: list[Target], timeout: float, concurrency: int, per_host: int,
                     interval: float) -> dict[int, Answer]:
    gate, hosts = asyncio.Semaphore(concurrency), _Hosts(per_host, interval)
    answers = await asyncio.gather(*(_probe(t, timeout, gate, hosts) for t in targets))
    return {t.key: a for t, a in zip(targets, answers, strict=True)}


def probe_all(targets: list[Target], *, timeout: float = schedule.PROBE_TIMEOUT,
              concurrency: int = schedule.PROBE_CONCURRENCY, per_host: int = schedule.PROBE_PER_HOST,
              interval: float = schedule.PROBE_HOST_INTERVAL) -> dict[int, Answer]:
    """Probe every target concurrently; returns each target's answer by key (run in its own loop)."""
    return asyncio.run(_probe_all(targets, timeout, concurrency, per_host, interval))
