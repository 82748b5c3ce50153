"""One answer to "may I" for website reports: the report page and the index show a form or button
exactly when the service behind it accepts the action — for every role and every state of the
report (and a report submitted by a reviewer, who may not sign it).

Each case renders the pages as the role and notes what they offer, then calls every service with
valid input inside a rolled-back savepoint and notes which accept; the two sets are equal, and
equal to what allowed_actions / site_actions say."""
import pytest
from django.urls import reverse

from gongkai.sitereports import permissions, services
from gongkai.sitereports.models import WebsiteReport
from tests.conftest import PASSWORD
from tests.service_probe import accepts

from .conftest import entered_values

pytestmark = pytest.mark.django_db
ROLES = ("street_clerk", "street_reviewer", "street_admin", "supervisor", "town_clerk")
STATES = ("draft", "submitted", "submitted_by_reviewer", "signed", "published", "filed")


def _accepts(call) -> bool:
    return accepts(call, services.SiteReportError)


def _report_in(state, site, street_clerk, street_reviewer, second_reviewer) -> WebsiteReport:
    report = services.save_fields(street_clerk, services.build(street_clerk, site, year=2025), values=entered_values())
    assert report.errors == []
    if state == "draft":
        return report
    submitter = street_reviewer if state == "submitted_by_reviewer" else street_clerk
    report = services.submit(submitter, report, warning_reason="已逐项核实")
    if state.startswith("submitted"):
        return report
    report = services.sign(second_reviewer, report)
    if state == "signed":
        return report
    report = services.publish(second_reviewer, report)
    if state == "published":
        return report
    return services.record_filing(street_clerk, report, backfilled_url="https://cg.example.gov.cn/site-reports/1/")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_button_shown_exactly_when_the_service_accepts(state, role, request, client, registered, street_clerk,
                                                       street_reviewer, second_reviewer, town_clerk):
    report = _report_in(state, registered, street_clerk, street_reviewer, second_reviewer)
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    html = client.get(reverse("sitereports:detail", args=[report.pk])).content.decode()

    def fresh():
        return WebsiteReport.objects.get(pk=report.pk)

    rows = [
        ("save_fields", lambda: services.save_fields(user, fresh(), values={"visits": 5700})),
        ("rebuild", lambda: services.build(user, registered, year=2025)),
        ("submit", lambda: services.submit(user, fresh(), warning_reason="已逐项核实")),
        ("return", lambda: services.return_to_draft(user, fresh(), reason="请补充访问量的来源")),
        ("sign", lambda: services.sign(user, fresh())),
        ("publish", lambda: services.publish(user, fresh())),
        ("filed", lambda: services.record_filing(user, fresh(),
                                                  backfilled_url="https://cg.example.gov.cn/site-reports/2/")),
    ]
    target = {name: reverse(f"sitereports:{'save' if name == 'save_fields' else name}", args=[report.pk])
              for name, _ in rows}
    shown = {name for name, _ in rows if f'action="{target[name]}"' in html}
    accepted = {name for name, call in rows if _accepts(call)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"
    allowed = permissions.allowed_actions(user, fresh())
    names = {"return_to_draft": "return", "record_filing": "filed"}
    assert {names.get(n, n) for n in allowed.names()} == accepted


@pytest.mark.parametrize("role", ROLES)
def test_index_offers_build_and_registration_exactly_when_the_service_accepts(role, request, client, registered):
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    html = client.get(reverse("sitereports:index")).content.decode()
    rows = [
        ("build", reverse("sitereports:build"), lambda: services.build(user, registered, year=2024)),
        ("register", reverse("sitereports:register", args=[registered.pk]),
         lambda: services.save_registration(user, registered, site_code="5109030018", site_type="政府门户网站")),
    ]
    shown = {name for name, target, _ in rows if f'action="{target}"' in html}
    accepted = {name for name, _, call in rows if _accepts(call)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"
    allowed = permissions.site_actions(user, registered)
    assert {name for name in ("build", "register") if getattr(allowed, name)} == accepted
