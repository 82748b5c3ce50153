"""Two real Huey consumers on the machine's Redis (issue 14.2): REDIS_URL set, both consumer processes
(``django-admin run_huey``, what ``gongkai worker`` runs) share one PriorityRedisHuey queue in a Redis
database of this test's own (one of db 10–13 claimed with a key, so the SQLite and PostgreSQL runs of
``make test``, which run at once, never share a queue; emptied before and after). One consumer is killed with SIGKILL in
the middle of a site's crawl of a slow site on 127.0.0.1; the other takes the sweep (what the
scheduler queues every 5 minutes), resumes the same check run to its end — each finding once — and
meanwhile probes every homepage of the probe rounds queued around the kill: none lost, none twice.
On SQLite and, when DATABASE_URL names PostgreSQL, on a database of its own.

Run as a module it is the driver that sets the consumers' database up and queues the work."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STALE = 2                                     # GONGKAI_WATCH_RUN_STALE_SECONDS for the consumers
REDIS_DBS = (10, 11, 12, 13)                  # this test's own Redis databases: one claimed per run
CLAIM = "gongkai-test-claim"
PROBED = ("/a.html", "/b.html", "/c.html")


def _driver(command: str, *args: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from gongkai.units.models import Unit, UnitKind
    from gongkai.watch import tasks
    from gongkai.watch.models import Site

    if command == "setup":                    # the crawled site and three more sites that are only probed
        base = args[0]
        unit = Unit.objects.create(name="示范县人民政府", code="R1000", kind=UnitKind.COUNTY)
        site = Site.objects.create(unit=unit, name="县政府网站", homepage=base + "/", internal=True, concurrency=1,
                                   requests_per_second=50, external="skip")
        for n, path in enumerate(PROBED):
            Site.objects.create(unit=unit, name=f"部门网站{n}", homepage=base + path, internal=True, external="skip")
        assert tasks.enqueue_check(site.pk, "manual")          # 立即检查, queued for a consumer
        print(site.pk)
    elif command == "probes":                 # one probe round
        print(tasks.enqueue_probes())
    elif command == "sweep":                  # the scheduler's 5-minute sweep
        tasks.sweep_stale_runs()


if __name__ == "__main__":
    _driver(*sys.argv[1:])
    sys.exit(0)


import pytest  # noqa: E402

from tests.security.test_watch_retry import _pg_database, _slow_site, _status, _wait  # noqa: E402
from tests.watch.localsite import Site, html, page  # noqa: E402


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


if not _redis_answers():
    pytest.skip("SKIPPED: no Redis answers on 127.0.0.1:6379 (the two-consumer queue tests need it)",
                allow_module_level=True)


@pytest.fixture
def redis_url():
    """A Redis database no other run uses now (claimed for 5 minutes), emptied before and after."""
    import redis

    for number in REDIS_DBS:
        conn = redis.Redis(host="127.0.0.1", port=6379, db=number)
        if conn.set(CLAIM, os.getpid(), nx=True, ex=300):
            break
    else:
        pytest.fail(f"every Redis database of {REDIS_DBS} is claimed by another run")

    def empty():
        for key in conn.scan_iter():
            if key != CLAIM.encode():
                conn.delete(key)

    empty()
    yield f"redis://127.0.0.1:6379/{number}"
    empty()
    conn.delete(CLAIM)


@pytest.fixture(params=["sqlite", "postgresql"])
def environment(request, tmp_path, redis_url):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(GONGKAI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="gongkai.settings", REDIS_URL=redis_url,
               GONGKAI_WATCH_RUN_STALE_SECONDS=str(STALE), GONGKAI_HUEY_IMMEDIATE="0", PYTHONPATH=str(ROOT),
               WATCH_SCREENSHOTS="0")
    drop = None
    if request.param == "postgresql":
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            pytest.skip("PostgreSQL run: set DATABASE_URL=postgres://…")
        env["DATABASE_URL"], drop = _pg_database(url)
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v", "0", "--skip-checks"], env=env, cwd=ROOT,
                   check=True, timeout=120)
    yield env
    if drop:
        drop()


def _run(env, *args) -> str:
    return subprocess.run([sys.executable, "-m", "tests.ops.test_redis_consumers", *args], env=env, cwd=ROOT,
                          check=True, capture_output=True, text=True, timeout=60).stdout


class Consumer:
    def __init__(self, env, tmp_path, name):
        self.log = tmp_path / f"{name}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "django", "run_huey", "-w", "1", "-k", "thread", "-d", "0.1", "-m", "0.5", "-n"],
            env=env, cwd=ROOT, stdout=open(self.log, "w"), stderr=subprocess.STDOUT, start_new_session=True)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def ran(self, task: str) -> bool:
        return f"Executing gongkai.watch.tasks.{task}" in self.text()

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.kill()


def _probes(env) -> dict[int, list[int | None]]:
    if env.get("DATABASE_URL"):
        import psycopg

        db = psycopg.connect(env["DATABASE_URL"])
    else:
        import sqlite3

        db = sqlite3.connect(Path(env["GONGKAI_DATA_DIR"]) / "gongkai.sqlite3")
    try:
        out: dict[int, list] = {}
        for site, status in db.execute("SELECT site_id, status FROM watch_probe ORDER BY id").fetchall():
            out.setdefault(site, []).append(status)
        return out
    finally:
        db.close()


def test_a_consumer_killed_mid_crawl_leaves_the_work_to_the_other_one(environment, tmp_path):
    routes = _slow_site() | {path: page(html("部门", "<p>首页</p>")) for path in PROBED}
    with Site(routes) as server:
        consumers = [Consumer(environment, tmp_path, name) for name in ("consumer1", "consumer2")]
        try:
            _wait(lambda: all("consumer started" in c.text().lower() for c in consumers), 30, "both consumers")
            _run(environment, "setup", server.url("/").rstrip("/"))
            _wait(lambda: server.hits.get("/slow.html"), 30, "a consumer to reach the slow page")
            (victim,) = [c for c in consumers if c.ran("run_check")]
            (survivor,) = [c for c in consumers if c is not victim]
            # Killed at once, within the slow page's second: queueing the probe round first starts a Python
            # process, which under load can take longer than the page and let the crawl finish.
            victim.kill()
            assert [r["finished"] for r in _status(environment)["runs"]] == [False]   # open, its worker dead
            assert _run(environment, "probes").strip() == "1"     # a probe round queued while the run is open
            time.sleep(STALE + 0.5)                                  # its heartbeat goes stale
            _run(environment, "sweep")
            status = _wait(lambda: (s := _status(environment))["runs"][0]["finished"] and s, 40,
                           "the other consumer to finish the run")
            _wait(lambda: len(_probes(environment)) == 4, 30, "the probe round")
            assert _run(environment, "probes").strip() == "1"     # the next round: every site is free again
            probes = _wait(lambda: (p := _probes(environment)) and all(len(v) == 2 for v in p.values()) and p, 30,
                           "the second probe round")
        finally:
            for consumer in consumers:
                consumer.stop()
    (run,) = status["runs"]
    assert run["error"] == "" and run["attempts"] == 2 and run["pages"] >= 2
    assert "broken_internal" in status["kinds"]                             # /missing.html
    assert status["findings"] == status["distinct"] == status["opened"] == len(status["kinds"])   # each once
    assert server.hits["/slow.html"] >= 2                                   # crawled again by the survivor
    assert survivor.ran("resume_check") and survivor.ran("probe_batch") and not victim.ran("probe_batch")
    assert len(probes) == 4 and all(v == [200, 200] for v in probes.values())   # no probe lost, none twice
