"""JSON logs with a request id: the id comes from a sane X-Request-ID or is generated, is sent back,
is on every log line of the request and on the log lines of the job the request queued (Huey in
immediate mode runs it through the same hooks a consumer does); GONGKAI_LOG_FORMAT=json switches
the console handler to one JSON object per line, the default stays plain text."""
import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from huey.contrib.djhuey import HUEY

from gongkai.ops.logs import JsonFormatter
from gongkai.ops.requestid import RequestIdFilter
from tests.ops.queue import queue  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("gongkai")
    logger.addHandler(handler)
    HUEY.immediate = True
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        HUEY.immediate = False
        logger.removeHandler(handler)


@override_settings(ROOT_URLCONF="tests.ops.jobs")
def test_the_request_id_is_on_the_requests_and_its_jobs_log_lines(client, lines):
    response = client.get("/enqueue", HTTP_X_REQUEST_ID="nginx-7f3a9c01")
    assert response.status_code == 200 and response["X-Request-ID"] == "nginx-7f3a9c01"
    entries = lines()
    request_line = next(e for e in entries if e["message"] == "request queues a job")
    job_line = next(e for e in entries if e["message"] == "job 7 runs")
    assert request_line["request_id"] == job_line["request_id"] == "nginx-7f3a9c01"
    assert job_line["task"] == "logged_job" and job_line["logger"] == "gongkai.tests.ops"
    assert {"time", "level"} <= job_line.keys()


@override_settings(ROOT_URLCONF="tests.ops.jobs")
@pytest.mark.parametrize("header", [None, "short", "x" * 65, "evil id\nforged", "a;b=c{}d|e"])
def test_an_absent_or_odd_header_gets_a_generated_id(client, lines, header):
    extra = {"HTTP_X_REQUEST_ID": header} if header else {}
    rid = client.get("/enqueue", **extra)["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)
    assert {e["request_id"] for e in lines()} == {rid}


def test_a_job_queued_outside_a_request_has_no_id_and_a_retry_keeps_the_requests(lines):
    from gongkai.ops import requestid
    from tests.ops.jobs import logged_job

    logged_job(1)
    token = requestid.current.set("req-abcdef12")
    try:
        logged_job(2, fail_once=True, state={})      # fails, Huey queues the retry with the same id
    finally:
        requestid.current.reset(token)
    entries = [e for e in lines() if e["logger"] == "gongkai.tests.ops"]
    assert [(e["message"], e["request_id"]) for e in entries] == [
        ("job 1 runs", ""), ("job 2 runs", "req-abcdef12"), ("job 2 runs", "req-abcdef12")]


def _log_a_line(data_dir, **env) -> str:
    code = ("import django, logging; django.setup(); "
            "logging.getLogger('gongkai.ops').warning('身份证号 11010519491231002X readiness %s', 'x')")
    environ = {k: v for k, v in os.environ.items() if k != "GONGKAI_LOG_FORMAT"}
    environ.update(DJANGO_SETTINGS_MODULE="gongkai.settings", PYTHONPATH=str(ROOT), GONGKAI_DATA_DIR=str(data_dir),
                   **env)
    done = subprocess.run([sys.executable, "-c", code], env=environ, cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stderr.strip().splitlines()[-1]


def test_gongkai_log_format_json_switches_the_console_to_json_lines(tmp_path):
    plain = _log_a_line(tmp_path)
    assert plain.endswith("readiness x") and not plain.startswith("{")
    entry = json.loads(_log_a_line(tmp_path, GONGKAI_LOG_FORMAT="json"))
    assert entry["level"] == "WARNING" and entry["logger"] == "gongkai.ops" and entry["request_id"] == ""
    assert entry["message"].endswith("readiness x")
    assert "11010519491231002X" not in entry["message"]          # the personal-data mask still applies


@pytest.mark.django_db(transaction=True)
def test_the_request_id_travels_through_a_real_queue(queue, client):
    """Queued on the SQLite queue during the request, run later by a consumer's worker thread."""
    from tests.ops.queue import consume

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("gongkai")
    logger.addHandler(handler)
    try:
        with override_settings(ROOT_URLCONF="tests.ops.jobs"):
            rid = client.get("/enqueue")["X-Request-ID"]
        (job,) = consume()
        assert job.kwargs == {}                        # the id is taken off before the job's function runs
    finally:
        logger.removeHandler(handler)
    entries = [json.loads(line) for line in stream.getvalue().splitlines()]
    job_line = next(e for e in entries if e["message"] == "job 7 runs")
    assert job_line["request_id"] == rid and job_line["task"] == "logged_job"
