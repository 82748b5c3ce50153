"""The stored due date and its explanation, 补正, and recomputation when a schedule is loaded."""
import datetime as dt

import pytest

from gongkai.applications.handling import codes
from gongkai.applications.handling import services
from gongkai.applications.models import Application, Status
from gongkai.units.models import AuditEntry
from gongkai.workdays.services import load_schedule

pytestmark = pytest.mark.django_db


def test_due_date_across_national_day_2026_with_explanation(counter_app):
    # Received Mon 28 Sep (not counted). 29, 30 Sep 1)–2); 1–7 Oct 国庆 off; Oct 8 3), 9 4),
    # Sat 10 Oct worked 5); 12–16 6)–10); 19–23 11)–15); 26–30 16)–20): due Fri 30 Oct.
    app = counter_app(dt.date(2026, 9, 28))
    assert app.due_on == dt.date(2026, 10, 30)
    lines = services.deadline(app).lines
    assert lines[0] == "收到申请：2026-09-28（条例第三十一条）"
    assert "国庆节放假：2026-10-01至10-07不计" in lines
    assert "调休上班：2026-10-10（星期六）计入" in lines
    assert lines[-1] == "答复期限：2026-10-30"


def test_supplement_stops_the_clock_and_restarts_it(counter_app, street_clerk):
    app = counter_app(dt.date(2026, 9, 28))
    app = services.request_supplement(street_clerk, app, requested_on=dt.date(2026, 9, 30), items="请写明项目名称")
    assert app.status == Status.SUPPLEMENT_REQUESTED and app.due_on is None
    with pytest.raises(services.ApplicationError):
        services.request_supplement(street_clerk, app, requested_on=dt.date(2026, 9, 30), items="再次补正")  # only once
    app = services.receive_supplement(street_clerk, app, received_on=dt.date(2026, 10, 9))
    # From Fri 9 Oct (not counted): Sat 10 1), 12–16 2)–6), 19–23 7)–11), 26–30 12)–16), Nov 2–5 17)–20).
    assert app.status == Status.IN_PROGRESS and app.due_on == dt.date(2026, 11, 5)
    assert any("收到补正：2026-10-09" in line for line in services.deadline(app).lines)
    actions = list(AuditEntry.objects.filter(target_id=str(app.pk)).values_list("action", flat=True))
    assert actions.count("application.supplement_request") == 1
    assert actions.count("application.supplement_receive") == 1


def test_other_unit_cannot_request_supplement(counter_app, town_clerk):
    app = counter_app()
    with pytest.raises(services.ApplicationError):
        services.request_supplement(town_clerk, app, requested_on=dt.date(2026, 9, 30), items="x")
    assert Application.objects.get(pk=app.pk).status == Status.RECEIVED


def test_loading_a_schedule_recomputes_open_due_dates(street, applicant, today, django_capture_on_commit_callbacks):
    today(dt.date(2026, 12, 21))
    app = services.submit_online(street, data=applicant(), submission_key=codes.new_token()).application
    assert app.due_on is None  # 2027 not yet known: never guessed
    with django_capture_on_commit_callbacks(execute=True):
        load_schedule("2027-01-01,休,元旦\nyear,2027\n")
    app.refresh_from_db()
    # 22–25 Dec (4), 28–31 Dec (8), 1 Jan off, 4–8 Jan (13), 11–15 Jan (18), 18 Jan (19), 19 Jan (20)
    assert app.due_on == dt.date(2027, 1, 19)
    assert AuditEntry.objects.filter(action="application.due_recomputed", target_id=str(app.pk)).exists()


def test_queues_due_soon_and_overdue(counter_app, street_clerk, today):
    overdue = counter_app(dt.date(2026, 9, 28))                 # due 30 Oct
    soon = counter_app(dt.date(2026, 10, 26))                   # due Mon 23 Nov
    later = counter_app(dt.date(2026, 11, 2))                   # due Mon 30 Nov
    assert (soon.due_on, later.due_on) == (dt.date(2026, 11, 23), dt.date(2026, 11, 30))
    today(dt.date(2026, 11, 20))                                # Fri: 3 working days ahead is Wed 25 Nov
    apps = Application.objects.all()
    assert set(services.queue(apps, "overdue")) == {overdue}
    assert set(services.queue(apps, "due_soon")) == {soon}
    assert set(services.queue(apps, "open")) == {overdue, soon, later}
