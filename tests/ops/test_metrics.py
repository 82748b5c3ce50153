"""/metrics (prometheus-client): only with the token; request latency by view after requests, job
durations after a job ran, queue depth, each site's last successful check and the open findings by
severity read from the database at scrape time."""
import datetime as dt

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from gongkai.watch.models import CheckRun, Finding, Site
from tests.ops.queue import consume, queue  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
TOKEN = "scrape-token-5f1c9a"


@pytest.fixture(autouse=True)
def token(settings):
    settings.GONGKAI_METRICS_TOKEN = TOKEN


def scrape(client) -> dict:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def value(samples, name, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_need_the_token(client, settings):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 404          # not a bearer token
    settings.GONGKAI_METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404      # no token set: off
    settings.GONGKAI_METRICS_TOKEN = TOKEN
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


def test_request_latency_is_counted_by_view(client, county):
    before = scrape(client)
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200
    client.get("/no-such-page-here/")
    after = scrape(client)
    count = "gongkai_request_duration_seconds_count"
    assert value(after, count, view="ops:healthz", method="GET", status="2xx") - \
        value(before, count, view="ops:healthz", method="GET", status="2xx") == 3
    assert value(after, count, view="portal:home", method="GET", status="2xx") - \
        value(before, count, view="portal:home", method="GET", status="2xx") == 1
    assert value(after, count, view="unresolved", method="GET", status="4xx") >= 1      # a 404: no path label
    assert not any("no-such-page" in str(key) for key in after)
    assert value(after, "gongkai_request_duration_seconds_sum", view="ops:healthz", method="GET", status="2xx") > 0


@pytest.mark.django_db(transaction=True)        # jobs run in worker threads (each closes its connection)
def test_queue_depth_and_job_durations(client, queue, street_clerk):
    from gongkai.catalog import tasks

    assert value(scrape(client), "gongkai_queue_depth", state="pending") == 0
    tasks.extract_attachment_text(999999)                    # queued (no such attachment: the job does nothing)
    tasks.extract_attachment_text(999998)
    assert value(scrape(client), "gongkai_queue_depth", state="pending") == 2
    name = "extract_attachment_text"
    before = value(scrape(client), "gongkai_task_duration_seconds_count", task=name, outcome="ok")
    assert len(consume()) == 2
    samples = scrape(client)
    assert value(samples, "gongkai_queue_depth", state="pending") == 0
    assert value(samples, "gongkai_task_duration_seconds_count", task=name, outcome="ok") - before == 2
    assert value(samples, "gongkai_tasks_total", task=name, outcome="ok") >= 2


def test_last_successful_check_per_site_and_open_findings_by_severity(client, street):
    now = timezone.now()
    good = Site.objects.create(unit=street, name="街道网站", homepage="http://10.9.9.1/")
    failing = Site.objects.create(unit=street, name="故障网站", homepage="http://10.9.9.2/")
    ok_at = now - dt.timedelta(hours=3)
    CheckRun.objects.create(site=good, kind="daily", started=ok_at - dt.timedelta(minutes=5), finished=ok_at)
    CheckRun.objects.create(site=good, kind="daily", started=now, finished=now, error="连接超时")   # later, failed
    CheckRun.objects.create(site=failing, kind="daily", started=now, finished=now, error="连接超时")
    for i, (severity, status) in enumerate([("high", "open"), ("high", "assigned"), ("low", "open"),
                                            ("medium", "fixed")]):
        Finding.objects.create(site=good, key=f"k{i}", url="http://10.9.9.1/", category="links",
                               kind="broken_internal", severity=severity, first_seen=now, last_seen=now,
                               status=status)
    samples = scrape(client)
    last = "gongkai_watch_last_success_timestamp_seconds"
    assert value(samples, last, site=str(good.pk)) == pytest.approx(ok_at.timestamp(), abs=1e-3)
    assert (last, (("site", str(failing.pk)),)) not in samples          # never succeeded: no sample
    findings = "gongkai_watch_open_findings"
    assert value(samples, findings, severity="high") == 2
    assert value(samples, findings, severity="low") == 1
    assert value(samples, findings, severity="medium") == 0               # fixed is not open


def test_a_consumers_job_durations_reach_the_app_servers_metrics_through_the_multiprocess_dir(
        client, tmp_path, monkeypatch):
    """PROMETHEUS_MULTIPROC_DIR shared by the processes of a machine: a job run by another process
    (a consumer) is in the app server's /metrics."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    shared = tmp_path / "prometheus"
    shared.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="gongkai.settings", PYTHONPATH=str(root), GONGKAI_DATA_DIR=str(tmp_path),
               GONGKAI_HUEY_IMMEDIATE="1", PROMETHEUS_MULTIPROC_DIR=str(shared))
    code = "import django; django.setup(); from tests.ops.jobs import logged_job; logged_job(1); logged_job(2)"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=root, check=True, timeout=60, capture_output=True)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(shared))
    samples = scrape(client)
    assert value(samples, "gongkai_task_duration_seconds_count", task="logged_job", outcome="ok") == 2
    assert value(samples, "gongkai_tasks_total", task="logged_job", outcome="ok") == 2
    assert "gongkai_watch_open_findings" in {name for name, _ in samples}       # the scrape's figures too
