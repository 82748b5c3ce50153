"""Assessment tests: records written straight to the database (the scoring is under test, not intake)."""
import datetime as dt
import itertools

import pytest
from django.utils import timezone

from gongkai.applications.models import Application, Channel, Status
from gongkai.catalog.models import Item, ItemStatus
from gongkai.disputes.models import Dispute
from gongkai.watch.models import Finding, Site

TODAY = dt.date(2026, 11, 20)
_serial = itertools.count(1)


@pytest.fixture
def today(monkeypatch):
    """The platform's 'today' frozen at 20 November 2026."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY if not a else a[0].date())
    return TODAY


@pytest.fixture
def item(make_user):
    def make(unit, due: dt.date, published: dt.date | None = None, title: str | None = None) -> Item:
        n = next(_serial)
        author = make_user(unit)
        return Item.objects.create(
            unit=unit, index_no=f"{unit.code}/2026-T{n:05d}", title=title or f"测试信息{n}", publisher=unit.name,
            written_date=due - dt.timedelta(days=28), published_date=published, publish_due=due,
            status=ItemStatus.PUBLISHED if published else ItemStatus.APPROVED, created_by=author)
    return make


@pytest.fixture
def application():
    def make(unit, due: dt.date, answered: dt.date | None = None) -> Application:
        n = next(_serial)
        return Application.objects.create(
            unit=unit, number=f"{unit.code}-A-{n:05d}", query_code_hash="x", submission_key=f"k{n}",
            channel=Channel.COUNTER, received_on=due - dt.timedelta(days=28), applicant_type="natural_person",
            name="王小明", id_number="11010519491231002X", phone="13812345678", description="某文件",
            info_form="paper", delivery="pickup", due_on=due,
            status=Status.ANSWERED if answered else Status.IN_PROGRESS,
            decision_type="granted" if answered else "", answered_on=answered)
    return make


@pytest.fixture
def dispute(application):
    def make(unit, outcome: str, closed: dt.date | None, case_number: str = "") -> Dispute:
        app = application(unit, dt.date(2026, 3, 2), dt.date(2026, 3, 1))
        return Dispute.objects.create(application=app, unit=unit, kind="reconsideration", filed_on=dt.date(2026, 4, 1),
                                      body="示范县人民政府", outcome=outcome, closed_on=closed, case_number=case_number)
    return make


@pytest.fixture
def finding():
    def make(unit, due: dt.date, status: str = "open", fixed: dt.date | None = None, category="links",
             kind="broken_link") -> Finding:
        site = Site.objects.filter(unit=unit).first() or Site.objects.create(
            unit=unit, name=f"{unit.name}网站", homepage=f"http://127.0.0.1:9/{unit.code}/")
        n = next(_serial)
        now = timezone.now()
        fixed_at = timezone.make_aware(dt.datetime.combine(fixed, dt.time(10))) if fixed else None
        return Finding.objects.create(site=site, key=f"k{n}", url=f"http://127.0.0.1:9/{unit.code}/p{n}.html",
                                      category=category, kind=kind, severity="medium", first_seen=now, last_seen=now,
                                      status=status, due_on=due, fixed_at=fixed_at)
    return make
