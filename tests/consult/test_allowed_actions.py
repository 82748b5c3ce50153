"""One answer to "may I" for 政务咨询: the message page shows a form or button exactly when the
service behind it accepts the action — for every action, message state and role; the asker's data
shows exactly when the role gate of the actions lets the user in; the list links to 答复规则设置
exactly when the service would let the user set it.

Each case renders the page as the role, notes what it offers, then calls every service with valid
input inside a rolled-back savepoint and notes which accept; the two sets are equal."""
import pytest
from django.urls import reverse

from gongkai.applications.handling import codes
from gongkai.consult import permissions, services
from gongkai.consult.models import ConsultationPolicy, InvalidReason, Message
from tests.conftest import PASSWORD
from tests.service_probe import accepts

pytestmark = pytest.mark.django_db
ROLES = ("street_clerk", "street_reviewer", "street_admin", "supervisor")
STATES = ("submitted", "answered", "pending", "published", "not_published", "invalid", "merged", "converted")
APPLICANT = {"applicant_type": "natural_person", "name": "王小明", "id_number": "11010519491231002X",
             "phone": "13812345678", "description": "改造批复文件", "info_form": "electronic", "delivery": "online"}


def _accepts(call) -> bool:
    return accepts(call, services.ConsultError)


def _in_state(state, message, other, clerk):
    if state == "invalid":
        services.reject(user=clerk, message=message, reason=InvalidReason.values[0])
    elif state == "merged":
        services.merge(user=clerk, message=message, into=other)
    elif state == "converted":
        services.convert_to_application(user=clerk, message=message, applicant=APPLICANT, token=codes.new_token())
    elif state != "submitted":
        services.answer(user=clerk, message=message, text="计划于下月开工。")
        if state in ("pending", "published", "not_published"):
            ConsultationPolicy.objects.update_or_create(unit=message.unit, defaults={
                "review_before_publication": state == "pending"})
            services.choose_publication(user=clerk, message=message, publish=state != "not_published")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_button_shown_exactly_when_the_service_accepts(state, role, request, client, street, town, street_clerk, ask):
    message, other = ask(street).message, ask(street, subject="另一条留言").message
    _in_state(state, message, other, street_clerk)
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    html = client.get(reverse("consult:detail", args=[message.pk])).content.decode()

    def fresh():
        return Message.objects.get(pk=message.pk)

    rows = [
        ("answer", lambda: services.answer(user=user, message=fresh(), text="答复")),
        ("transfer", lambda: services.transfer(user=user, message=fresh(), to_unit=town, reason="属镇职责")),
        ("merge", lambda: services.merge(user=user, message=fresh(), into=other)),
        ("reject", lambda: services.reject(user=user, message=fresh(), reason=InvalidReason.values[0])),
        ("convert", lambda: services.convert_to_application(user=user, message=fresh(), applicant=APPLICANT,
                                                            token=codes.new_token())),
        ("publish", lambda: services.choose_publication(user=user, message=fresh(), publish=False)),
        ("approve", lambda: services.approve_publication(user=user, message=fresh(), approve=True)),
        ("withdraw", lambda: services.withdraw_publication(user=user, message=fresh())),
    ]
    shown = {name for name, _ in rows if f'action="{reverse(f"consult:{name}", args=[message.pk])}"' in html}
    accepted = {name for name, call in rows if _accepts(call)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"
    allowed = permissions.allowed_actions(user, fresh())
    assert set(allowed.names()) - {"asker"} == accepted

    asker_shown = 'id="asker"' in html
    gate_opens = client.post(reverse("consult:answer", args=[message.pk]), {}).status_code != 403
    assert asker_shown == gate_opens == allowed.asker


@pytest.mark.parametrize("role", ROLES)
def test_settings_link_shown_exactly_when_the_service_accepts(role, request, client, street):
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    page = client.get(reverse("consult:list")).content.decode()
    shown = f'href="{reverse("consult:settings")}"' in page
    accepted = _accepts(lambda: services.set_policy(user=user, promise_workdays=5, review_before_publication=False))
    opens = client.get(reverse("consult:settings")).status_code == 200
    assert shown == accepted == opens == permissions.board_actions(user).settings
