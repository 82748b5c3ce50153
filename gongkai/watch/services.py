"""Website watchdog services: register sites, run checks, keep findings across checks
(open → assigned → fixed → verified / reopened), the three-day maintenance list and the weekly
cleanup. Views, tasks and the admin only call these."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import statistics
import threading
from dataclasses import dataclass, field
from itertools import cycle
from urllib.parse import urlsplit

from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone

from gongkai.units.permissions import can_act
from gongkai.domain.watch import assets as asset_rules
from gongkai.domain.watch.config import ColumnSpec, SiteConfig, WordingRule
from gongkai.domain.watch.identities import parse_identities
from gongkai.domain.watch.findings import CATEGORIES, HIGH, LOW, MEDIUM, Finding as FindingData
from gongkai.units.audit import record
from gongkai.units.models import Role, User

from .models import (ACTIVE_STATUSES, CheckRun, Column, Finding, FindingEvent, FindingStatus, Probe, RunKind,
                     Site)

__all__ = [
    "ALERT_CATEGORIES",
    "SiteBusy",
    "WatchError",
    "build_config",
    "check_site",
    "ingest",
    "maintenance",
    "mark_fixed",
    "probe",
    "probe_sites",
    "register_site",
    "sweep_stale_runs",
    "update_site",
    "weekly_cleanup",
]

log = logging.getLogger("gongkai.watch")

ALERT_CATEGORIES = ("integrity", "tamper")
DUE_WORKDAYS = {HIGH: 1, MEDIUM: 3, LOW: 5}
STAFF_ROLES = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN)


class WatchError(Exception):
    """A rule refused the action; the message is shown to the user."""


# ---------------------------------------------------------------- sites

SITE_FIELDS = ("name", "homepage", "start_urls", "scope_hosts", "scope_prefixes", "allowed_domains", "max_pages",
               "max_depth", "concurrency", "requests_per_second", "external", "wording_rules", "is_active",
               "identities", "identity_mode", "identity_sample")


def _require_admin(user, unit) -> None:
    if not can_act(user, unit, (Role.UNIT_ADMIN,)):
        raise WatchError("只有本单位的单位管理员可以登记或修改守护网站")


def _save_columns(site: Site, columns) -> None:
    if columns is None:
        return
    site.columns.all().delete()
    for col in columns:
        Column.objects.create(site=site, name=col["name"], url=col["url"], klass=col.get("klass") or "notice",
                              max_age_days=col.get("max_age_days"))


def register_site(user, unit, data: dict, columns: list[dict] | None = None) -> Site:
    """Register a website of ``unit`` (unit admins of that unit only)."""
    _require_admin(user, unit)
    with transaction.atomic():
        site = Site.objects.create(unit=unit, **{k: v for k, v in data.items() if k in SITE_FIELDS})
        _save_columns(site, columns)
        record("watch.site.create", site, user=user, unit=unit, detail={"homepage": site.homepage})
    return site


def update_site(user, site: Site, data: dict, columns: list[dict] | None = None) -> Site:
    _require_admin(user, site.unit)
    with transaction.atomic():
        site = Site.objects.select_for_update().get(pk=site.pk)
        from .outbound import site_entries

        before = site_entries(site)
        changed = [k for k, v in data.items() if k in SITE_FIELDS and getattr(site, k) != v]
        for k in changed:
            setattr(site, k, data[k])
        site.save()
        _save_columns(site, columns)
        if site.internal and site_entries(site) != before:
            # the 系统管理员 allowed internal addresses for the old hosts, not for these
            site.internal = False
            site.save(update_fields=["internal"])
            changed.append("internal")
        record("watch.site.update", site, user=user, unit=site.unit, detail={"fields": changed})
    return site


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# siteimport: other sources of approved text (URL → text) for a site, e.g. pages imported from it
APPROVED_TEXT_SOURCES: list = []


def approved_texts(site: Site) -> dict[str, str]:
    """Text approved in gongkai for the pages of ``site`` that show catalog items.

    Items carry no URL of where they appear on an outside site, so only the portal's own
    ``/items/<pk>/`` pages on the site's host are matched (a site that *is* this platform's portal)."""
    from gongkai.catalog.models import Item, ItemStatus

    origins = {_origin(u) for u in site.start_url_list() + [site.homepage]}
    texts = {}
    items = Item.objects.filter(unit=site.unit, status=ItemStatus.PUBLISHED).only("pk", "body_text")
    for item in items.iterator():
        if item.body_text.strip():
            for origin in origins:
                texts[f"{origin}/items/{item.pk}/"] = item.body_text
    for source in APPROVED_TEXT_SOURCES:  # siteimport: the imported pages of the old site
        texts.update(source(site))
    return texts


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


# ---------------------------------------------------------------- running checks

def _in_thread(fn, *args, **kwargs):
    """Run ``fn`` in a fresh thread: the crawler runs its own asyncio loop, which must not meet
    a loop already running in the caller's thread (Huey worker, Playwright in tests)."""
    box: dict = {}

    def target():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the caller
            box["error"] = exc
        finally:
            from django.db import connection
            connection.close()

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


