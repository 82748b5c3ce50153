"""Running a check of a site (一日一检查, 立即检查, the weekly cleanup): the site's configuration for the
crawl, a per-site lock (one open run with a live heartbeat), the crawl in a thread of its own, and
the findings kept with the run closed in one transaction. A worker that dies mid-check stops
beating; ``sweep_stale_runs`` resumes its run (or closes it after MAX_ATTEMPTS)."""
from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from gongkai.domain.watch.config import ColumnSpec, SiteConfig, WordingRule
from gongkai.domain.watch.identities import parse_identities
from gongkai.units.audit import record

from .availability import availability_findings
from .baselines import approved_texts, asset_changes
from .cleanup import cleanup_report
from .errors import SiteBusy
from .lifecycle import ingest
from .models import CheckRun, RunKind, Site
from .outbound import site_policy
from .permissions import check_request_check
from .threads import in_thread

__all__ = ["MAX_ATTEMPTS", "build_config", "check_site", "stale_after", "stale_runs", "sweep_stale_runs",
           "weekly_cleanup"]

log = logging.getLogger("gongkai.watch")
MAX_ATTEMPTS = 3


def build_config(site: Site, *, kind: str = RunKind.DAILY, today: dt.date | None = None) -> SiteConfig:
    def lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    return SiteConfig(
        start_urls=site.start_url_list(),
        scope_hosts=set(lines(site.scope_hosts)),
        scope_prefixes=lines(site.scope_prefixes),
        columns=[ColumnSpec(c.name, c.url, c.klass, c.max_age_days) for c in site.columns.all()],
        homepage=site.homepage,
        allowed_domains=set(lines(site.allowed_domains)),
        max_pages=site.max_pages, max_depth=site.max_depth, concurrency=site.concurrency,
        requests_per_second=site.requests_per_second,
        external=site.external,
        fetch_attachments=(kind == RunKind.WEEKLY),
        wording=[WordingRule(w, r) for w, r in site.wording_pairs() if w],
        approved_texts=approved_texts(site),
        today=(today or timezone.localdate()).isoformat(),
        identities=parse_identities(site.identities),
        identity_mode=site.identity_mode, identity_sample=site.identity_sample,
    )


def _run_watch(config: SiteConfig, policy=None):
    # lazy for startup cost: the crawler, httpx and every detector are loaded by the worker that
    # checks a site, not by each web process that imports this module through the views
    from .run import run_watch

    return in_thread(run_watch, config, policy=policy)


def stale_after() -> dt.timedelta:
    """How long an open run may go without a heartbeat before its worker counts as dead."""
    return dt.timedelta(seconds=getattr(settings, "WATCH_RUN_STALE_SECONDS", 300))


def _claim(site: Site, kind: str, user, resume: tuple[int, int] | None) -> CheckRun | None:
    """The run this worker will do, with the site's lock (one open run with a live heartbeat).

    ``resume=(run_pk, attempt)`` takes over a run whose worker died: only if its attempt counter is
    still ``attempt - 1`` (compare-and-set, so two copies of the same resume job run it once)."""
    now = timezone.now()
    with transaction.atomic():
        Site.objects.select_for_update().filter(pk=site.pk).first()     # serialises claims per site
        if resume is not None:
            run_pk, attempt = resume
            taken = CheckRun.objects.filter(pk=run_pk, site=site, finished__isnull=True,
                                            attempts=attempt - 1).update(attempts=attempt, heartbeat=now)
            return CheckRun.objects.get(pk=run_pk) if taken else None
        if CheckRun.objects.filter(site=site, finished__isnull=True, heartbeat__gte=now - stale_after()).exists():
            raise SiteBusy(f"网站“{site.name}”正在检查中，请稍后再试")
        return CheckRun.objects.create(site=site, kind=kind, started=now, requested_by=user, heartbeat=now,
                                       attempts=1)


