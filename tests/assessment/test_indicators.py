"""Each indicator measured from records built here (run on SQLite and, with DATABASE_URL, PostgreSQL)."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.assessment import scoring
from gongkai.reports.models import AnnualReport, ReportStatus
from gongkai.watch.models import Finding

D = dt.date
YEAR = 2026


def ids(unit):
    return scoring.measured_unit_ids(unit)


def test_proactive_items_published_within_their_limit(street, town, village, item, today):
    on_time = item(street, D(2026, 3, 10), D(2026, 3, 9))
    late = item(street, D(2026, 5, 6), D(2026, 5, 20), title="关于老旧小区改造的通知")
    never = item(street, D(2026, 8, 3), None, title="街道2026年预算")
    item(street, D(2026, 12, 15), None)             # not yet due: not counted
    item(street, D(2025, 12, 1), D(2025, 11, 28))   # last year's
    item(town, D(2026, 4, 1), D(2026, 5, 1))        # another unit's
    m = scoring.proactive_timely(ids(street), YEAR, today)
    assert m.value == pytest.approx(100 / 3, abs=0.01)
    assert m.summary == "应按时发布3条，按时1条"
    assert [e["url"] for e in m.evidence] == [f"/work/items/{late.pk}/", f"/work/items/{never.pk}/"]
    assert "2026-05-20才发布" in m.evidence[0]["label"] and "至今未发布" in m.evidence[1]["label"]
    assert on_time.pk not in [e["url"] for e in m.evidence]
    # a village's items count for the township above it, which reports for it
    item(village, D(2026, 6, 1), D(2026, 6, 30))
    town_m = scoring.proactive_timely(ids(town), YEAR, today)
    assert town_m.value == 0 and len(town_m.evidence) == 2


def test_applications_answered_within_the_due_date(street, application, today):
    application(street, D(2026, 2, 10), D(2026, 2, 10))
    late = application(street, D(2026, 6, 1), D(2026, 6, 4))
    open_late = application(street, D(2026, 10, 9))
    application(street, D(2026, 12, 1))              # still within its time
    m = scoring.applications_timely(ids(street), YEAR, today)
    assert m.value == pytest.approx(33.33, abs=0.01)
    assert [e["url"] for e in m.evidence] == [f"/work/applications/{late.pk}/", f"/work/applications/{open_late.pk}/"]
    assert "逾期3天" in m.evidence[0]["label"] and "至今未答复" in m.evidence[1]["label"]


def test_nothing_due_is_full_marks(street, today):
    assert scoring.applications_timely(ids(street), YEAR, today).value == 100


def test_disputes_counted_when_corrected(street, dispute, today):
    dispute(street, "upheld", D(2026, 6, 1))
    corrected = dispute(street, "corrected", D(2026, 7, 1), case_number="示复〔2026〕3号")
    dispute(street, "pending", None)
    dispute(street, "corrected", D(2025, 7, 1))     # closed last year
    m = scoring.disputes_corrected(ids(street), YEAR, today)
    assert m.value == 1
    assert m.summary == "当年审结2件，被纠正1件"
    assert m.evidence == [{"label": "行政复议（示复〔2026〕3号）结果被纠正", "url": f"/work/disputes/{corrected.pk}/",
                           "ok": False}]


def _report(unit, status, published: D | None, findings=()):
    at = timezone.make_aware(dt.datetime.combine(published, dt.time(9))) if published else None
    return AnnualReport.objects.create(unit=unit, year=YEAR - 1, title="年报", status=status, published_at=at,
                                       findings=list(findings))


def test_annual_report_on_time_and_valid(street, town, county, today):
    town_report = _report(town, ReportStatus.PUBLISHED, D(2026, 1, 20))
    ok = scoring.annual_report(ids(town), YEAR, today)
    assert ok.value == 0 and ok.evidence[0]["ok"] and ok.evidence[0]["url"] == f"/work/reports/{town_report.pk}/"
    missing = scoring.annual_report(ids(street), YEAR, today)
    assert missing.value == 1 and "2026-01-31前发布，至今未发布" in missing.evidence[0]["label"]
    bad = _report(street, ReportStatus.PUBLISHED, D(2026, 2, 10),
                  findings=[{"severity": "error", "rule": "table3.total", "message": "总计不等于各项之和"},
                            {"severity": "warning", "rule": "carry", "message": "结转"}])
    m = scoring.annual_report(ids(street), YEAR, today)
    assert m.value == 2
    assert "2026-02-10才发布" in m.evidence[0]["label"]
    assert "1项校验错误" in m.evidence[1]["label"] and m.evidence[1]["url"] == f"/work/reports/{bad.pk}/"


def test_annual_report_not_yet_due_loses_nothing(street):
    assert scoring.annual_report(ids(street), YEAR, D(2026, 1, 15)).value == 0


def test_findings_fixed_within_their_due_dates(street, finding, today):
    finding(street, D(2026, 5, 10), "verified", D(2026, 5, 8))
    late = finding(street, D(2026, 6, 10), "fixed", D(2026, 6, 15))
    unfixed = finding(street, D(2026, 7, 10), "reopened", D(2026, 7, 1))   # fixed, then failed its check
    finding(street, D(2026, 12, 10))                                      # not yet due
    m = scoring.findings_fixed(ids(street), YEAR, today)
    assert m.value == pytest.approx(33.33, abs=0.01)
    assert [e["url"] for e in m.evidence] == [f"/work/watch/findings/{late.pk}/", f"/work/watch/findings/{unfixed.pk}/"]
    assert "尚未整改" in m.evidence[1]["label"]


def test_veto_lines_from_the_watchdog_dashboard(street, town, finding, today):
    finding(street, D(2026, 12, 1), category="integrity", kind="hidden_link")
    m = scoring.veto_lines(ids(street), YEAR, today)
    assert m.value == 1 and "安全、严重表述错误等严重问题" in m.evidence[0]["label"]
    assert m.evidence[0]["url"].startswith("/work/watch/sites/")
    assert scoring.veto_lines(ids(town), YEAR, today).value == 0   # no site, nothing crossed
    # a past year: the findings open at its end (this one was found this year)
    assert scoring.veto_lines(ids(street), YEAR - 1, today).value == 0
    old = finding(street, D(2025, 12, 1), category="tamper", kind="body_changed")
    Finding.objects.filter(pk=old.pk).update(first_seen=timezone.make_aware(dt.datetime(2025, 11, 30, 9)),
                                             status="verified",
                                             verified_at=timezone.make_aware(dt.datetime(2026, 1, 5, 9)))
    past = scoring.veto_lines(ids(street), YEAR - 1, today)
    assert past.value == 1 and past.summary == "1个网站2025年末触及否决线1条"


def test_missing_sibling_modules_give_no_data(street, monkeypatch, today):
    monkeypatch.setattr(scoring, "_metric", lambda module, name: None)
    for fn in (scoring.signoff_rate, scoring.tasks_on_time, scoring.training_held):
        m = fn(ids(street), YEAR, today)
        assert m.value is None and "模块未安装" in m.evidence[0]["label"]


def test_sibling_metrics_are_converted(street, monkeypatch, today):
    calls = {}

    def signoff(unit_ids, year, day):
        calls["signoff"] = (unit_ids, year, day)
        return 0.9, [{"label": "2026-03-02 未签收", "url": "/work/duties/x/", "ok": False}]

    fakes = {"signoff_rate": signoff,
             "tasks_on_time": lambda u, y, d: (3, 4, [{"label": "任务逾期", "url": "/work/workplan/1/", "ok": False}]),
             "training_held": lambda u, y: (1, [{"label": "学习《条例》", "url": "", "ok": True}])}
    monkeypatch.setattr(scoring, "_metric", lambda module, name: fakes[name])
    assert scoring.signoff_rate(ids(street), YEAR, today).value == 90
    assert calls["signoff"] == ([street.pk], YEAR, today)
    fakes["signoff_rate"] = lambda u, y, d: (None, [])   # no site registered: nothing required
    assert scoring.signoff_rate(ids(street), YEAR, today).value == 100
    assert scoring.tasks_on_time(ids(street), YEAR, today).value == 75
    assert scoring.training_held(ids(street), YEAR, today).value == 1


def test_a_failing_sibling_metric_does_not_take_the_page_down(street, monkeypatch, today):
    def broken(*a):
        raise RuntimeError("boom")
    monkeypatch.setattr(scoring, "_metric", lambda module, name: broken)
    assert scoring.measure("training_held", ids(street), YEAR, today).value is None


def test_scorecard_with_whatever_sibling_apps_are_installed(supervisor, county, street, today):
    """With or without the duties/workplan apps, every indicator gives a value or 无数据, never an error."""
    from gongkai.assessment import services

    scheme = services.create_scheme(supervisor, county, year=YEAR)
    card = scoring.scorecard(scheme, street, today)
    assert [s.indicator["code"] for s in card.scores] == [i["code"] for i in scheme.indicators]
    assert all(s.measurement.value is None or s.measurement.value >= 0 for s in card.scores)
    assert 0 <= card.total <= 100