def _run_watch(config: SiteConfig, policy=None):
    from gongkai.watch.run import run_watch

    return _in_thread(run_watch, config, policy=policy)


def availability_findings(site: Site, now=None) -> list[FindingData]:
    """The rolling 7-day failed-probe ratio of the homepage (首页不连通率), as a finding over the lines."""
    now = now or timezone.now()
    ratio, total = probe_ratio(site, now)
    if total == 0:
        return []
    if ratio >= 0.05:
        severity, line = HIGH, "单项否决线5%"
    elif ratio >= 0.03:
        severity, line = MEDIUM, "预警线3%"
    else:
        return []
    return [FindingData(site.homepage, "availability", "failure_ratio", severity,
                        f"近7日首页探测{total}次，失败率{ratio:.1%}，超过{line}")]


def probe_ratio(site: Site, now=None) -> tuple[float, int]:
    now = now or timezone.now()
    probes = Probe.objects.filter(site=site, at__gte=now - dt.timedelta(days=7))
    total = probes.count()
    failed = probes.filter(ok=False).count()
    return (failed / total if total else 0.0), total


class SiteBusy(WatchError):
    """Another worker is checking this site right now."""


MAX_ATTEMPTS = 3


def stale_after() -> dt.timedelta:
    """How long an open run may go without a heartbeat before its worker counts as dead."""
    from django.conf import settings

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
        from django.db import connection

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


def may_request_check(user, site: Site) -> bool:
    """立即检查: the site's own staff, or a supervisor above it (checking changes no record of the
    unit's; it only looks, which is what supervising is)."""
    if can_act(user, site.unit, STAFF_ROLES):
        return True
    return (user.is_authenticated and user.role == Role.SUPERVISOR and user.unit_id is not None
            and site.unit.path.startswith(user.unit.path))


def check_site(site: Site, kind: str = RunKind.DAILY, *, user=None, today: dt.date | None = None,
               resume: tuple[int, int] | None = None) -> CheckRun | None:
    """Crawl the site with every check and keep the findings. A user-started check (立即检查) needs
    staff of the site's unit. Never twice at once for one site (``SiteBusy``); ``resume`` continues
    the run of a worker that died (None when another worker already took it over). The findings are
    kept in one transaction that also closes the run, so a re-run adds no duplicate."""
    if user is not None and not may_request_check(user, site):
        raise WatchError("您无权检查其他单位的网站")
    run = _claim(site, kind, user, resume)
    if run is None:
        return None
    kind = run.kind
    config = build_config(site, kind=kind, today=today)
    from .outbound import site_policy

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
        cleanup, outbound = _cleanup_report(site, config, result)
        report.update(cleanup)
        extra += outbound
    ingest(site, result, run, extra=extra, user=user)
    if report:
        CheckRun.objects.filter(pk=run.pk).update(report=report)
        run.report = report
    return run


ASSET_KEEP = 1024 * 1024       # characters of a script or stylesheet kept for the next check's diff
KNOWN_VERSIONS = 10


def asset_changes(site: Site, current: dict) -> list[FindingData]:
    """Same-site scripts and stylesheets that changed since the last check (findings), and the stored
    copies brought up to date. A file seen for the first time is the baseline."""
    from .models import SiteAsset

    now = timezone.now()
    stored = {a.url: a for a in SiteAsset.objects.filter(site=site, url__in=list(current))}
    previous = {u: {"sha256": a.sha256, "text": a.content, "known": a.known} for u, a in stored.items()}
    found = asset_rules.changes(previous, current)
    for url, asset in current.items():
        if not asset.sha256 or asset.status != 200:
            continue
        row = stored.get(url)
        if row is None:
            SiteAsset.objects.create(site=site, url=url[:1000], kind=asset.kind, sha256=asset.sha256, size=asset.size,
                                     content=asset.text[:ASSET_KEEP], first_seen=now, last_seen=now)
            continue
        row.last_seen = now
        if row.sha256 != asset.sha256:
            row.known = ([row.sha256] + [h for h in row.known if h != row.sha256])[:KNOWN_VERSIONS]
            row.sha256, row.size, row.content, row.changed_at = asset.sha256, asset.size, asset.text[:ASSET_KEEP], now
        row.save()
    return found


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


