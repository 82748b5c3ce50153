"""Prometheus metrics (prometheus-client): request latency by view, queue depth, job durations, the
last successful check of each watched site and the open findings by severity.

Latency and job durations are recorded as they happen (``RequestMetricsMiddleware``, the Huey hooks
in ``queue_hooks``); the queue depth and the figures apps register (``add_scrape_source``) are read
at scrape time with a few cheap aggregate queries. With ``PROMETHEUS_MULTIPROC_DIR`` set (prometheus-client's own variable: a
directory shared by the app-server processes and the consumers of one machine, emptied at start),
one scrape reports the figures of every process."""
from __future__ import annotations

import hmac
import logging
import time

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from gongkai import environment

log = logging.getLogger("gongkai.ops")

REQUEST_SECONDS = Histogram(
    "gongkai_request_duration_seconds", "Time to answer a request, by view (URL name), method and status class",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
TASK_SECONDS = Histogram(
    "gongkai_task_duration_seconds", "Time a background job ran, by task and outcome", ["task", "outcome"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800, 7200))
TASKS = Counter("gongkai_tasks", "Background jobs run, by task and outcome", ["task", "outcome"])

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def observe_task(name: str, seconds: float, ok: bool) -> None:
    outcome = "ok" if ok else "error"
    TASK_SECONDS.labels(name, outcome).observe(seconds)
    TASKS.labels(name, outcome).inc()


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match else "unresolved"    # bounded: URL names, not paths
        method = request.method if request.method in METHODS else "other"
        REQUEST_SECONDS.labels(view, method, f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started)
        return response


_scrape_sources: list = []


def add_scrape_source(families) -> None:
    """Register a callable yielding metric families read at scrape time: an app adds its own figures
    (the watchdog's, ``gongkai.watch.scrape``) from its AppConfig, so this module imports no app."""
    if families not in _scrape_sources:
        _scrape_sources.append(families)


class ScrapeCollector:
    """Figures read when Prometheus scrapes (no state kept between scrapes)."""

    def collect(self):
        from huey.contrib.djhuey import HUEY

        depth = GaugeMetricFamily("gongkai_queue_depth", "Jobs in the queue, by state", labels=["state"])
        try:
            depth.add_metric(["pending"], HUEY.pending_count())
            depth.add_metric(["scheduled"], HUEY.scheduled_count())
        except Exception:
            log.warning("metrics: the queue did not answer", exc_info=True)
        yield depth
        for families in _scrape_sources:
            yield from families()


def exposition() -> bytes:
    """The metrics text: this process's (or, in multiprocess mode, every process's) and the scrape's."""
    from prometheus_client import REGISTRY

    if environment.prometheus_multiproc_dir():
        from prometheus_client import multiprocess

        live = CollectorRegistry()
        multiprocess.MultiProcessCollector(live)
    else:
        live = REGISTRY
    scrape = CollectorRegistry()
    scrape.register(ScrapeCollector())
    return generate_latest(live) + generate_latest(scrape)


def authorised(header: str | None, token: str) -> bool:
    """``Authorization: Bearer <GONGKAI_METRICS_TOKEN>``; no token configured: nobody."""
    if not token or not header or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer "):].strip().encode(), token.encode())
