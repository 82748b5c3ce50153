"""One answer to "may I": on the application's page a button (or form) is shown exactly when the
service behind it accepts the action — for every action, in every state, for every role.

Each case renders the detail page as the role and notes which actions it offers; then it calls
every service with valid input, inside a savepoint that is rolled back, and notes which accept.
The two sets must be the same."""
import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from gongkai.applications.handling import deliveries, fees, letters, pii, services
from gongkai.applications.handling.actions import allowed_actions
from gongkai.applications.models import Application, FeeNotice, LetterDelivery, LetterIssue
from gongkai.disputes import services as disputes
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 9, 22)


# ---------------------------------------------------------------- states, built through the services

def _received(app, clerk, reviewer):
    return app


def _supplement_requested(app, clerk, reviewer):
    return services.request_supplement(clerk, app, requested_on=D(2026, 9, 15), items="身份证明复印件", workdays=15)


def _supplemented(app, clerk, reviewer):
    return services.receive_supplement(clerk, _supplement_requested(app, clerk, reviewer), received_on=D(2026, 9, 18))


def _paused(app, clerk, reviewer):
    services.start_pause(clerk, app, kind="third_party", party="某某公司", started_on=D(2026, 9, 16))
    return app


def _extension_pending(app, clerk, reviewer):
    services.request_extension(clerk, app, days=5, reason="需要调取档案", requested_on=D(2026, 9, 16))
    return app


def _extension_approved(app, clerk, reviewer):
    services.approve_extension(reviewer, _extension_pending(app, clerk, reviewer), approved_on=D(2026, 9, 17))
    return app


def _fee_issued(app, clerk, reviewer):
    fees.issue_notice(clerk, app, basis="pages", quantity=150, issued_on=D(2026, 9, 15))
    return app


def _fee_received(app, clerk, reviewer):
    fees.record_received(clerk, _fee_issued(app, clerk, reviewer), received_on=D(2026, 9, 16))
    return app


def _fee_paid(app, clerk, reviewer):
    app = _fee_received(app, clerk, reviewer)
    fees.record_payment(clerk, app, paid_on=D(2026, 9, 17), paid_amount=FeeNotice.objects.get(application=app).amount,
                        reference="PZ-001")
    return app


def _letter_sent(app, clerk, reviewer):
    deliveries.record_delivery(clerk, app, letter_slug="receipt", method="post", sent_on=D(2026, 9, 15),
                               delivered_on=None, recipient="", tracking_number="EMS0001", note="")
    return app


def _answered(app, clerk, reviewer):
    return services.record_decision(clerk, app, decision_code="granted", basis="第三十六条第（一）项", answered_on=D(2026, 9, 18),
                                    text="请到本机关领取")


def _answered_while_paused(app, clerk, reviewer):
    return _answered(_paused(app, clerk, reviewer), clerk, reviewer)


STATES = {
    "received": _received, "supplement_requested": _supplement_requested, "supplemented": _supplemented,
    "paused": _paused, "extension_pending": _extension_pending, "extension_approved": _extension_approved,
    "fee_issued": _fee_issued, "fee_received": _fee_received, "fee_paid": _fee_paid,
    "letter_sent": _letter_sent, "answered": _answered, "answered_while_paused": _answered_while_paused,
}
ROLES = ("street_clerk", "street_reviewer", "street_admin", "supervisor")


# ---------------------------------------------------------------- every action: its button, its service

def _decision(app):
    if app.status == "supplement_requested":
        return {"decision_code": "other.1", "basis": "第三十条"}
    return {"decision_code": "granted", "basis": "第三十六条第（一）项"}