def _key(f: FindingData) -> str:
    return hashlib.sha256("\x1f".join(f.key()).encode()).hexdigest()


@dataclass
class IngestSummary:
    opened: list = field(default_factory=list)
    reopened: list = field(default_factory=list)
    verified: list = field(default_factory=list)
    touched: int = 0


def _transition(finding: Finding, to: str, *, user=None, run=None, note: str = "", now=None) -> None:
    now = now or timezone.now()
    FindingEvent.objects.create(finding=finding, at=now, actor=user, from_status=finding.status if finding.pk else "",
                                to_status=to, note=note, run=run)
    record(f"watch.finding.{to}", finding, user=user, unit=finding.site.unit,
           detail={"kind": finding.kind, "severity": finding.severity, "from": finding.status})
    finding.status = to


def _checked_urls(result) -> set[str] | None:
    urls = getattr(result, "checked_urls", None)
    if urls is None:
        urls = getattr(result, "urls", None)
    return set(urls) if urls is not None else None


def ingest(site: Site, result, run: CheckRun | None = None, *, extra: list[FindingData] = (), user=None,
           alert: bool = True) -> IngestSummary:
    """Keep what a check found: new findings open; findings seen again are touched; a finding the
    clerk marked fixed is verified when this check re-checked its page and did not see it, and is
    reopened when it is still there. New integrity/tamper findings alert at once."""
    now = timezone.now()
    found: dict[str, FindingData] = {}
    for f in list(result.findings) + list(extra):
        found.setdefault(_key(f), f)
    checked = _checked_urls(result)
    summary = IngestSummary()
    with transaction.atomic():
        existing = {f.key: f for f in Finding.objects.select_for_update().filter(site=site)}
        for key, data in found.items():
            finding = existing.get(key)
            if finding is None:
                finding = Finding(site=site, key=key, url=data.url[:1000], category=data.category, kind=data.kind,
                                  severity=data.severity, evidence=data.evidence, referrer=(data.referrer or "")[:1000],
                                  profile=data.profile, selector=(data.selector or "")[:500], extra=data.extra or {},
                                  first_seen=now, last_seen=now, status=FindingStatus.OPEN)
                finding.save()
                FindingEvent.objects.create(finding=finding, at=now, from_status="", to_status=FindingStatus.OPEN,
                                            note="检查发现", run=run)
                record("watch.finding.open", finding, user=user, unit=site.unit,
                       detail={"kind": data.kind, "severity": data.severity})
                summary.opened.append(finding)
                continue
            finding.last_seen = now
            finding.evidence, finding.severity = data.evidence, data.severity
            if finding.status in (FindingStatus.FIXED, FindingStatus.VERIFIED):
                note = "复核时问题仍然存在" if finding.status == FindingStatus.FIXED else "问题再次出现"
                finding.verified_at = None
                _transition(finding, FindingStatus.REOPENED, run=run, note=note, now=now)
                summary.reopened.append(finding)
            else:
                summary.touched += 1
            finding.save()
        for key, finding in existing.items():
            if key in found or finding.status != FindingStatus.FIXED:
                continue
            if checked is not None and finding.url not in checked and (finding.referrer or None) not in checked:
                continue  # this check did not look at the page again
            finding.verified_at = now
            _transition(finding, FindingStatus.VERIFIED, run=run, note="复核时未再发现该问题", now=now)
            finding.save()
            summary.verified.append(finding)
        if run is not None:
            counts = dict.fromkeys(CATEGORIES, 0)
            for data in found.values():
                counts[data.category] += 1
            run.pages = getattr(result, "pages_crawled", 0) or 0
            run.finished = timezone.now()
            run.counts = {"categories": counts, "opened": len(summary.opened), "reopened": len(summary.reopened),
                          "verified": len(summary.verified)}
            run.save()
            record("watch.check", run, user=user, unit=site.unit,
                   detail={"kind": run.kind, "pages": run.pages, **run.counts})
    if alert:
        from . import alerts

        for finding in summary.opened:
            if finding.category in ALERT_CATEGORIES:
                alerts.send_alert(finding)
    return summary


# ---------------------------------------------------------------- lifecycle

def _clerks(unit) -> list[User]:
    people = list(User.objects.filter(unit=unit, role=Role.CLERK, is_active=True).order_by("pk"))
    return people or list(User.objects.filter(unit=unit, role__in=(Role.UNIT_ADMIN, Role.REVIEWER),
                                              is_active=True).order_by("pk"))


