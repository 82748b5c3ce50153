"""Schedules of the website watchdog (Huey): 一日一检查、三日一维护、一周一清理. Thin over services.

Each site is checked by its own task, retried on failure; ``services.check_site`` holds a per-site
lock (one open run with a live heartbeat), so a site is never checked twice at once. A worker
killed mid-check loses its Huey job (the queue has no acknowledgement), so its run stops beating:
``sweep_stale_runs`` (every 5 minutes and when a worker starts) queues ``resume_check`` for it."""
import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from . import services
from .models import RunKind, Site

log = logging.getLogger("gongkai.watch")
RETRIES = 2
RETRY_DELAY = 30


def _sites():
    return Site.objects.filter(is_active=True).select_related("unit")


def _check(site_pk: int, kind: str, user_pk: int | None = None, today: str | None = None):
    import datetime as dt

    from gongkai.units.models import User

    site = Site.objects.select_related("unit").filter(pk=site_pk, is_active=True).first()
    if site is None:
        return None
    user = User.objects.filter(pk=user_pk).first() if user_pk else None
    try:
        run = services.check_site(site, kind, user=user, today=dt.date.fromisoformat(today) if today else None)
    except services.SiteBusy:
        log.info("watch: site %s is being checked by another worker; skipped", site_pk)
        return None
    if kind == RunKind.MAINTENANCE:
        services.maintenance(site, dt.date.fromisoformat(today) if today else None)
    return run.pk if run else None


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def check_site_task(site_pk: int, kind: str, today: str | None = None):
    return _check(site_pk, kind, today=today)


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def resume_check(run_pk: int, attempt: int):
    """Continue the run of a worker that died (idempotent: runs once per attempt number)."""
    from .models import CheckRun

    run = CheckRun.objects.select_related("site__unit").filter(pk=run_pk, finished__isnull=True).first()
    if run is None:
        return None
    done = services.check_site(run.site, run.kind, resume=(run_pk, attempt))
    return done.pk if done else None


@db_periodic_task(crontab(minute="*/5"))
def sweep_stale_runs():
    return services.sweep_stale_runs(resume_check)


@on_startup()
def _sweep_on_start():
    try:
        services.sweep_stale_runs(resume_check)
    except Exception:          # a worker must start even when the sweep cannot run
        log.exception("watch: stale-run sweep at start failed")


@db_periodic_task(crontab(minute="0,30", hour="8-20"), retries=RETRIES, retry_delay=60)
def availability_probes():
    """Probe every homepage twice an hour from 08:00 to 20:30 — 26 probes a day (the rule asks ≥ 20)."""
    for site in _sites():
        services.probe(site)


@db_periodic_task(crontab(hour="6", minute="30"))
def daily_check():
    """06:30: crawl every site in every fetch profile (browser, spider, search referrer)."""
    for site in _sites():
        check_site_task(site.pk, RunKind.DAILY)


@db_periodic_task(crontab(day="*/3", hour="7", minute="0"))
def maintenance():
    """Every third day: re-check, then assign the open findings to the clerks with due dates."""
    today = timezone.localdate().isoformat()
    for site in _sites():
        check_site_task(site.pk, RunKind.MAINTENANCE, today)


@db_periodic_task(crontab(day_of_week="0", hour="5", minute="0"))
def weekly_cleanup():
    """Sunday: full crawl with attachments, outbound-domain audit, 废止 items online, orphaned attachments."""
    for site in _sites():
        check_site_task(site.pk, RunKind.WEEKLY)


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def run_check(site_pk: int, user_pk: int | None = None):
    """立即检查, started from the site page."""
    return _check(site_pk, RunKind.MANUAL, user_pk)
