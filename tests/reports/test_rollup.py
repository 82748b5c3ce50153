"""A supervisor's roll-up of its units' tables, the publication board, and January reminders."""
import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.reports import reminders, rollup, services
from gongkai.reports.models import AnnualReport, ReportDeadline

from .factories import application

TOTAL = 6


@pytest.fixture(autouse=True)
def _today(monkeypatch, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 2, 10))


@pytest.fixture
def county_year(county, street, town, street_clerk, street_reviewer, street_admin):
    for _ in range(2):
        application(street, dt.date(2025, 4, 1), dt.date(2025, 4, 9))
    application(town, dt.date(2025, 6, 1), dt.date(2025, 6, 2), "not_processed.2")
    application(town, dt.date(2025, 12, 30))                       # still open: carried out
    report = services.build(street_clerk, street, year=2025)
    services.submit(street_clerk, report)
    services.publish(street_reviewer, report)
    AnnualReport.objects.filter(pk=report.pk).update(published_at=dt.datetime(2026, 1, 20, 9, tzinfo=dt.UTC))
    return report


def test_rollup_sums_every_reporting_unit(county, street, town, village, county_year):
    result = rollup.rollup(county, 2025)
    assert [row.unit for row in result.rows] == [county, street, town]     # villages do not report
    apps = result.tables["applications"]
    assert apps["new"][TOTAL] == 4 and apps["granted"][TOTAL] == 2 and apps["not_processed.2"][TOTAL] == 1
    assert apps["carried_out"][TOTAL] == 1
    sources = {row.unit.code: row.source for row in result.rows}
    assert sources == {"T1000": "records", "T1100": "published", "T1200": "records"}


def test_published_tables_are_frozen_in_the_rollup(county, street, county_year):
    application(street, dt.date(2025, 7, 1), dt.date(2025, 7, 2))   # registered after publication
    assert rollup.rollup(county, 2025).tables["applications"]["new"][TOTAL] == 4
    assert rollup.rollup(street, 2025).tables["applications"]["new"][TOTAL] == 2


def test_board_flags_late_and_failing_units(county, street, town, county_year):
    AnnualReport.objects.create(unit=town, year=2025, title="河口镇", tables={
        "applications": {"new": [1, 0, 0, 0, 0, 0, 5]}, "disputes": [0] * 15, "proactive": {}})
    result = rollup.rollup(county, 2025)
    by_code = {row.unit.code: row for row in result.rows}
    assert by_code["T1200"].source == "draft"
    assert by_code["T1200"].late and not by_code["T1100"].late      # town missed 31 January
    assert not by_code["T1000"].late                                # the county has until 31 March
    assert [row.unit.code for row in result.unpublished] == ["T1000", "T1200"]
    assert [row.unit.code for row in result.failing] == ["T1200"]          # its 总计 is not the row's sum


def test_deadline_per_unit_kind_is_configurable(county, town, county_year):
    ReportDeadline.objects.create(unit_kind="township", month=2, day=28)
    row = {r.unit.code: r for r in rollup.rollup(county, 2025).rows}["T1200"]
    assert row.deadline == dt.date(2026, 2, 28) and not row.late


def test_january_reminders_go_to_units_missing_and_their_supervisor(county, street, town, county_year,
                                                                    make_user, supervisor):
    make_user(town, email="clerk@town.example")
    supervisor.email = "sup@county.example"
    supervisor.save()
    reminders.send_report_reminders(dt.date(2026, 1, 15))
    to = {tuple(m.to): m for m in mail.outbox}
    assert ("clerk@town.example",) in to and "河口镇人民政府2025年" in to[("clerk@town.example",)].subject
    assert "河口镇人民政府" in to[("sup@county.example",)].body
    assert "城关街道办事处" not in to[("sup@county.example",)].body   # published