def maintenance(site: Site, today: dt.date | None = None) -> dict[int, list[Finding]]:
    """三日一维护: every open (or reopened) finding is assigned to the unit's clerks in turn with a due
    date (high 1 working day, medium 3, low 5); each assignee gets one e-mail listing their work."""
    from gongkai.workdays.services import get_calendar

    today = today or timezone.localdate()
    calendar = get_calendar()
    clerks = _clerks(site.unit)
    if not clerks:
        return {}
    by_pk = {c.pk: c for c in clerks}
    turn = cycle(clerks)
    lists: dict[int, list[Finding]] = {}
    with transaction.atomic():
        todo = Finding.objects.select_for_update().filter(
            site=site, status__in=(FindingStatus.OPEN, FindingStatus.REOPENED)).order_by("first_seen", "pk")
        for finding in todo:
            assignee = by_pk.get(finding.assignee_id) if finding.status == FindingStatus.REOPENED else None
            assignee = assignee or next(turn)
            finding.assignee = assignee
            finding.due_on = calendar.add(today, DUE_WORKDAYS[finding.severity])
            _transition(finding, FindingStatus.ASSIGNED,
                        note=f"分派给{assignee.display_name}，{finding.due_on:%Y-%m-%d}前整改")
            finding.save()
            lists.setdefault(assignee.pk, []).append(finding)
        record("watch.maintenance", site, unit=site.unit,
               detail={"assigned": sum(len(v) for v in lists.values()), "people": len(lists)})
    for pk, findings in lists.items():
        person = by_pk[pk]
        if not person.email:
            continue
        lines = [f"{i}. 【{f.get_severity_display()}】{f.kind_label}：{f.url}（{f.due_on:%Y-%m-%d}前）"
                 for i, f in enumerate(findings, start=1)]
        send_mail(f"网站守护：{site.name}有{len(findings)}个问题请整改",
                  f"{person.display_name}：\n\n三日一维护，以下问题已分派给您，请按期整改并在工作台“网站守护”中标记已整改：\n\n"
                  + "\n".join(lines) + "\n\n整改后下一次检查将自动复核。", None, [person.email])
    return lists


def mark_fixed(user, finding: Finding, note: str) -> Finding:
    """The clerk says the problem is fixed (标记已整改); the next check verifies or reopens it."""
    if not can_act(user, finding.site.unit, STAFF_ROLES):
        raise WatchError("您无权处理其他单位的问题")
    note = (note or "").strip()
    if not note:
        raise WatchError("请填写整改说明")
    with transaction.atomic():
        finding = Finding.objects.select_for_update().select_related("site__unit").get(pk=finding.pk)
        if finding.status not in ACTIVE_STATUSES:
            raise WatchError(f"当前状态为“{finding.get_status_display()}”，不能标记已整改")
        finding.fixed_by, finding.fixed_at = user, timezone.now()
        _transition(finding, FindingStatus.FIXED, user=user, note=note[:2000])
        finding.save()
    return finding


# ---------------------------------------------------------------- probes and cleanup

def probe(site: Site, timeout: float = 15.0) -> Probe:
    """One availability probe of the homepage: failed when no answer, a 5xx, or 15 s or more.
    Through the outbound guard; redirects followed by hand, each hop checked."""
    import time

    from .outbound import FetchFailed, fetch, site_policy

    started = time.monotonic()
    status = None
    try:
        status = fetch(site.homepage, site_policy(site), headers={"User-Agent": "gongkai-watch/1.0"},
                       timeout=timeout, max_bytes=1024 * 1024).status
    except FetchFailed:
        pass
    elapsed = time.monotonic() - started
    ok = status is not None and status < 500 and elapsed < 15.0
    return Probe.objects.create(site=site, at=timezone.now(), elapsed=round(elapsed, 3), status=status, ok=ok)


def probe_sites(sites, timeout: float | None = None) -> list[Probe]:
    """Probe many homepages concurrently (gongkai.watch.probes), one Probe row each, same 15 s rule."""
    from django.conf import settings

    from gongkai.domain.watch import schedule

    from . import probes
    from .outbound import site_policy

    timeout = timeout or getattr(settings, "WATCH_PROBE_TIMEOUT", schedule.PROBE_TIMEOUT)
    sites = list(sites)
    targets = [probes.Target(s.pk, s.homepage, site_policy(s)) for s in sites]
    answers = _in_thread(probes.probe_all, targets, timeout=timeout)
    now = timezone.now()
    rows = [Probe(site=s, at=now, elapsed=answers[s.pk].elapsed, status=answers[s.pk].status,
                  ok=schedule.probe_ok(answers[s.pk].status, answers[s.pk].elapsed, min(timeout, 15.0)))
            for s in sites]
    return Probe.objects.bulk_create(rows)


