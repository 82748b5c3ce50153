"""Daily deadline reminders with escalation, at most one e-mail a day per person, and the notice
that a holiday-schedule change moved due dates."""
import datetime as dt
from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from gongkai.applications.handling import reminders
from gongkai.applications.models import Application
from gongkai.units.models import AuditEntry, Role, User
from gongkai.workdays.services import load_schedule
from tests.conftest import PASSWORD

from .conftest import ID_NUMBER

pytestmark = pytest.mark.django_db
FRIDAY = dt.date(2026, 11, 20)   # 3 working days ahead is Wednesday 25 November


@pytest.fixture
def people(street_clerk, street_reviewer, street_admin, supervisor, town_clerk, town_reviewer, make_user, street):
    second = make_user(street, Role.CLERK, "clerk2")
    for user in (street_clerk, street_reviewer, street_admin, supervisor, town_clerk, town_reviewer, second):
        user.email = f"{user.username}@example.invalid"
        user.save()
    return {"clerk": street_clerk, "reviewer": street_reviewer, "admin": street_admin, "supervisor": supervisor,
            "clerk2": second}


@pytest.fixture
def apps(people, counter_app):
    overdue = counter_app(dt.date(2026, 9, 28))     # due 30 Oct, assigned to the registering clerk
    soon = counter_app(dt.date(2026, 10, 26))       # due 23 Nov
    later = counter_app(dt.date(2026, 11, 2))       # due 30 Nov: not yet
    unassigned = counter_app(dt.date(2026, 10, 26))
    Application.objects.filter(pk=unassigned.pk).update(assigned_to=None)
    return {"overdue": overdue, "soon": soon, "later": later, "unassigned": unassigned}


def mails_by_recipient():
    return {m.to[0]: m for m in mail.outbox}


def test_assignee_staff_and_escalation_recipients_each_get_one_mail(apps, people):
    assert reminders.send_daily_reminders(FRIDAY) == 5
    assert Counter(m.to[0] for m in mail.outbox) == Counter({f"{u.username}@example.invalid": 1 for u in (
        people["clerk"], people["clerk2"], people["reviewer"], people["admin"], people["supervisor"])})
    box = mails_by_recipient()
    clerk = box["street_clerk@example.invalid"].body
    assert apps["overdue"].number in clerk and apps["soon"].number in clerk and apps["unassigned"].number in clerk
    assert apps["later"].number not in clerk and "2026-10-30（已超期21天）" in clerk
    # the second clerk handles nothing of their own: only the unassigned one
    clerk2 = box["clerk2@example.invalid"].body
    assert apps["unassigned"].number in clerk2 and apps["soon"].number not in clerk2
    # escalation: the unit's reviewer/admin and the county supervisor are told of the overdue one, per unit
    sup = box["supervisor@example.invalid"]
    assert "【城关街道办事处】1件" in sup.body and apps["overdue"].number in sup.body
    assert apps["soon"].number not in sup.body and "其中1件已超期" in sup.subject
    assert "请督促办理" in box["street_reviewer@example.invalid"].body
    for message in mail.outbox:  # nothing about the applicant
        assert "王小明" not in message.body and ID_NUMBER not in message.body and "13812345678" not in message.body


def test_a_second_run_the_same_day_sends_nothing(apps, people):
    assert reminders.send_daily_reminders(FRIDAY) == 5
    assert reminders.send_daily_reminders(FRIDAY) == 0
    assert len(mail.outbox) == 5
    assert AuditEntry.objects.filter(action="application.reminder").count() == 5
    assert reminders.send_daily_reminders(FRIDAY + dt.timedelta(days=3)) > 0  # Monday: reminded again


def test_inactive_assignee_falls_back_to_the_units_staff(apps, people):
    people["clerk"].is_active = False
    people["clerk"].save()
    reminders.send_daily_reminders(FRIDAY)
    box = mails_by_recipient()
    assert "street_clerk@example.invalid" not in box
    assert apps["soon"].number in box["clerk2@example.invalid"].body


def test_nothing_due_sends_nothing(people, counter_app):
    counter_app(dt.date(2026, 11, 2))  # due 30 Nov
    assert reminders.send_daily_reminders(FRIDAY) == 0 and mail.outbox == []


def test_daily_task_runs_through_huey_and_closes_lapsed_supplements(apps, people, today, street_clerk):
    from gongkai.applications.handling import services
    from gongkai.applications.tasks import daily_application_reminders

    lapsed = apps["later"]
    services.request_supplement(street_clerk, lapsed, requested_on=dt.date(2026, 11, 2), items="请写明项目名称")
    lapsed.refresh_from_db()
    today(lapsed.supplement_due_on + dt.timedelta(days=7))
    HUEY.immediate = True
    try:
        daily_application_reminders()
    finally:
        HUEY.immediate = False
    assert {m.to[0] for m in mail.outbox} >= {"street_clerk@example.invalid", "supervisor@example.invalid"}
    lapsed.refresh_from_db()
    assert lapsed.status == "answered" and lapsed.decision_type == "other.1"


def test_loading_a_schedule_tells_handlers_which_due_dates_moved(people, counter_app, today,
                                                                 django_capture_on_commit_callbacks):
    today(dt.date(2026, 12, 21))
    app = counter_app(dt.date(2026, 12, 21))
    assert app.due_on is None  # 2027 unknown
    with django_capture_on_commit_callbacks(execute=True):
        load_schedule("2027-01-01,休,元旦\nyear,2027\n")
    (message,) = mail.outbox
    assert message.to == ["street_clerk@example.invalid"]
    assert f"{app.number}（城关街道办事处）　暂不能计算（节假日安排未录入） → 2027-01-19" in message.body
    assert "王小明" not in message.body


def test_adding_a_holiday_in_the_admin_moves_due_dates_and_tells_each_person_once(client, apps, people, today):
    today(FRIDAY)
    User.objects.create_user("ops", "ops@example.invalid", PASSWORD, role=Role.SYSADMIN, is_staff=True)  # 三员分立
    assert client.login(username="ops", password=PASSWORD)
    response = client.post(reverse("admin:workdays_scheduleday_add"),
                           {"date": "2026-11-23", "kind": "holiday", "note": "临时放假"})
    assert response.status_code == 302
    box = mails_by_recipient()
    # the clerk handles 'soon' (and 'later'); the unassigned one goes to all the unit's staff
    assert Counter(m.to[0] for m in mail.outbox)["street_clerk@example.invalid"] == 1
    clerk = box["street_clerk@example.invalid"].body
    assert f"{apps['soon'].number}（城关街道办事处）　2026-11-23 → 2026-11-24" in clerk
    assert apps["unassigned"].number in box["street_reviewer@example.invalid"].body
    assert apps["soon"].number not in box["street_reviewer@example.invalid"].body
    assert "supervisor@example.invalid" not in box
