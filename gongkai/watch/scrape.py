"""The watchdog's figures read when Prometheus scrapes (registered with ``gongkai.ops.metrics``):
the last successful check of each watched site and the open findings by severity."""
from __future__ import annotations

from django.db.models import Count, Max
from prometheus_client.core import GaugeMetricFamily

from gongkai.domain.watch.findings import SEVERITIES

from .models import ACTIVE_STATUSES, CheckRun, Finding, Site


def families():
    last = GaugeMetricFamily("gongkai_watch_last_success_timestamp_seconds",
                             "When the last check of a site finished without error (Unix time)",
                             labels=["site"])
    active = Site.objects.filter(is_active=True).values("pk")
    rows = (CheckRun.objects.filter(site__in=active, finished__isnull=False, error="")
            .values("site_id").annotate(at=Max("finished")).order_by())
    for row in rows:
        last.add_metric([str(row["site_id"])], row["at"].timestamp())
    yield last

    findings = GaugeMetricFamily("gongkai_watch_open_findings", "Findings not yet resolved, by severity",
                                 labels=["severity"])
    counts = dict.fromkeys(SEVERITIES, 0)
    for row in (Finding.objects.filter(status__in=ACTIVE_STATUSES).values("severity")
                .annotate(n=Count("pk")).order_by()):
        counts[row["severity"]] = row["n"]
    for severity, n in counts.items():
        findings.add_metric([severity], n)
    yield findings