def _cleanup_report(site: Site, config: SiteConfig, result) -> tuple[dict, list[FindingData]]:
    """一周一清理: outbound domains off the allow-list, 废止 items still online, orphaned attachments."""
    from gongkai.catalog.models import Attachment, Item, ItemStatus, Validity
    from gongkai.domain.watch.page import host_of

    site_hosts = config.scope_hosts or {host_of(u) for u in config.start_urls}
    allowed = {d.lower() for d in config.allowed_domains}
    domains = getattr(result, "outbound_domains", None) or {}
    if not isinstance(domains, dict):
        domains = dict.fromkeys(domains)
    findings = []
    for domain in sorted(domains):
        d = domain.lower()
        if d in site_hosts or any(d == a or d.endswith("." + a) for a in allowed):
            continue
        where = domains[domain]
        findings.append(FindingData(f"http://{d}/", "links", "outbound_domain", LOW,
                                    f"外部域名 {d} 不在允许链接名单中", referrer=where if isinstance(where, str) else None))
    checked = _checked_urls(result) or set()
    texts = approved_texts(site)
    origins = {_origin(u) for u in texts} or {_origin(site.homepage)}
    repealed = []
    for item in Item.objects.filter(unit=site.unit, validity=Validity.REPEALED).only("pk", "title"):
        for origin in origins:
            url = f"{origin}/items/{item.pk}/"
            if url in checked:
                repealed.append({"url": url, "title": item.title})
    orphans = [{"name": a.name, "item": a.item.title}
               for a in Attachment.objects.filter(item__unit=site.unit, item__status=ItemStatus.WITHDRAWN)
               .select_related("item")[:200]]
    report = {"outbound_domains": [f.url for f in findings], "repealed_online": repealed,
              "orphaned_attachments": orphans}
    return report, findings


def weekly_cleanup(site: Site, today: dt.date | None = None) -> CheckRun:
    return check_site(site, RunKind.WEEKLY, today=today)


# ---------------------------------------------------------------- dashboards

def median_days_to_fix(findings) -> float | None:
    spans = [(f.fixed_at - f.first_seen).total_seconds() / 86400 for f in findings if f.fixed_at]
    return round(statistics.median(spans), 1) if spans else None


def open_trend(site_findings, today: dt.date, days: int = 30) -> list[tuple[dt.date, int]]:
    """Open findings at the end of each of the last ``days`` days."""
    tz = timezone.get_current_timezone()
    spans = [(f.first_seen.astimezone(tz).date(), f.verified_at.astimezone(tz).date() if f.verified_at else None)
             for f in site_findings]
    out = []
    for i in range(days - 1, -1, -1):
        day = today - dt.timedelta(days=i)
        out.append((day, sum(1 for start, end in spans if start <= day and (end is None or end > day))))
    return out


def veto_lines(site: Site, open_findings: list[Finding]) -> list[dict]:
    """Status against each 单项否决 line and its early-warning line (spec watch.md §0, §1.6)."""
    rows = []
    ratio, total = probe_ratio(site)
    state = "veto" if total and ratio >= 0.05 else "warning" if total and ratio >= 0.03 else "ok"
    rows.append({"line": "站点无法访问（首页不连通率）", "count": f"{ratio:.1%}（{total}次）", "limit": "预警3%，否决5%",
                 "state": state})
    from gongkai.domain.watch import freshness

    data = [FindingData(f.url, f.category, f.kind, f.severity, f.evidence, extra=f.extra or {})
            for f in open_findings if f.category == "freshness"]
    columns = [ColumnSpec(c.name, c.url, c.klass, c.max_age_days) for c in site.columns.all()]
    for row in freshness.summary(data, columns)["lines"]:
        unit = "天" if row["line"] == "homepage_stale" else "个"
        rows.append({"line": row["label"], "count": f"{row['count']}{unit}",
                     "limit": f"预警{row['warning']}{unit}，否决{row['limit']}{unit}", "state": row["state"]})
    serious = [f for f in open_findings if f.category in ("integrity", "tamper", "wording")]
    rows.append({"line": "安全、严重表述错误等严重问题", "count": len(serious), "limit": "发现即整改",
                 "state": "veto" if serious else "ok"})
    return rows
