"""The schedules spread their work over the queue (issue 14.1): one job per site on a real SQLite
Huey queue, run by the consumer's own execute path, per-site locks in the queue's store (refused while
held, taken over once stale), priorities, and probes of many slow sites in about one timeout."""
import threading
import time

import pytest
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from gongkai.domain.watch import schedule
from gongkai.ops import queue_lock
from gongkai.watch import checks, tasks
from gongkai.watch.models import CheckRun, Probe, Site
from tests.watch.localsite import Site as LocalSite
from tests.watch.localsite import html, page
from tests.watch.test_models_services import result

pytestmark = pytest.mark.django_db(transaction=True)   # jobs run in worker threads


@pytest.fixture
def queue(tmp_path, monkeypatch):
    """A queue of this test's own: SqliteHuey's storage on a file in tmp_path."""
    assert not HUEY.immediate
    storage = SqliteStorage("gongkai", filename=str(tmp_path / "huey.sqlite3"))
    monkeypatch.setattr(HUEY, "storage", storage)
    return storage


def _consume() -> list:
    """What a consumer does: take the next job (highest priority first) and execute it in a worker
    thread (which closes its own database connection after each job, as the consumer does)."""
    done = []
    while (job := HUEY.dequeue()) is not None:
        done.append(job)
        worker = threading.Thread(target=HUEY.execute, args=(job,))
        worker.start()
        worker.join()
    return done


@pytest.fixture
def sites(street):
    return [Site.objects.create(unit=street, name=f"网站{i}", homepage=f"http://10.9.9.{i}/") for i in range(1, 6)]


def test_a_schedule_with_n_sites_queues_n_jobs_that_consumers_run(queue, sites, monkeypatch):
    monkeypatch.setattr(checks, "_run_watch", lambda config, **kw: result())
    Site.objects.create(unit=sites[0].unit, name="停用", homepage="http://10.9.9.99/", is_active=False)
    assert tasks.daily_check.call_local() == len(sites)
    assert HUEY.pending_count() == len(sites)
    assert tasks.daily_check.call_local() == 0          # all still queued: nothing twice
    jobs = _consume()
    assert sorted(j.args[0] for j in jobs) == sorted(s.pk for s in sites)
    assert CheckRun.objects.filter(kind="daily", finished__isnull=False).count() == len(sites)
    assert tasks.daily_check.call_local() == len(sites)  # the locks were released when the jobs finished


def test_probes_and_check_now_run_before_the_weekly_cleanup(queue, sites, monkeypatch):
    assert tasks.enqueue_check(sites[0].pk, "manual")
    assert tasks.weekly_cleanup.call_local() == len(sites) - 1      # sites[0] is busy
    tasks.enqueue_probes()
    order = [(j.name, j.priority) for j in iter(HUEY.dequeue, None)]
    names = [n.rsplit(".", 1)[-1] for n, _ in order]
    assert names[0] == "run_check" and names[1] == "probe_batch"
    assert set(names[2:]) == {"check_site_task"} and len(names) == 2 + len(sites) - 1


def test_a_second_enqueue_while_a_sites_check_runs_is_refused(queue, sites):
    site = sites[0]
    key = schedule.lock_key(site.pk, "daily")
    assert tasks.enqueue_check(site.pk, "daily")
    assert queue_lock.holder(key)
    assert not tasks.enqueue_check(site.pk, "manual")    # one crawl lock per site for every kind
    assert not tasks.enqueue_check(site.pk, "weekly")
    assert tasks.enqueue_check(sites[1].pk, "daily")      # another site is free
    assert HUEY.pending_count() == 2


def test_a_stale_lock_of_a_dead_worker_expires(queue, sites):
    key = schedule.lock_key(sites[0].pk, "daily")
    dead = queue_lock.acquire(key, ttl=60, now=time.time() - 120)    # taken two minutes ago, 60 s to live
    assert dead and queue_lock.holder(key) == dead
    live = queue_lock.acquire(key, ttl=60)
    assert live and live != dead and queue_lock.holder(key) == live
    assert queue_lock.acquire(key, ttl=60) is None                      # the new one is not stale
    assert not queue_lock.release(key, dead)                            # the dead worker's token frees nothing
    assert queue_lock.release(key, live) and queue_lock.holder(key) is None


def test_the_batch_split_keeps_hosts_together():
    refs = [schedule.SiteRef(i, f"http://h{i % 3}.example/{i}") for i in range(10)]
    batches = schedule.probe_batches(refs, size=4)
    assert sorted(r.pk for b in batches for r in b) == list(range(10))
    assert all(len(b) <= 4 for b in batches)
    for b in batches:
        hosts = {schedule.host_key(r.homepage) for r in b}
        assert all(sum(schedule.host_key(r.homepage) == h for r in refs) <= 4 or len(hosts) == 1 for h in hosts)
    assert schedule.priority("probe") > schedule.priority("daily") > schedule.priority("weekly")
    assert schedule.priority("manual") > schedule.priority("weekly")


def test_twenty_slow_sites_are_probed_in_about_one_timeout(queue, street, settings):
    settings.WATCH_PROBE_TIMEOUT = 2.0
    slow = [LocalSite({"/": page(html("首页", "<p>慢</p>"), delay=3)}) for _ in range(20)]
    quick = LocalSite({"/": page(html("首页", "<p>正常</p>"))})
    servers = [*slow, quick]
    for server in servers:
        server.__enter__()
    try:
        for i, server in enumerate(servers):
            Site.objects.create(unit=street, name=f"站{i}", homepage=server.url("/"), internal=True)
        started = time.monotonic()
        assert tasks.availability_probes.call_local() == 1       # 21 sites: one batch
        _consume()
        took = time.monotonic() - started
    finally:
        for server in servers:
            server.__exit__(None, None, None)
    probes = list(Probe.objects.select_related("site"))
    assert len(probes) == 21
    assert sorted(p.ok for p in probes) == [False] * 20 + [True]
    assert all(p.elapsed < 2.6 for p in probes if not p.ok)
    assert took < 6, f"20 slow probes took {took:.1f} s (one after another would be 40 s)"


def test_the_lock_and_the_priorities_hold_on_redis(sites):
    """REDIS_URL's store (PriorityRedisHuey): db 7 of the machine's Redis, flushed before and after."""
    redis = pytest.importorskip("redis")
    from huey import PriorityRedisHuey

    try:
        redis.Redis(host="127.0.0.1", port=6379, db=7).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("SKIPPED: no Redis on 127.0.0.1:6379")
    storage = PriorityRedisHuey("gongkai", url="redis://127.0.0.1:6379/7").storage
    storage.conn.flushdb()
    original = HUEY.storage
    HUEY.storage = storage
    try:
        key = schedule.lock_key(sites[0].pk, "daily")
        dead = queue_lock.acquire(key, ttl=60, now=time.time() - 120)
        assert queue_lock.acquire(key, ttl=60) not in (None, dead)          # stale: taken over
        assert queue_lock.acquire(key, ttl=60) is None
        queue_lock.release(key, queue_lock.holder(key))
        assert tasks.enqueue_check(sites[0].pk, "weekly") and not tasks.enqueue_check(sites[0].pk, "manual")
        assert tasks.enqueue_check(sites[1].pk, "manual")
        assert [j.name.rsplit(".", 1)[-1] for j in iter(HUEY.dequeue, None)] == ["run_check", "check_site_task"]
    finally:
        HUEY.storage = original
        storage.conn.flushdb()
