"""One answer to "may I" for duties: each duties page shows a form or button exactly when the
service behind it accepts the action — for every action and role (and a leading-group member
who has left or not, a reserve person kept or removed).

Each case renders the pages as the role, notes what they offer, then calls every service with
valid input inside a rolled-back savepoint and notes which accept; the two sets are equal."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.duties import permissions, services
from gongkai.duties.models import Duty, GroupRole, LeadingGroupMember, ReserveStaff
from tests.conftest import PASSWORD
from tests.service_probe import accepts
from tests.duties.conftest import TODAY

pytestmark = pytest.mark.django_db
ROLES = ("street_clerk", "street_reviewer", "street_admin", "supervisor")


def _accepts(call) -> bool:
    return accepts(call, services.DutyError)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("member_left", [False, True])
def test_button_shown_exactly_when_the_service_accepts(member_left, role, request, client, street, street_admin):
    member = services.add_group_member(street_admin, street, name="周组长", position="主任", group_role=GroupRole.values[0],
                                       start_on=dt.date(2026, 1, 5))
    if member_left:  # left at the end of today: still listed today
        services.end_group_member(street_admin, member, end_on=TODAY)
    person = services.add_reserve(street_admin, street, person_name="钱后备")
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    html = "".join(client.get(reverse(f"duties:{page}", args=[street.pk])).content.decode()
                   for page in ("unit", "signoffs", "training"))
    m = LeadingGroupMember.objects.get(pk=member.pk)
    rows = [
        ("transfer", reverse("duties:transfer", args=[street.pk]),
         lambda: services.transfer(user, street, duties=[Duty.WEBSITE], person_name="冯网管", on=TODAY)),
        ("group_add", reverse("duties:group_add", args=[street.pk]),
         lambda: services.add_group_member(user, street, name="陈成员", position="副主任",
                                            group_role=GroupRole.values[-1], start_on=TODAY)),
        ("group_end", reverse("duties:group_end", args=[street.pk, member.pk]),
         lambda: services.end_group_member(user, m, end_on=TODAY)),
        ("sign", reverse("duties:sign", args=[street.pk]),
         lambda: services.sign_off(user, street, kind="daily", day=TODAY)),
        ("session_add", reverse("duties:session_add", args=[street.pk]),
         lambda: services.add_session(user, street, data={"date": TODAY, "topic": "条例解读", "hours": 2})),
        ("reserve_add", reverse("duties:reserve_add", args=[street.pk]),
         lambda: services.add_reserve(user, street, person_name="孙后备")),
        ("reserve_remove", reverse("duties:reserve_remove", args=[street.pk, person.pk]),
         lambda: services.remove_reserve(user, ReserveStaff.objects.get(pk=person.pk))),
    ]
    shown = {name for name, target, _ in rows if f'action="{target}"' in html}
    accepted = {name for name, _, call in rows if _accepts(call)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"
    allowed = permissions.allowed_actions(user, street, [m])
    assert {"transfer": allowed.transfer, "group_add": allowed.group, "group_end": m.pk in allowed.end_member,
            "sign": allowed.sign, "session_add": allowed.train, "reserve_add": allowed.reserve,
            "reserve_remove": allowed.reserve} == {name: name in accepted for name, _, _ in rows}


@pytest.mark.parametrize("role", ROLES)
def test_all_units_link_shown_exactly_when_the_overview_opens(role, request, client, street):
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    page = client.get(reverse("duties:training", args=[street.pk])).content.decode()
    shown = f'<a href="{reverse("duties:index")}">全部单位</a>' in page
    opens = client.get(reverse("duties:index")).status_code == 200
    assert shown == opens == permissions.may_see_all_units(user)
