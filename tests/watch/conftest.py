"""The watchdog's tests crawl servers they start on 127.0.0.1. The outbound guard refuses loopback,
so these tests say, explicitly as an operator would (OUTBOUND_INTERNAL_HOSTS), that 127.0.0.1 (and localhost,
the "other host" of some tests) on any port is internal and may be fetched. tests/security/test_ssrf*.py run without it."""
import pytest

LOCAL = ["127.0.0.1:*", "localhost:*"]


@pytest.fixture(autouse=True)
def local_servers_are_internal(settings, monkeypatch):
    settings.OUTBOUND_INTERNAL_HOSTS = LOCAL
    monkeypatch.setenv("GONGKAI_OUTBOUND_INTERNAL_HOSTS", ",".join(LOCAL))   # for the CLI run in a subprocess


@pytest.fixture(autouse=True)
def watch_state_in_tmp(tmp_path, monkeypatch):
    """`gongkai watch` keeps a state file per site under the data dir: a fresh one per test."""
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
