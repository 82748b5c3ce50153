"""Retention: applicants' personal data anonymised after the period, never while a 复议/诉讼 is open
(个人信息保护法第十九条、第四十七条; security.md §3.11 a). Explicit dates throughout."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.applications.handling import pii
from gongkai.applications import tasks
from gongkai.applications.models import Application, Status
from gongkai.cli import main
from gongkai.disputes.models import Dispute, Kind, Outcome
from gongkai.domain import retention
from gongkai.units.models import AuditEntry

from .pii_world import ID_NUMBER, PHONE, raw_row, register


# -- the rule --------------------------------------------------------------------------------

def test_due_three_years_after_the_last_closing():
    state = retention.CaseState(dt.date(2023, 3, 1), (dt.date(2023, 9, 30),))
    assert retention.purge_due_on(state) == dt.date(2026, 9, 30)
    assert not retention.is_due(state, dt.date(2026, 9, 29)) and retention.is_due(state, dt.date(2026, 9, 30))
    assert retention.purge_due_on(retention.CaseState(dt.date(2024, 2, 29)), 1) == dt.date(2025, 2, 28)
    assert retention.purge_due_on(retention.CaseState(dt.date(2023, 3, 1)), 0) == dt.date(2023, 3, 1)


def test_never_while_the_case_or_a_dispute_is_open():
    assert retention.purge_due_on(retention.CaseState(None)) is None
    open_dispute = retention.CaseState(dt.date(2015, 1, 1), (dt.date(2016, 1, 1), None))
    assert retention.purge_due_on(open_dispute) is None and not retention.is_due(open_dispute, dt.date(2040, 1, 1))
    with pytest.raises(ValueError):
        retention.purge_due_on(retention.CaseState(dt.date(2015, 1, 1)), -1)


# -- the purge -------------------------------------------------------------------------------

@pytest.fixture
def world(street_clerk, monkeypatch, street):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 10, 9))

    def answered(on: dt.date, **over):
        app = register(street_clerk, **over)
        Application.objects.filter(pk=app.pk).update(status=Status.ANSWERED, answered_on=on)
        return Application.objects.get(pk=app.pk)

    def dispute(app, filed: dt.date, closed: dt.date | None):
        return Dispute.objects.create(application=app, unit=street, kind=Kind.RECONSIDERATION, filed_on=filed,
                                      body="示范县人民政府", outcome=Outcome.UPHELD if closed else Outcome.PENDING,
                                      closed_on=closed)

    old = answered(dt.date(2023, 1, 10))
    reviewed = answered(dt.date(2023, 1, 10))
    dispute(reviewed, dt.date(2023, 2, 1), dt.date(2023, 11, 20))
    in_court = answered(dt.date(2020, 5, 6))
    dispute(in_court, dt.date(2020, 6, 1), dt.date(2020, 9, 1))
    dispute(in_court, dt.date(2020, 10, 1), None)  # 诉讼 still open
    recent = answered(dt.date(2025, 6, 1))
    still_open = register(street_clerk)
    return {"old": old, "reviewed": reviewed, "in_court": in_court, "recent": recent, "open": still_open}


@pytest.mark.django_db
def test_dry_run_lists_and_changes_nothing(world):
    assert pii.purge(dt.date(2026, 1, 10), dry_run=True) == [world["old"].number]
    assert Application.objects.get(pk=world["old"].pk).id_number == ID_NUMBER
    assert not AuditEntry.objects.filter(action="pii.purge").exists()


@pytest.mark.django_db
def test_purge_anonymises_what_is_due_and_is_audited_once(world):
    assert pii.purge(dt.date(2026, 1, 9)) == []  # one day early
    numbers = pii.purge(dt.date(2026, 11, 20))
    assert numbers == [world["old"].number, world["reviewed"].number]
    for key in ("old", "reviewed"):
        app = Application.objects.get(pk=world[key].pk)
        assert (app.name, app.id_number, app.phone, app.address, app.email) == (pii.ANONYMOUS_NAME, "", "", "", "")
        assert app.pii_anonymised_on == dt.date(2026, 11, 20) and app.id_number_index == app.phone_index == ""
        assert "王小明" not in raw_row(app) and app.number in raw_row(app)  # the case itself stays
    for key in ("in_court", "recent", "open"):
        assert Application.objects.get(pk=world[key].pk).phone == PHONE
    event = AuditEntry.objects.get(action="pii.purge")
    assert event.detail["count"] == 2 and event.detail["retention_years"] == 3
    assert pii.purge(dt.date(2026, 11, 20)) == [] and AuditEntry.objects.filter(action="pii.purge").count() == 1
    found = set(pii.by_phone(Application.objects.all(), PHONE).values_list("pk", flat=True))
    assert found == {world[k].pk for k in ("in_court", "recent", "open")}  # the anonymised ones are not found


@pytest.mark.django_db
def test_the_period_is_configurable(world, settings):
    settings.GONGKAI_PII_RETENTION_YEARS = 1
    assert set(pii.purge(dt.date(2026, 6, 1), dry_run=True)) == {world["old"].number, world["reviewed"].number,
                                                                  world["recent"].number}


@pytest.mark.django_db
def test_anonymised_applications_cannot_be_revealed(world, street_reviewer):
    pii.purge(dt.date(2026, 11, 20))
    assert not pii.may_reveal(street_reviewer, Application.objects.get(pk=world["old"].pk))
    assert pii.may_reveal(street_reviewer, Application.objects.get(pk=world["recent"].pk))


@pytest.mark.django_db
def test_cli_dry_run_then_purge(world, capsys):
    assert main(["pii", "purge", "--dry-run", "--today", "2026-01-10"]) == 0
    out = capsys.readouterr().out
    assert "1 applications due for anonymisation (retention 3 years); dry run" in out and world["old"].number in out
    assert Application.objects.get(pk=world["old"].pk).pii_anonymised_on is None
    assert main(["pii", "purge", "--today", "2026-01-10"]) == 0
    assert "1 applications anonymised" in capsys.readouterr().out
    assert Application.objects.get(pk=world["old"].pk).pii_anonymised_on == dt.date(2026, 1, 10)
    assert main(["pii", "purge", "--today", "10/01/2026"]) == 2
    assert "--today must be YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_daily_task_purges_by_todays_date(world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 11, 20))
    assert tasks.daily_pii_purge.call_local() == 2
    assert tasks.daily_pii_purge.call_local() == 0  # a retried run finds nothing left
