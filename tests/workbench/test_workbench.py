"""The landing page answers "what must I do today" for each role, every line a link to the action."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import ApplicationExtension
from gongkai.catalog import services as catalog
from gongkai.domain import unit_risk
from gongkai.workbench import selectors
from tests.conftest import PASSWORD
from tests.reports.factories import application

TODAY = timezone.localdate()


def _page(client, user) -> str:
    assert client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 200
    return response.content.decode()


def _due(unit, due: dt.date, assignee=None):
    app = application(unit, TODAY - dt.timedelta(days=20))
    app.due_on, app.assigned_to = due, assignee
    app.save(update_fields=["due_on", "assigned_to"])
    return app


@pytest.mark.django_db
def test_clerk_sees_due_applications_drafts_and_links(client, street, street_clerk):
    soon = _due(street, TODAY, street_clerk)
    later = _due(street, TODAY + dt.timedelta(days=60))
    draft = catalog.create_item(street_clerk, title="城关街道2026年12月低保公示", written_date=TODAY, body="<p>x</p>")
    page = _page(client, street_clerk)
    assert reverse("applications:detail", args=[soon.pk]) in page and "今天到期" in page and "我承办" in page
    assert later.number not in page
    assert reverse("catalog:item", args=[draft.pk]) in page
    assert "待我审核发布的信息" not in page          # a clerk approves nothing


@pytest.mark.django_db
def test_reviewer_sees_items_extensions_and_reports_to_approve_but_not_own(client, street, street_clerk,
                                                                          street_reviewer):
    item = catalog.create_item(street_clerk, title="城关街道养老补贴公示", written_date=TODAY, body="<p>x</p>")
    catalog.submit_item(street_clerk, item)
    own = catalog.create_item(street_reviewer, title="审核人自己录入的信息", written_date=TODAY, body="<p>x</p>")
    catalog.submit_item(street_reviewer, own)
    app = _due(street, TODAY + dt.timedelta(days=10))
    ApplicationExtension.objects.create(application=app, days=10, reason="需要汇总", requested_on=TODAY,
                                        requested_by=street_clerk)
    page = _page(client, street_reviewer)
    assert reverse("catalog:item", args=[item.pk]) in page and own.title not in page
    assert f"{app.number} 申请延期10个工作日" in page
    assert "待我签发的年度报告" in page


@pytest.mark.django_db
def test_supervisor_sees_units_by_risk_with_the_reason_linked(client, street, town, supervisor):
    _due(town, TODAY + dt.timedelta(days=1))
    _due(street, TODAY - dt.timedelta(days=9))
    section = selectors.units_by_risk(supervisor, TODAY)
    assert [unit for unit, _ in section.ranked][:2] == [street, town]      # overdue before due soon
    page = _page(client, supervisor)
    assert "1件申请已超过答复期限" in page
    assert f"{reverse('applications:list')}?queue=overdue&amp;unit={street.pk}" in page


@pytest.mark.django_db
def test_the_unit_admin_is_told_when_the_calendar_runs_out(client, street_admin, monkeypatch):
    from gongkai.domain.calendar_readiness import CLOCKS, Readiness
    from gongkai.workdays import readiness

    state = Readiness(TODAY, TODAY.year + 1, 3, CLOCKS)
    monkeypatch.setattr(readiness, "current", lambda today=None: state)
    page = _page(client, street_admin)
    assert f"{TODAY.year + 1}年的节假日安排尚未录入" in page and "网站预警" in page
    assert "请联系系统管理员" in page


def test_risk_rule_orders_by_level_then_score_and_says_why():
    rows = unit_risk.ranked([("a", {"due_soon_applications": 9}), ("b", {"overdue_applications": 1}),
                             ("c", {}), ("d", {"overdue_items": 1})])
    assert [u for u, _ in rows] == ["b", "d", "a"]
    assert rows[0][1].reasons[0].text == "1件申请已超过答复期限" and rows[0][1].level_label == "高"
