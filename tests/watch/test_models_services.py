"""The watchdog's findings lifecycle: a check opens findings, maintenance assigns them to the
unit's clerks with due dates, a clerk marks one fixed, and the next check verifies or reopens it;
integrity/tamper findings alert at once. Checks are fed finding lists directly (no crawl)."""
import datetime as dt
import logging

import pytest
from django.core import mail
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from gongkai.domain.watch.findings import Finding as F
from gongkai.security.log_filter import MaskPersonalData
from gongkai.units.models import AuditEntry, Role
from gongkai.watch import availability, checks, errors, lifecycle, registration, selectors
from gongkai.watch.models import CheckRun, Finding, FindingStatus, Probe, RunKind, Site
from gongkai.watch.run import WatchResult

HOME = "http://127.0.0.1:9/"
BROKEN = F("http://127.0.0.1:9/about/leaders.html", "links", "broken_internal", "medium", "404 领导信息",
           referrer="http://127.0.0.1:9/about.html")
HIDDEN = F(HOME, "integrity", "hidden_link", "high", "隐藏链接：澳门新葡京娱乐城 → www.amjs-bet365.top",
           selector="div:nth-of-type(4) > a")
STALE = F("http://127.0.0.1:9/news/", "freshness", "column_stale", "medium", "最新信息2026-09-01，超过14天",
          extra={"column_class": "news"})


@pytest.fixture(autouse=True)
def _no_screenshots(settings):
    settings.WATCH_SCREENSHOTS = False


@pytest.fixture
def site(street, street_admin):
    return registration.register_site(street_admin, street, {"name": "街道门户", "homepage": HOME, "external": "skip"},
                                  [{"name": "动态要闻", "url": "http://127.0.0.1:9/news/", "klass": "news"}])


def result(*findings):
    now = timezone.now()
    return WatchResult(site=HOME, pages_crawled=12, started=now, finished=now, findings=list(findings))


def check(site, *findings, kind=RunKind.DAILY):
    run = CheckRun.objects.create(site=site, kind=kind, started=timezone.now())
    return lifecycle.ingest(site, result(*findings), run)


def test_only_the_units_admin_registers_a_site(street, town, street_admin, street_clerk, make_user):
    town_admin = make_user(town, Role.UNIT_ADMIN)
    with pytest.raises(errors.WatchError):
        registration.register_site(street_clerk, street, {"name": "x", "homepage": HOME})
    with pytest.raises(errors.WatchError):
        registration.register_site(town_admin, street, {"name": "x", "homepage": HOME})
    site = registration.register_site(street_admin, street, {"name": "街道门户", "homepage": HOME})
    assert site.unit == street
    assert AuditEntry.objects.filter(action="watch.site.create", target_id=str(site.pk)).exists()


def test_config_carries_columns_wording_and_limits(site, street_admin):
    registration.update_site(street_admin, site, {"wording_rules": "中华人民共合国=中华人民共和国", "max_pages": 50,
                                              "allowed_domains": "www.gov.cn"})
    config = checks.build_config(Site.objects.get(pk=site.pk), kind=RunKind.WEEKLY, today=dt.date(2026, 11, 26))
    assert config.start_urls == [HOME] and config.max_pages == 50 and config.external == "skip"
    assert [(c.name, c.klass, c.max_age) for c in config.columns] == [("动态要闻", "news", 14)]
    assert [(w.wrong, w.right) for w in config.wording] == [("中华人民共合国", "中华人民共和国")]
    assert config.allowed_domains == {"www.gov.cn"} and config.fetch_attachments and config.today == "2026-11-26"


def test_findings_are_kept_across_checks_and_new_integrity_ones_alert_once(site, street_admin, supervisor, town,
                                                                            make_user):
    make_user(town, Role.UNIT_ADMIN, email="town@example.invalid")
    street_admin.email = "admin@example.invalid"
    street_admin.save()
    supervisor.email = "sup@example.invalid"
    supervisor.save()
    first = check(site, BROKEN, HIDDEN, STALE)
    assert len(first.opened) == 3
    assert Finding.objects.filter(site=site, status=FindingStatus.OPEN).count() == 3
    assert len(mail.outbox) == 1  # only the hidden link alerts, to the street admin and the county supervisor
    alert = mail.outbox[0]
    assert sorted(alert.to) == ["admin@example.invalid", "sup@example.invalid"]
    assert HOME in alert.body and "澳门新葡京娱乐城" in alert.body and "未附截图" in alert.body

    second = check(site, BROKEN, HIDDEN, STALE)
    assert not second.opened and second.touched == 3
    assert len(mail.outbox) == 1
    assert Finding.objects.filter(site=site).count() == 3
    assert CheckRun.objects.filter(site=site).first().counts["categories"]["links"] == 1


def test_maintenance_assigns_round_robin_with_due_dates_and_one_mail_each(site, street, make_user, town_clerk):
    a = make_user(street, Role.CLERK, "clerk_a", email="a@example.invalid")
    b = make_user(street, Role.CLERK, "clerk_b", email="b@example.invalid")
    check(site, BROKEN, HIDDEN, STALE)
    mail.outbox.clear()
    today = dt.date(2026, 11, 26)  # Thursday
    lists = lifecycle.maintenance(site, today)
    assert {len(v) for v in lists.values()} == {1, 2} and set(lists) == {a.pk, b.pk}
    hidden = Finding.objects.get(kind="hidden_link")
    broken = Finding.objects.get(kind="broken_internal")
    assert hidden.status == FindingStatus.ASSIGNED
    assert hidden.due_on == dt.date(2026, 11, 27)           # high: 1 working day
    assert broken.due_on == dt.date(2026, 12, 1)            # medium: 3 working days (over the weekend)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.invalid", "b@example.invalid"]
    assert all("整改" in m.body for m in mail.outbox)
    assert not Finding.objects.filter(assignee=town_clerk).exists()


