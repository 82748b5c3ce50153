"""One answer to "may I" for annual reports: the report page, the index and the yearly-figures page
show a form or button exactly when the service behind it accepts the action — for every role and
every state of the report (and a report submitted by a reviewer, who may not sign it).

Each case renders the pages as the role and notes what they offer, then calls every service with
valid input inside a rolled-back savepoint and notes which accept; the two sets are equal, and
equal to what allowed_actions / index_actions / figures_actions say."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.reports import permissions, services
from gongkai.reports.models import AnnualReport, YearlyFigures
from tests.conftest import PASSWORD
from tests.service_probe import accepts

from .factories import application

pytestmark = pytest.mark.django_db
ROLES = ("street_clerk", "street_reviewer", "street_admin", "supervisor", "town_clerk")
STATES = ("draft", "submitted", "submitted_by_reviewer", "published")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 1, 12))


def _accepts(call) -> bool:
    return accepts(call, services.ReportError)


def _offered(html: str, target: str) -> bool:
    return f'action="{target}"' in html


def _report_in(state, street, street_clerk, street_reviewer, second_reviewer) -> AnnualReport:
    application(street, dt.date(2025, 3, 2), dt.date(2025, 3, 20))
    report = services.build(street_clerk, street, year=2025)
    assert report.errors == []
    if state == "draft":
        return report
    report = services.submit(street_reviewer if state == "submitted_by_reviewer" else street_clerk, report)
    if state.startswith("submitted"):
        return report
    return services.publish(second_reviewer, report, warning_reason="已逐项核实")


@pytest.fixture
def second_reviewer(make_user, street):
    from gongkai.units.models import Role

    return make_user(street, Role.REVIEWER, "street_reviewer2", full_name="周审")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_button_shown_exactly_when_the_service_accepts(state, role, request, client, street, street_clerk,
                                                       street_reviewer, second_reviewer, town_clerk):
    report = _report_in(state, street, street_clerk, street_reviewer, second_reviewer)
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()

    def fresh():
        return AnnualReport.objects.get(pk=report.pk)

    def improvements():
        return [row.get("improvement") or "已整改" for row in fresh().narrative.get("problems", [])]

    rows = [
        ("narrative", lambda: services.save_narrative(user, fresh(), texts={"other_added": "本年度无其他需要报告的事项。"},
                                                      improvements=improvements())),
        ("rebuild", lambda: services.build(user, street, year=2025)),
        ("submit", lambda: services.submit(user, fresh())),
        ("publish", lambda: services.publish(user, fresh(), warning_reason="已逐项核实")),
        ("return", lambda: services.return_to_draft(user, fresh(), reason="请补充收费情况")),
    ]
    shown = {name for name, _ in rows if _offered(html, reverse(f"reports:{name}", args=[report.pk]))}
    accepted = {name for name, call in rows if _accepts(call)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"
    allowed = permissions.allowed_actions(user, fresh())
    names = {"save_narrative": "narrative", "return_to_draft": "return"}
    assert {names.get(n, n) for n in allowed.names()} == accepted


@pytest.mark.parametrize("role", ROLES)
def test_index_and_figures_offer_exactly_what_the_service_accepts(role, request, client, street, town):
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    html = client.get(reverse("reports:index") + "?year=2025").content.decode()
    upload = SimpleUploadedFile("2016年报.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    rows = [
        ("build", reverse("reports:build"), lambda: services.build(user, user.unit, year=2024)),
        ("archive", reverse("reports:archive"), lambda: services.store_archive(user, user.unit, year=2016,
                                                                           upload=upload)),
    ]
    shown = {name for name, target, _ in rows if _offered(html, target)}
    accepted = {name for name, _, call in rows if _accepts(call)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"
    allowed = permissions.index_actions(user)
    assert {name for name in ("build", "archive") if getattr(allowed, name)} == accepted

    # the board of the units below: shown to whom the check allows it, and its rollup opens for them
    assert ('id="board"' in html) == allowed.board
    if allowed.board:
        assert client.get(reverse("reports:rollup") + "?year=2025").status_code == 200

    # the own unit's yearly figures: 保存 is offered exactly when posting the form saves them
    url = reverse("reports:figures", args=[2025])
    offered = "保存</button>" in client.get(url).content.decode()
    client.post(url, {"licensing": "3", "punishment": "2", "enforcement": "0", "fees_wan_yuan": "0.5"})
    saved = YearlyFigures.objects.filter(unit=user.unit, year=2025).exists()
    assert offered == saved == permissions.figures_actions(user, user.unit).save