class _Heartbeat:
    """Beats ``CheckRun.heartbeat`` from a thread while the crawl runs."""

    def __init__(self, run: CheckRun):
        self.run_pk = run.pk
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self):
        interval = max(0.2, stale_after().total_seconds() / 4)
        try:
            while not self.stop.wait(interval):
                CheckRun.objects.filter(pk=self.run_pk, finished__isnull=True).update(heartbeat=timezone.now())
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def check_site(site: Site, kind: str = RunKind.DAILY, *, user=None, today: dt.date | None = None,
               resume: tuple[int, int] | None = None) -> CheckRun | None:
    """Crawl the site with every check and keep the findings. A user-started check (立即检查) needs
    staff of the site's unit. Never twice at once for one site (``SiteBusy``); ``resume`` continues
    the run of a worker that died (None when another worker already took it over). The findings are
    kept in one transaction that also closes the run, so a re-run adds no duplicate."""
    if user is not None:
        check_request_check(user, site)
    run = _claim(site, kind, user, resume)
    if run is None:
        return None
    kind = run.kind
    config = build_config(site, kind=kind, today=today)
    try:
        with _Heartbeat(run):
            result = _run_watch(config, policy=site_policy(site))
    except Exception as exc:  # the crawl failed as a whole: keep the record, change no finding
        run.error = f"{type(exc).__name__}: {exc}"[:2000]
        run.finished = timezone.now()
        run.save(update_fields=["error", "finished"])
        record("watch.check", run, user=user, unit=site.unit, detail={"kind": kind, "error": run.error[:200]})
        log.warning("watch: %s check %s of site %s “%s” (%s) failed: %s", kind, run.pk, site.pk, site.name,
                    site.homepage, run.error[:500])
        return run
    extra = availability_findings(site)
    extra += asset_changes(site, getattr(result, "assets", None) or {})
    report = _code_report(result)
    if kind == RunKind.WEEKLY:
        cleanup, outbound = cleanup_report(site, config, result)
        report.update(cleanup)
        extra += outbound
    ingest(site, result, run, extra=extra, user=user)
    if report:
        CheckRun.objects.filter(pk=run.pk).update(report=report)
        run.report = report
    return run


def weekly_cleanup(site: Site, today: dt.date | None = None) -> CheckRun:
    return check_site(site, RunKind.WEEKLY, today=today)


def _code_report(result) -> dict:
    """What the run fetched besides pages: the site's own scripts and stylesheets, the third-party
    scripts it only listed, and the pages it fetched as every visitor identity (with why)."""
    assets = getattr(result, "assets", None) or {}
    return {"assets": [{"url": a.url, "kind": a.kind, "sha256": a.sha256, "size": a.size} for a in assets.values()],
            "third_party_scripts": sorted(getattr(result, "third_party_scripts", None) or {}),
            "identity_requests": getattr(result, "identity_requests", 0),
            "identity_pages": getattr(result, "identity_reasons", None) or {}}


def stale_runs(now=None):
    now = now or timezone.now()
    return CheckRun.objects.filter(finished__isnull=True).filter(
        models.Q(heartbeat__lt=now - stale_after()) | models.Q(heartbeat__isnull=True))


def sweep_stale_runs(enqueue, now=None) -> dict[str, list[int]]:
    """Runs whose worker died (no heartbeat for ``stale_after()``): resumed through
    ``enqueue(run_pk, attempt)`` up to MAX_ATTEMPTS, then closed with an error. The heartbeat is
    renewed when a resume is queued, so a sweep running twice queues it once."""
    now = now or timezone.now()
    done: dict[str, list[int]] = {"resumed": [], "closed": []}
    for run in stale_runs(now).select_related("site__unit"):
        cutoff = models.Q(heartbeat__lt=now - stale_after()) | models.Q(heartbeat__isnull=True)
        mine = CheckRun.objects.filter(cutoff, pk=run.pk, finished__isnull=True, attempts=run.attempts)
        if run.attempts >= MAX_ATTEMPTS:
            if mine.update(finished=now, error="检查中断：执行检查的工作进程多次意外退出，已放弃本次检查"):
                record("watch.check", run, unit=run.site.unit, detail={"kind": run.kind, "error": "abandoned"})
                done["closed"].append(run.pk)
        elif mine.update(heartbeat=now):
            enqueue(run.pk, run.attempts + 1)
            done["resumed"].append(run.pk)
    return done
