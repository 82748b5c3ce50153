"""Schedules of the website watchdog (Huey): 一日一检查、三日一维护、一周一清理. Thin over services.

Each site is checked by its own task, retried on failure; ``checks.check_site`` holds a per-site
lock (one open run with a live heartbeat), so a site is never checked twice at once. A worker
killed mid-check loses its Huey job (the queue has no acknowledgement), so its run stops beating:
``sweep_stale_runs`` (every 5 minutes and when a worker starts) queues ``resume_check`` for it.

The schedules queue one job per site (probes: batches of sites probed concurrently), each with its
priority and an expiring per-site lock in the queue's store (``queue_lock``, rules in
``gongkai.domain.watch.schedule``): a site whose job is still waiting or running is skipped, so
any number of consumers share the work and none checks a site twice at once."""
import datetime as dt
import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, on_startup

from gongkai.domain.watch import schedule
from gongkai.units.audit import record
from gongkai.units.models import User

from gongkai.ops import queue_lock

from . import availability, checks, errors, lifecycle, permissions
from .models import CheckRun, RunKind, Site

log = logging.getLogger("gongkai.watch")
RETRIES = 2
RETRY_DELAY = 30


def _sites():
    return Site.objects.filter(is_active=True).select_related("unit")


def _due() -> list[schedule.SiteRef]:
    return schedule.due(schedule.SiteRef(pk, url) for pk, url in _sites().values_list("pk", "homepage"))


def _release(site_pk: int, kind: str, lock: str | None, task, failed: bool) -> None:
    """Free the site's lock when the job is done — kept while Huey will still retry it."""
    if lock and not (failed and task is not None and task.retries > 0):
        queue_lock.release(schedule.lock_key(site_pk, kind), lock)


def enqueue_check(site_pk: int, kind: str, today: str | None = None, user_pk: int | None = None) -> bool:
    """Queue one crawl of a site with its priority; False when the site already has one waiting or running."""
    key = schedule.lock_key(site_pk, kind)
    token = queue_lock.acquire(key, schedule.lock_ttl(kind))
    if token is None:
        log.info("watch: site %s already queued or being checked; %s skipped", site_pk, kind)
        return False
    if kind == RunKind.MANUAL:
        job = run_check.s(site_pk, user_pk, lock=token, priority=schedule.priority(kind))
    else:
        job = check_site_task.s(site_pk, kind, today, lock=token, priority=schedule.priority(kind))
    try:
        HUEY.enqueue(job)
    except Exception:
        queue_lock.release(key, token)
        raise
    return True


def request_check(user, site: Site) -> bool:
    """立即检查 (the site page's button): the user's check, audited, then queued as a manual crawl;
    False when the site already has one waiting or running."""
    permissions.check_request_check(user, site)
    record("watch.check.request", site, user=user, unit=site.unit)
    return enqueue_check(site.pk, RunKind.MANUAL, user_pk=user.pk)


def enqueue_crawls(kind: str, today: str | None = None) -> int:
    return sum(enqueue_check(site.pk, kind, today) for site in _due())


def enqueue_probes() -> int:
    """Queue the probe round: the due sites not still being probed, in batches; returns the batch count."""
    taken = {}
    for site in _due():
        token = queue_lock.acquire(schedule.lock_key(site.pk, "probe"), schedule.lock_ttl("probe"))
        if token is None:
            log.info("watch: site %s still being probed; skipped this round", site.pk)
            continue
        taken[site.pk] = (site, token)
    batches = schedule.probe_batches([site for site, _ in taken.values()])
    for batch in batches:
        HUEY.enqueue(probe_batch.s([s.pk for s in batch], {s.pk: taken[s.pk][1] for s in batch},
                                   priority=schedule.priority("probe")))
    return len(batches)


def _check(site_pk: int, kind: str, user_pk: int | None = None, today: str | None = None):
    site = Site.objects.select_related("unit").filter(pk=site_pk, is_active=True).first()
    if site is None:
        return None
    user = User.objects.filter(pk=user_pk).first() if user_pk else None
    try:
        run = checks.check_site(site, kind, user=user, today=dt.date.fromisoformat(today) if today else None)
    except errors.SiteBusy:
        log.info("watch: site %s is being checked by another worker; skipped", site_pk)
        return None
    if kind == RunKind.MAINTENANCE:
        lifecycle.maintenance(site, dt.date.fromisoformat(today) if today else None)
    return run.pk if run else None


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True)
def check_site_task(site_pk: int, kind: str, today: str | None = None, lock: str | None = None, task=None):
    failed = True
    try:
        done = _check(site_pk, kind, today=today)
        failed = False
        return done
    finally:
        _release(site_pk, kind, lock, task, failed)


@db_task(retries=1, retry_delay=60, context=True)
def probe_batch(site_pks: list[int], locks: dict | None = None, task=None):
    """Probe a batch of homepages concurrently (one Probe row each)."""
    failed = True
    try:
        probes = availability.probe_sites(Site.objects.filter(pk__in=site_pks, is_active=True))
        failed = False
        return len(probes)
    finally:
        for pk in site_pks:
            _release(pk, "probe", (locks or {}).get(pk), task, failed)


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY, priority=schedule.priority("resume"))
def resume_check(run_pk: int, attempt: int):
    """Continue the run of a worker that died (idempotent: runs once per attempt number)."""
    run = CheckRun.objects.select_related("site__unit").filter(pk=run_pk, finished__isnull=True).first()
    if run is None:
        return None
    done = checks.check_site(run.site, run.kind, resume=(run_pk, attempt))
    return done.pk if done else None


@db_periodic_task(crontab(minute="*/5"))
def sweep_stale_runs():
    return checks.sweep_stale_runs(resume_check)


@on_startup()
def _sweep_on_start():
    try:
        checks.sweep_stale_runs(resume_check)
    except Exception:          # a worker must start even when the sweep cannot run
        log.exception("watch: stale-run sweep at start failed")


@db_periodic_task(crontab(minute="0,30", hour="8-20"), priority=schedule.priority("probe"))
def availability_probes():
    """Probe every homepage twice an hour from 08:00 to 20:30 — 26 probes a day (the rule asks ≥ 20)."""
    return enqueue_probes()


@db_periodic_task(crontab(hour="6", minute="30"))
def daily_check():
    """06:30: crawl every site in every fetch profile (browser, spider, search referrer)."""
    return enqueue_crawls(RunKind.DAILY)


@db_periodic_task(crontab(day="*/3", hour="7", minute="0"))
def maintenance():
    """Every third day: re-check, then assign the open findings to the clerks with due dates."""
    today = timezone.localdate().isoformat()
    return enqueue_crawls(RunKind.MAINTENANCE, today)


@db_periodic_task(crontab(day_of_week="0", hour="5", minute="0"))
def weekly_cleanup():
    """Sunday: full crawl with attachments, outbound-domain audit, 废止 items online, orphaned attachments."""
    return enqueue_crawls(RunKind.WEEKLY)


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY, context=True, priority=schedule.priority("manual"))
def run_check(site_pk: int, user_pk: int | None = None, lock: str | None = None, task=None):
    """立即检查, started from the site page."""
    failed = True
    try:
        done = _check(site_pk, RunKind.MANUAL, user_pk)
        failed = False
        return done
    finally:
        _release(site_pk, RunKind.MANUAL, lock, task, failed)
