"""`gongkai worker`: the Huey consumer, with or without queueing the schedules (--no-periodic)."""
import pytest

from gongkai import cli
from gongkai.commands import keys, server


@pytest.fixture
def consumer_options(monkeypatch):
    calls = []
    monkeypatch.setattr(server, "setup_django", lambda **kw: None)
    monkeypatch.setattr(keys, "require_keys", lambda: None)
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **kw: calls.append((a, kw)))
    return calls


def test_a_worker_queues_the_schedules_by_default(consumer_options):
    assert cli.main(["worker", "--workers", "3"]) == 0
    assert consumer_options == [(("run_huey",), {"workers": 3, "worker_type": "thread"})]


def test_no_periodic_makes_a_worker_that_only_executes_jobs(consumer_options):
    assert cli.main(["worker", "--no-periodic"]) == 0
    assert consumer_options == [(("run_huey",), {"workers": 2, "worker_type": "thread", "periodic": False})]