def test_fixed_is_verified_when_gone_and_reopened_when_still_there(site, street_clerk, town_clerk):
    check(site, BROKEN, HIDDEN)
    lifecycle.maintenance(site, dt.date(2026, 11, 26))
    broken = Finding.objects.get(kind="broken_internal")
    hidden = Finding.objects.get(kind="hidden_link")
    with pytest.raises(errors.WatchError, match="整改说明"):
        lifecycle.mark_fixed(street_clerk, broken, "  ")
    with pytest.raises(errors.WatchError):
        lifecycle.mark_fixed(town_clerk, broken, "已修复")
    lifecycle.mark_fixed(street_clerk, broken, "已补上领导信息页面")
    lifecycle.mark_fixed(street_clerk, hidden, "已删除")
    with pytest.raises(errors.WatchError, match="不能标记已整改"):
        lifecycle.mark_fixed(street_clerk, broken, "再次")

    summary = check(site, HIDDEN)  # the broken link is gone, the hidden link is still there
    broken.refresh_from_db()
    hidden.refresh_from_db()
    assert broken.status == FindingStatus.VERIFIED and broken.verified_at
    assert hidden.status == FindingStatus.REOPENED and summary.reopened == [hidden]
    assert [e.to_status for e in hidden.events.all()] == ["open", "assigned", "fixed", "reopened"]
    assert hidden.events.get(to_status="fixed").actor == street_clerk
    assert AuditEntry.objects.filter(action="watch.finding.reopened", target_id=str(hidden.pk)).exists()
    # the reopened one goes back to the same clerk at the next maintenance
    lifecycle.maintenance(site, dt.date(2026, 11, 30))
    hidden.refresh_from_db()
    assert hidden.status == FindingStatus.ASSIGNED and hidden.assignee == street_clerk
    # a verified problem that comes back is reopened, not duplicated
    check(site, BROKEN)
    broken.refresh_from_db()
    assert broken.status == FindingStatus.REOPENED and Finding.objects.filter(kind="broken_internal").count() == 1


def test_failed_probes_over_the_line_become_an_availability_finding(site):
    now = timezone.now()
    Probe.objects.bulk_create([Probe(site=site, at=now - dt.timedelta(hours=i), elapsed=0.2, status=200, ok=bool(i % 10))
                               for i in range(100)])  # 10 of 100 failed: over the 5% veto line
    [finding] = availability.availability_findings(site)
    assert finding.kind == "failure_ratio" and finding.severity == "high" and "10.0%" in finding.evidence
    rows = selectors.veto_lines(site, [])
    assert rows[0]["state"] == "veto"
    assert {r["state"] for r in rows[1:]} == {"ok"}


def test_periodic_tasks_run_the_services(site, monkeypatch, street_clerk):
    from gongkai.watch import tasks

    monkeypatch.setattr(checks, "_run_watch", lambda config, **kw: result(BROKEN))
    HUEY.immediate = True
    try:
        tasks.daily_check()
        assert Finding.objects.get(site=site).status == FindingStatus.OPEN
        tasks.maintenance()
        assert Finding.objects.get(site=site).assignee == street_clerk
        assert list(CheckRun.objects.filter(site=site).values_list("kind", flat=True)) == ["maintenance", "daily"]
    finally:
        HUEY.immediate = False


def test_a_crawl_that_fails_is_recorded_and_changes_nothing(site, monkeypatch):
    check(site, BROKEN)

    def boom(config, **kw):
        raise OSError("connection refused")

    monkeypatch.setattr(checks, "_run_watch", boom)
    run = checks.check_site(site, RunKind.DAILY)
    assert "connection refused" in run.error and run.finished
    assert Finding.objects.get(site=site).status == FindingStatus.OPEN


def test_a_crawl_that_fails_is_logged_with_the_site_and_the_reason(site, monkeypatch, caplog):
    def boom(config, **kw):
        raise OSError("connection refused, call 13812345678")

    monkeypatch.setattr(checks, "_run_watch", boom)
    with caplog.at_level(logging.WARNING, logger="gongkai.watch"):
        run = checks.check_site(site, RunKind.DAILY)
    [line] = [r for r in caplog.records if r.name == "gongkai.watch" and r.levelno >= logging.WARNING]
    text = line.getMessage()
    assert site.name in text and site.homepage in text and "connection refused" in text and str(run.pk) in text
    # written through the masking filter of the root's handler, like every other line
    masking = [f for h in logging.getLogger().handlers for f in h.filters if isinstance(f, MaskPersonalData)]
    assert masking and logging.getLogger("gongkai.watch").propagate and logging.getLogger("gongkai").propagate
    masking[0].filter(line)
    assert "13812345678" not in line.getMessage() and "connection refused" in line.getMessage()


def test_weekly_cleanup_lists_outbound_domains_repealed_items_and_orphans(site, monkeypatch):
    res = result()
    res.outbound_domains = {"www.gov.cn": HOME, "www.amjs-bet365.top": HOME, "127.0.0.1": HOME}
    monkeypatch.setattr(checks, "_run_watch", lambda config, **kw: res)
    Site.objects.filter(pk=site.pk).update(allowed_domains="gov.cn")
    run = checks.weekly_cleanup(Site.objects.get(pk=site.pk))
    assert run.report["outbound_domains"] == ["http://www.amjs-bet365.top/"]
    assert Finding.objects.get(site=site, kind="outbound_domain").severity == "low"
