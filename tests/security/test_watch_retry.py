"""A worker killed with SIGKILL in the middle of a watchdog check (issue 10 finding 6): a real Huey
consumer on the SQLite queue, killed while it crawls a slow page on 127.0.0.1; a second consumer
started after the heartbeat went stale resumes the same check run, which completes with each
finding once. On SQLite, and on PostgreSQL when DATABASE_URL names one (a database of its own,
``<name>_kill``, created and dropped here).

Run as a module it is the driver the consumers' database is set up and read with."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STALE = 2            # GONGKAI_WATCH_RUN_STALE_SECONDS for the consumers


def _driver(command: str, arg: str = "") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from gongkai.units.models import Unit, UnitKind
    from gongkai.watch import tasks
    from gongkai.watch.models import Site

    if command == "setup":
        unit = Unit.objects.create(name="示范县人民政府", code="K1000", kind=UnitKind.COUNTY)
        # the test server is on 127.0.0.1: registered internal, as a 系统管理员 would
        site = Site.objects.create(unit=unit, name="县政府网站", homepage=arg, internal=True, concurrency=1,
                                   requests_per_second=50, external="skip")
        tasks.run_check(site.pk)                       # queued for the consumer
        print(site.pk)


if __name__ == "__main__":
    _driver(*sys.argv[1:])
    sys.exit(0)


import pytest  # noqa: E402

from tests.watch.localsite import Site, html, page  # noqa: E402


def _pg_database(url: str):
    """A fresh PostgreSQL database next to the one DATABASE_URL names; (its URL, drop())."""
    import psycopg

    base, _, name = url.rpartition("/")
    kill_db = f"{name.split('?')[0]}_kill"
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{kill_db}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{kill_db}"')

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{kill_db}" WITH (FORCE)')
        admin.close()

    return f"{base}/{kill_db}", drop


@pytest.fixture(params=["sqlite", "postgresql"])
def environment(request, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(GONGKAI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="gongkai.settings",
               GONGKAI_WATCH_RUN_STALE_SECONDS=str(STALE), GONGKAI_HUEY_IMMEDIATE="0", PYTHONPATH=str(ROOT),
               WATCH_SCREENSHOTS="0")
    drop = None
    if request.param == "postgresql":
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            pytest.skip("PostgreSQL run: set DATABASE_URL=postgres://…")
        env["DATABASE_URL"], drop = _pg_database(url)
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v", "0", "--skip-checks"], env=env, cwd=ROOT, check=True,
                   timeout=120)
    yield env
    if drop:
        drop()


def _status(env) -> dict:
    """What the consumers left in the database, read with plain SQL (no Django start per poll)."""
    if env.get("DATABASE_URL"):
        import psycopg

        connect = lambda: psycopg.connect(env["DATABASE_URL"])  # noqa: E731
    else:
        import sqlite3

        connect = lambda: sqlite3.connect(Path(env["GONGKAI_DATA_DIR"]) / "gongkai.sqlite3")  # noqa: E731
    with connect() as db:
        runs = [{"finished": r[0] is not None, "error": r[1], "attempts": r[2], "pages": r[3]} for r in
                db.execute("SELECT finished, error, attempts, pages FROM watch_checkrun ORDER BY id").fetchall()]
        rows = db.execute("SELECT key, kind FROM watch_finding").fetchall()
        opened = db.execute("SELECT count(*) FROM watch_findingevent WHERE to_status = 'open'").fetchone()[0]
    return {"runs": runs, "findings": len(rows), "distinct": len({r[0] for r in rows}),
            "kinds": sorted(r[1] for r in rows), "opened": opened}


def _run(env, *args) -> str:
    return subprocess.run([sys.executable, "-m", "tests.security.test_watch_retry", *args], env=env, cwd=ROOT,
                          check=True, capture_output=True, text=True, timeout=60).stdout


def _consumer(env, tmp_path, n):
    log = open(tmp_path / f"consumer{n}.log", "w")
    return subprocess.Popen([sys.executable, "-m", "django", "run_huey", "-w", "1", "-k", "thread", "-d", "0.1",
                             "-m", "0.5", "-n"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _wait(condition, seconds: float, what: str):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _slow_site() -> dict:
    return {"/": page(html("示范县人民政府", '<a href="/slow.html">通知</a> <a href="/missing.html">旧栏目</a>')),
            "/slow.html": page(html("通知", "<p>正文</p>"), delay=1)}


def test_a_check_killed_mid_crawl_is_resumed_by_the_next_worker(environment, tmp_path):
    started = time.monotonic()
    with Site(_slow_site()) as server:
        _run(environment, "setup", server.url("/"))
        first = _consumer(environment, tmp_path, 1)
        try:
            _wait(lambda: server.hits.get("/slow.html"), 30, "the first worker to reach the slow page")
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(10)
        status = _status(environment)
        assert [r["finished"] for r in status["runs"]] == [False]       # the run is open, its worker dead
        time.sleep(STALE + 0.5)                                         # its heartbeat goes stale
        second = _consumer(environment, tmp_path, 2)
        try:
            status = _wait(lambda: (s := _status(environment))["runs"][0]["finished"] and s, 30,
                           "the resumed run to finish")
        finally:
            second.send_signal(signal.SIGINT)
            try:
                second.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(second.pid, signal.SIGKILL)
    (run,) = status["runs"]
    assert run["error"] == "" and run["attempts"] == 2 and run["pages"] >= 2
    assert "broken_internal" in status["kinds"]                         # /missing.html
    assert status["findings"] == status["distinct"] == status["opened"] == len(status["kinds"])   # each once
    assert server.hits["/slow.html"] >= 2                               # crawled again by the second worker
    assert time.monotonic() - started < 60                              # the migrations are not counted
