"""How the watchdog's schedules spread their work over the queue (plain Python, no Django).

Each schedule turns the active sites into jobs: one crawl job per site (daily, maintenance, weekly,
立即检查), or probe batches of many sites each. A job carries a queue priority (higher runs first) and
takes a per-site lock in the queue's store before it is queued, so a site already waiting or being
worked on is skipped; the lock expires after ``LOCK_TTL`` seconds, so a worker that died does not
keep the site out of the schedule for ever. Crawl kinds share one lock per site (a site is never
crawled twice at once); probes have their own.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# Queue priority per job (Huey ``priority=``: higher first). Probes and 立即检查 come before the
# crawls of the schedule; the weekly full crawl with attachments comes last.
PRIORITY = {
    "manual": 100,
    "probe": 90,
    "resume": 80,
    "daily": 50,
    "maintenance": 40,
    "weekly": 10,
}
CRAWL_KINDS = ("manual", "daily", "maintenance", "weekly")

# How long a site's lock lives (seconds) if its job never releases it (the worker died). A crawl
# job may wait behind a day's crawls; a probe round is every 30 minutes, so a probe lock must be
# gone before the next round.
LOCK_TTL = {"crawl": 6 * 3600, "probe": 25 * 60}

PROBE_BATCH = 50            # sites per probe task
PROBE_CONCURRENCY = 20      # probes in flight in one task
PROBE_PER_HOST = 1          # probes in flight to one host (sites that share a server)
PROBE_HOST_INTERVAL = 0.5   # seconds between two probes of one host
PROBE_TIMEOUT = 15.0        # the 15 s rule: no answer within it counts as a failed probe


@dataclass(frozen=True)
class SiteRef:
    pk: int
    homepage: str
    active: bool = True


def lock_group(kind: str) -> str:
    if kind == "probe":
        return "probe"
    if kind in CRAWL_KINDS:
        return "crawl"
    raise ValueError(f"unknown job kind {kind!r}")


def lock_key(site_pk: int, kind: str) -> str:
    return f"gongkai.watch.{lock_group(kind)}.{site_pk}"


def lock_ttl(kind: str) -> int:
    return LOCK_TTL[lock_group(kind)]


def priority(kind: str) -> int:
    return PRIORITY[kind]


def due(sites: Iterable[SiteRef]) -> list[SiteRef]:
    """The sites a schedule works on: the active ones, each once, in a stable order."""
    seen: dict[int, SiteRef] = {}
    for site in sites:
        if site.active and site.pk not in seen:
            seen[site.pk] = site
    return [seen[pk] for pk in sorted(seen)]


def host_key(url: str) -> str:
    """The server a probe goes to, for politeness: the host and port of the homepage."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    return f"{host}:{port}"


def probe_batches(sites: Iterable[SiteRef], size: int = PROBE_BATCH) -> list[list[SiteRef]]:
    """Split sites into batches of at most ``size``; sites on one host stay in one batch (where
    the per-host limit holds) unless the host alone has more than ``size`` sites."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    by_host: dict[str, list[SiteRef]] = {}
    for site in sites:
        by_host.setdefault(host_key(site.homepage), []).append(site)
    batches: list[list[SiteRef]] = []
    current: list[SiteRef] = []
    for host in sorted(by_host, key=lambda h: (-len(by_host[h]), h)):
        group = by_host[host]
        while len(group) > size:
            batches.append(group[:size])
            group = group[size:]
        if len(current) + len(group) > size:
            batches.append(current)
            current = []
        current = current + group
    if current:
        batches.append(current)
    return batches


def probe_ok(status: int | None, elapsed: float, timeout: float = PROBE_TIMEOUT) -> bool:
    """A probe succeeded when the homepage answered, not with a 5xx, in less than the timeout."""
    return status is not None and status < 500 and elapsed < timeout