def actions(app):
    """(name, the form's target on the page, a call of the service with valid input)."""
    pk = app.pk
    out = [
        ("request_supplement", reverse("applications:request_supplement", args=[pk]),
         lambda u, a: services.request_supplement(u, a, requested_on=TODAY, items="申请人身份证明", workdays=15)),
        ("receive_supplement", reverse("applications:receive_supplement", args=[pk]),
         lambda u, a: services.receive_supplement(u, a, received_on=TODAY)),
        ("start_pause", reverse("applications:start_pause", args=[pk]),
         lambda u, a: services.start_pause(u, a, kind="other_organ", party="县自然资源局", started_on=TODAY)),
        ("request_extension", reverse("applications:request_extension", args=[pk]),
         lambda u, a: services.request_extension(u, a, days=5, reason="需要调取档案", requested_on=TODAY)),
        ("approve_extension", reverse("applications:approve_extension", args=[pk]),
         lambda u, a: services.approve_extension(u, a, approved_on=TODAY)),
        ("decide", reverse("applications:decide", args=[pk]),
         lambda u, a: services.record_decision(u, a, **_decision(a), answered_on=TODAY,
                                                  text="请到本机关领取")),
        ("issue_fee", reverse("applications:issue_fee", args=[pk]),
         lambda u, a: fees.issue_notice(u, a, basis="pages", quantity=150, issued_on=TODAY)),
        ("fee_received", reverse("applications:fee_received", args=[pk]),
         lambda u, a: fees.record_received(u, a, received_on=TODAY)),
        ("fee_payment", reverse("applications:fee_paid", args=[pk]),
         lambda u, a: fees.record_payment(u, a, paid_on=TODAY, paid_amount=_amount(a), reference="PZ-002")),
        ("record_delivery", reverse("applications:record_delivery", args=[pk]),
         lambda u, a: deliveries.record_delivery(u, a, letter_slug="receipt", method="in_person", sent_on=TODAY,
                                                 delivered_on=TODAY, recipient="王小明")),
        ("register_dispute", reverse("disputes:create", args=[pk]),
         lambda u, a: disputes.create(u, a, data={"kind": "reconsideration", "filed_on": TODAY, "body": "县人民政府",
                                                  "case_number": "", "outcome": "pending", "closed_on": None})),
        ("reveal", reverse("applications:reveal", args=[pk]),
         lambda u, a: pii.reveal(u, a, reason="电话联系申请人补正材料")),
    ]
    for pause in app.pauses.all():
        out.append((f"end_pause:{pause.pk}", reverse("applications:end_pause", args=[pk, pause.pk]),
                    lambda u, a, p=pause: services.end_pause(u, p, ended_on=TODAY)))
    for row in LetterDelivery.objects.filter(application=app):
        out.append((f"confirm_delivery:{row.pk}", reverse("applications:confirm_delivery", args=[pk, row.pk]),
                    lambda u, a, r=row: deliveries.confirm_delivery(u, r, delivered_on=TODAY)))
    for letter in letters.available(app):
        out.append((f"issue_letter:{letter.slug}", reverse("applications:letter_issue", args=[pk, letter.slug]),
                    lambda u, a, s=letter.slug: _issues_new_number(u, a, s)))
    return out


def _amount(app) -> int:
    notice = FeeNotice.objects.filter(application=app).first()
    return notice.amount if notice else 0


def _issues_new_number(user, app, slug):
    """编发文号 is accepted when it gives the letter a number (again, it only returns the old one)."""
    before = LetterIssue.objects.filter(application=app).count()
    letters.issue(user, app, slug=slug)
    if LetterIssue.objects.filter(application=app).count() == before:
        raise services.ApplicationError("已编发文号")


class _Undo(Exception):
    pass


def _accepts(call, user, app) -> bool:
    try:
        with transaction.atomic():
            call(user, Application.objects.select_related("unit").get(pk=app.pk))
            raise _Undo
    except _Undo:
        return True
    except (services.ApplicationError, disputes.DisputeError, pii.RevealRefused):
        return False


def _offered(html: str, target: str) -> bool:
    return f'action="{target}"' in html or f'href="{target}"' in html


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_button_shown_exactly_when_the_service_accepts(state, role, request, client, today, counter_app,
                                                       street_clerk, street_reviewer):
    today(TODAY)
    app = STATES[state](counter_app(D(2026, 9, 14)), street_clerk, street_reviewer)
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    rows = actions(Application.objects.get(pk=app.pk))
    shown = {name for name, target, _ in rows if _offered(html, target)}
    accepted = {name for name, _, call in rows if _accepts(call, user, app)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"


@pytest.mark.parametrize("state", ["received", "fee_received", "answered_while_paused"])
def test_allowed_actions_is_what_the_services_accept(state, counter_app, today, street_clerk, street_reviewer,
                                                      supervisor):
    """The same answer without the page: ``allowed_actions`` names what the services take."""
    today(TODAY)
    app = STATES[state](counter_app(D(2026, 9, 14)), street_clerk, street_reviewer)
    for user in (street_clerk, street_reviewer, supervisor):
        allowed = allowed_actions(user, Application.objects.get(pk=app.pk))
        for name, _, call in actions(Application.objects.get(pk=app.pk)):
            base, _, row = name.partition(":")
            value = getattr(allowed, base)
            expected = (int(row) in value if row.isdigit() else row in value) if row else value
            assert expected == _accepts(call, user, app), (user.username, name)


@pytest.mark.parametrize("state", ["received", "extension_pending", "answered"])
def test_the_api_names_the_same_actions(state, client, counter_app, today, street_clerk, street_reviewer,
                                        supervisor):
    """The JSON detail carries ``allowed_actions``: the buttons the page shows the same user."""
    today(TODAY)
    app = STATES[state](counter_app(D(2026, 9, 14)), street_clerk, street_reviewer)
    for user in (street_clerk, street_reviewer, supervisor):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        body = client.get(f"/api/v1/work/applications/{app.number}").json()
        html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
        shown = {name for name, target, _ in actions(Application.objects.get(pk=app.pk))
                 if ":" not in name and _offered(html, target)}
        assert set(body["allowed_actions"]) == shown, user.username
