"""The one screen where a year's holiday schedule is entered, and the warning that leads there."""
import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from gongkai.units.models import AuditEntry, Role
from gongkai.workbench import calendar_notice
from gongkai.workdays import readiness
from gongkai.workdays.models import CalendarNotice, ScheduleYear
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# A far year so that the test never depends on what the calendar package ships.
KNOWN, MISSING = 2099, 2100
TODAY = dt.date(KNOWN, 12, 10)


@pytest.fixture
def december(monkeypatch, db):
    ScheduleYear.objects.create(year=KNOWN, source="test")
    monkeypatch.setattr(readiness.timezone, "localdate", lambda: TODAY)


@pytest.fixture
def sysadmin(make_user, county):
    return make_user(county, Role.SYSADMIN, "sys_calendar", full_name="周系统", email="sys@example.org")


def test_clerk_is_told_what_is_blocked_and_whom_to_ask(client, december, street_clerk, sysadmin):
    client.login(username=street_clerk.username, password=PASSWORD)
    html = client.get(reverse("workbench:home")).content.decode()
    warning = html.split('id="calendar-warning"')[1].split("</div>")[0]
    assert f"{MISSING}年的节假日安排尚未录入" in warning and "新收申请的答复期限" in warning
    assert "周系统" in warning and "工作日历 → 节假日安排" in warning


def test_public_pages_show_no_warning(client, december):
    assert 'id="calendar-warning"' not in client.get(reverse("portal:home")).content.decode()


def test_sysadmin_enters_the_year_and_the_warning_goes(client, december, sysadmin):
    client.login(username=sysadmin.username, password=PASSWORD)
    page = client.get(reverse("workdays:calendar")).content.decode()
    assert f"{MISSING}年的安排尚未录入" in page
    schedule = f"{MISSING}-01-01,休,元旦\n{MISSING}-01-02,休,元旦\n"
    done = client.post(reverse("workdays:calendar"), {"text": schedule, "source": "国办发明电"}, follow=True)
    assert f"已录入{MISSING}年的节假日安排（2天）" in done.content.decode()
    assert ScheduleYear.objects.filter(year=MISSING).exists()
    assert AuditEntry.objects.filter(action="workdays.schedule_load").count() == 1
    assert not readiness.current().warn
    assert 'id="calendar-warning"' not in done.content.decode()


def test_a_bad_schedule_is_refused_with_its_line_and_nothing_stored(client, december, sysadmin):
    client.login(username=sysadmin.username, password=PASSWORD)
    response = client.post(reverse("workdays:calendar"), {"text": f"{MISSING}-01-01,休\n{MISSING}-13-01,休\n"})
    assert response.status_code == 400 and "line 2" in response.content.decode()
    assert not ScheduleYear.objects.filter(year=MISSING).exists()


def test_only_the_system_administrator_may_enter_a_year(client, december, street_admin):
    client.login(username=street_admin.username, password=PASSWORD)
    assert client.get(reverse("workdays:calendar")).status_code == 403
    assert client.post(reverse("workdays:calendar"), {"text": f"year,{MISSING}"}).status_code == 403
    assert not ScheduleYear.objects.filter(year=MISSING).exists()


def test_the_right_people_are_mailed_once_per_stage_with_the_link(december, sysadmin, make_user, street):
    reviewer = make_user(street, Role.REVIEWER, "rv_cal", email="rv@example.org")
    make_user(street, Role.CLERK, "clerk_cal", email="clerk@example.org")
    assert calendar_notice.notify() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([sysadmin.email, reviewer.email])
    assert reverse("workdays:calendar") in mail.outbox[0].body and str(MISSING) in mail.outbox[0].subject
    assert calendar_notice.notify() == 0  # told already
    assert CalendarNotice.objects.get().stage == CalendarNotice.URGENT
