"""Who handles an application: the "mine" queue, 我来办理, assignment by reviewers and admins,
and scoping of both."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications.handling import assignment, services
from gongkai.applications.handling import codes
from gongkai.applications.models import Application
from gongkai.units.models import AuditEntry, Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def online_app(street, applicant, today):
    def make(day=dt.date(2026, 10, 26)):
        today(day)
        return services.submit_online(street, data=applicant(), submission_key=codes.new_token()).application
    return make


def test_counter_registration_is_mine_and_online_starts_unassigned(client, street_clerk, counter_app, online_app):
    mine = counter_app(dt.date(2026, 9, 28))
    online = online_app()
    assert mine.assigned_to == street_clerk and online.assigned_to is None
    html = login(client, street_clerk).get(reverse("applications:list") + "?queue=mine").content.decode()
    assert "我承办的" in html and mine.number in html and online.number not in html
    assert set(assignment.mine(Application.objects.all(), street_clerk)) == {mine}


def test_clerk_takes_an_unassigned_application_once(client, street_clerk, make_user, street, online_app):
    app = online_app()
    html = login(client, street_clerk).get(reverse("applications:list")).content.decode()
    assert "我来办理" in html
    client.post(reverse("applications:take", args=[app.pk]), {"next": reverse("applications:list")})
    app.refresh_from_db()
    assert app.assigned_to == street_clerk
    assert AuditEntry.objects.filter(action="application.take", target_id=str(app.pk), actor=street_clerk).count() == 1
    other = make_user(street, Role.CLERK, "clerk2")
    client.logout()
    response = login(client, other).post(reverse("applications:take", args=[app.pk]), follow=True)
    assert "该申请已有承办人" in response.content.decode()
    app.refresh_from_db()
    assert app.assigned_to == street_clerk


def test_a_clerk_cannot_assign_to_someone_else(street_clerk, make_user, street, online_app):
    app = online_app()
    other = make_user(street, Role.CLERK, "clerk2")
    with pytest.raises(services.ApplicationError, match="无权分配承办人"):
        assignment.assign(street_clerk, app, assignee=other)
    assignment.assign(street_clerk, app, assignee=street_clerk)  # taking it is allowed
    assert Application.objects.get(pk=app.pk).assigned_to == street_clerk


def test_reviewer_assigns_only_to_active_staff_of_the_unit(street_reviewer, make_user, street, town_clerk,
                                                           supervisor, online_app):
    app = online_app()
    gone = make_user(street, Role.CLERK, "gone", is_active=False)
    for wrong in (town_clerk, gone, supervisor):
        with pytest.raises(services.ApplicationError, match="在职的工作人员"):
            assignment.assign(street_reviewer, app, assignee=wrong)
    clerk = make_user(street, Role.CLERK, "clerk2")
    assignment.assign(street_reviewer, app, assignee=clerk)
    entry = AuditEntry.objects.get(action="application.assign", target_id=str(app.pk))
    assert entry.actor == street_reviewer and entry.detail == {"from": None, "to": clerk.pk}


def test_answered_application_cannot_be_reassigned(street_admin, street_clerk, counter_app, make_user, street):
    app = counter_app(dt.date(2026, 9, 28))
    services.record_decision(street_clerk, app, decision_code="granted", basis="第三十六条第（二）项", answered_on=dt.date(2026,
                                                                                                                 10, 9))
    with pytest.raises(services.ApplicationError, match="已答复"):
        assignment.assign(street_admin, app, assignee=make_user(street, Role.CLERK, "clerk2"))


def test_other_units_reviewer_can_neither_assign_nor_take(client, town_reviewer, town_clerk, online_app):
    app = online_app()
    with pytest.raises(services.ApplicationError):
        assignment.assign(town_reviewer, app, assignee=town_clerk)
    assert login(client, town_reviewer).post(reverse("applications:take", args=[app.pk])).status_code == 404
    assert Application.objects.get(pk=app.pk).assigned_to is None


def test_bulk_assign_on_the_list_ignores_other_units(client, street_admin, make_user, street, town, online_app,
                                                     applicant):
    first, second = online_app(), online_app()
    foreign = services.submit_online(town, data=applicant(), submission_key=codes.new_token()).application
    clerk = make_user(street, Role.CLERK, "clerk2", full_name="周办")
    html = login(client, street_admin).get(reverse("applications:list")).content.decode()
    assert 'id="bulk-assign"' in html and "周办" in html and "承办人" in html
    response = client.post(reverse("applications:bulk_assign"),
                           {"ids": [first.pk, second.pk, foreign.pk], "assignee": clerk.pk}, follow=True)
    assert "已将2件申请分配给周办" in response.content.decode()
    assert set(Application.objects.filter(assigned_to=clerk)) == {first, second}
    assert Application.objects.get(pk=foreign.pk).assigned_to is None
    assert AuditEntry.objects.filter(action="application.assign").count() == 2
    listed = client.get(reverse("applications:list")).content.decode()
    assert listed.count("周办") >= 3  # the two rows' 承办人 column and the assignee choice


def test_bulk_assign_refuses_clerks_and_foreign_assignees(client, street_clerk, street_admin, town_clerk, online_app):
    app = online_app()
    html = login(client, street_clerk).get(reverse("applications:list")).content.decode()
    assert 'id="bulk-assign"' not in html
    response = client.post(reverse("applications:bulk_assign"), {"ids": [app.pk], "assignee": street_clerk.pk},
                           follow=True)
    assert "无权分配承办人" in response.content.decode()
    client.logout()
    response = login(client, street_admin).post(reverse("applications:bulk_assign"),
                                                {"ids": [app.pk], "assignee": town_clerk.pk}, follow=True)
    assert "承办人须为本单位在职的工作人员" in response.content.decode()
    assert Application.objects.get(pk=app.pk).assigned_to is None
