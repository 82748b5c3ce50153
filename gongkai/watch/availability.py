"""Availability (网站可用性) in the database: probes of the homepage (one, or a round of many at once),
their rolling 7-day failure ratio (首页不连通率) and that ratio as a finding over the lines."""
from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.utils import timezone

from gongkai.domain.watch import schedule
from gongkai.domain.watch.findings import HIGH, MEDIUM, Finding as FindingData

from . import probes
from .models import Probe, Site
from .outbound import FetchFailed, fetch, site_policy
from .threads import in_thread

__all__ = ["availability_findings", "probe", "probe_ratio", "probe_sites"]


def probe_ratio(site: Site, now=None) -> tuple[float, int]:
    now = now or timezone.now()
    rows = Probe.objects.filter(site=site, at__gte=now - dt.timedelta(days=7))
    total = rows.count()
    failed = rows.filter(ok=False).count()
    return (failed / total if total else 0.0), total


def availability_findings(site: Site, now=None) -> list[FindingData]:
    """The rolling 7-day failed-probe ratio of the homepage (首页不连通率), as a finding over the lines."""
    now = now or timezone.now()
    ratio, total = probe_ratio(site, now)
    if total == 0:
        return []
    if ratio >= 0.05:
        severity, line = HIGH, "单项否决线5%"
    elif ratio >= 0.03:
        severity, line = MEDIUM, "预警线3%"
    else:
        return []
    return [FindingData(site.homepage, "availability", "failure_ratio", severity,
                        f"近7日首页探测{total}次，失败率{ratio:.1%}，超过{line}")]


def probe(site: Site, timeout: float = 15.0) -> Probe:
    """One availability probe of the homepage: failed when no answer, a 5xx, or 15 s or more.
    Through the outbound guard; redirects followed by hand, each hop checked."""
    started = time.monotonic()
    status = None
    try:
        status = fetch(site.homepage, site_policy(site), headers={"User-Agent": "gongkai-watch/1.0"},
                       timeout=timeout, max_bytes=1024 * 1024).status
    except FetchFailed:
        pass
    elapsed = time.monotonic() - started
    ok = status is not None and status < 500 and elapsed < 15.0
    return Probe.objects.create(site=site, at=timezone.now(), elapsed=round(elapsed, 3), status=status, ok=ok)


def probe_sites(sites, timeout: float | None = None) -> list[Probe]:
    """Probe many homepages concurrently (gongkai.watch.probes), one Probe row each, same 15 s rule."""
    timeout = timeout or getattr(settings, "WATCH_PROBE_TIMEOUT", schedule.PROBE_TIMEOUT)
    sites = list(sites)
    targets = [probes.Target(s.pk, s.homepage, site_policy(s)) for s in sites]
    answers = in_thread(probes.probe_all, targets, timeout=timeout)
    now = timezone.now()
    rows = [Probe(site=s, at=now, elapsed=answers[s.pk].elapsed, status=answers[s.pk].status,
                  ok=schedule.probe_ok(answers[s.pk].status, answers[s.pk].elapsed, min(timeout, 15.0)))
            for s in sites]
    return Probe.objects.bulk_create(rows)
