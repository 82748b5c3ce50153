"""One answer to "may I" for work points: the task page shows a form or button exactly when the
service behind it accepts the action — for every action, task state and role (the county's
task for the town, and the town's task broken down to its village); the documents list and a
document's page offer 录入 exactly when the service would accept it.

Each case renders the page as the role, notes what it offers, then calls every service with
valid input inside a rolled-back savepoint and notes which accept; the two sets are equal."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.units.models import Role, Unit, UnitKind
from gongkai.workplan import permissions, services
from gongkai.workplan.models import Task
from tests.conftest import PASSWORD
from tests.service_probe import accepts

pytestmark = pytest.mark.django_db
ROLES = ("supervisor", "town_clerk", "town_reviewer", "town_admin", "village_clerk")
STATES = ("open", "submitted", "returned", "done", "broken_down", "child_open", "child_submitted")


@pytest.fixture
def town_admin(make_user, town):
    return make_user(town, Role.UNIT_ADMIN, "town_admin", full_name="吴管")


@pytest.fixture
def second_village(town):
    return Unit.objects.create(name="河口镇杨树村村民委员会", code="T1202", kind=UnitKind.VILLAGE, parent=town)


def _accepts(call) -> bool:
    return accepts(call, services.WorkplanError)


def _in_state(state, task, village, clerk, village_clerk, reviewer, supervisor, make_item) -> Task:
    """The task the page is about, brought into ``state`` through the services."""
    if state.startswith("child") or state == "broken_down":
        [child] = services.break_down(reviewer, task, sub_units=[village], due=task.due_on)
        if state == "broken_down":
            return task
        if state == "child_submitted":
            services.submit_evidence(village_clerk, child, item=make_item(village))
        return child
    if state != "open":
        services.submit_evidence(clerk, task, item=make_item(task.unit))
        if state == "returned":
            services.return_task(supervisor, task, reason="材料不全")
        elif state == "done":
            services.accept(supervisor, task)
    return task


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_button_shown_exactly_when_the_service_accepts(state, role, request, client, town_task, village,
                                                       second_village, town_clerk, village_clerk, town_reviewer,
                                                       supervisor, make_item):
    task = _in_state(state, town_task, village, town_clerk, village_clerk, town_reviewer, supervisor, make_item)
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("workplan:task", args=[task.pk]))
    if response.status_code == 404:   # a task the user may not see: nothing to show, nothing accepted below
        assert not services.tasks_for(user).filter(pk=task.pk).exists()
    html = response.content.decode()
    item = make_item(task.unit)

    def fresh():
        return Task.objects.get(pk=task.pk)

    rows = [
        ("submit", lambda: services.submit_evidence(user, fresh(), item=item)),
        ("break_down", lambda: services.break_down(user, fresh(), sub_units=[second_village], due=task.due_on)),
        ("accept", lambda: services.accept(user, fresh())),
        ("return", lambda: services.return_task(user, fresh(), reason="材料不全")),
    ]
    shown = {name for name, _ in rows if f'action="{reverse(f"workplan:{name}", args=[task.pk])}"' in html}
    accepted = {name for name, call in rows if _accepts(call)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"
    allowed = permissions.allowed_actions(user, fresh())
    assert {n.replace("return_task", "return") for n in allowed.names()} == accepted


@pytest.mark.parametrize("role", ROLES + ("street_admin",))
def test_entry_forms_shown_exactly_when_the_service_accepts(role, request, client, county_doc, town_task, town):
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    listing = client.get(reverse("workplan:documents")).content.decode()
    shown = "<h2>录入工作要点文件</h2>" in listing
    accepted = _accepts(lambda: services.create_document(user, user.unit, data={"title": "年度要点", "year": 2026}))
    assert shown == accepted == permissions.documents_actions(user).create

    page = client.get(reverse("workplan:document", args=[county_doc.pk]))
    shown = "<h2>录入任务</h2>" in page.content.decode()
    accepted = _accepts(lambda: services.add_task(user, county_doc, data={"unit": town, "title": "开展条例培训",
                                                                     "due_on": dt.date(2026, 5, 31)}))
    assert shown == accepted == permissions.document_actions(user, county_doc).add_task
