"""Masked by default; a full reveal needs the role, the record in scope and a typed reason, and
writes exactly one audit event (security.md §3.11 b)."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.handling import assignment
from gongkai.units.models import AuditEntry, Role
from tests.conftest import PASSWORD

from .pii_world import ADDRESS, ID_NUMBER, PHONE, register

pytestmark = pytest.mark.django_db
MASKED_ID, MASKED_PHONE = "110105********002X", "138****5678"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 10, 9))


@pytest.fixture
def app(street_clerk):
    return register(street_clerk)


def as_user(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def reveals():
    return AuditEntry.objects.filter(action="pii.reveal")


@pytest.mark.parametrize("who", ["street_clerk", "street_reviewer", "street_admin", "supervisor"])
def test_every_role_sees_the_detail_page_masked(request, client, app, who):
    html = as_user(client, request.getfixturevalue(who)).get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert MASKED_ID in html and MASKED_PHONE in html and "城关大****" in html
    assert ID_NUMBER not in html and PHONE not in html and ADDRESS not in html


def test_reviewer_reveals_with_a_reason_and_exactly_one_event_is_written(client, app, street_reviewer):
    page = as_user(client, street_reviewer).post(reverse("applications:reveal", args=[app.pk]),
                                                 {"reason": "电话联系申请人补正材料"})
    html = page.content.decode()
    assert page.status_code == 200 and ID_NUMBER in html and PHONE in html and ADDRESS in html
    assert "no-store" in page["Cache-Control"]
    event = reveals().get()
    assert (event.actor, event.target_id, event.detail["reason"]) == (street_reviewer, str(app.pk), "电话联系申请人补正材料")
    assert ID_NUMBER not in str(event.detail) and PHONE not in str(event.detail)
    again = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert ID_NUMBER not in again and reveals().count() == 1  # masked again; nothing kept in the session


def test_a_reason_is_required(client, app, street_reviewer):
    page = as_user(client, street_reviewer).post(reverse("applications:reveal", args=[app.pk]), {"reason": "  看 "})
    assert page.status_code == 400 and "请填写查看理由" in page.content.decode()
    assert ID_NUMBER not in page.content.decode() and not reveals().exists()


def test_clerk_reveals_only_what_they_handle(client, app, street_clerk, street_reviewer, make_user, street):
    other_clerk = make_user(street, Role.CLERK, "other_clerk")
    refused = as_user(client, other_clerk).post(reverse("applications:reveal", args=[app.pk]), {"reason": "核对申请人身份"})
    assert refused.status_code == 403 and ID_NUMBER not in refused.content.decode() and not reveals().exists()
    assert "查看完整个人信息" not in client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assignment.assign(street_reviewer, app, assignee=other_clerk)  # now it is theirs to handle
    allowed = client.post(reverse("applications:reveal", args=[app.pk]), {"reason": "核对申请人身份"})
    assert allowed.status_code == 200 and ID_NUMBER in allowed.content.decode() and reveals().count() == 1
    client.logout()
    own = as_user(client, street_clerk).post(reverse("applications:reveal", args=[app.pk]), {"reason": "登记人核对"})
    assert own.status_code == 200 and reveals().count() == 2  # the clerk who registered it


@pytest.mark.parametrize("who", ["street_admin", "supervisor"])
def test_unit_admin_and_supervisor_may_not_reveal(request, client, app, who):
    page = as_user(client, request.getfixturevalue(who)).post(reverse("applications:reveal", args=[app.pk]),
                                                            {"reason": "抽查办理情况"})
    assert page.status_code == 403 and ID_NUMBER not in page.content.decode() and not reveals().exists()


def test_another_unit_gets_404_and_no_event(client, app, town_reviewer):
    page = as_user(client, town_reviewer).post(reverse("applications:reveal", args=[app.pk]), {"reason": "核对申请人身份"})
    assert page.status_code == 404 and not reveals().exists()


def test_reveal_is_post_only(client, app, street_reviewer):
    assert as_user(client, street_reviewer).get(reverse("applications:reveal", args=[app.pk])).status_code == 405
    assert not reveals().exists()


def test_api_list_and_detail_are_masked(client, app, street_reviewer):
    as_user(client, street_reviewer)
    listing = client.get("/api/v1/work/applications").content.decode()
    detail = client.get(f"/api/v1/work/applications/{app.number}").json()
    assert ID_NUMBER not in listing and PHONE not in listing
    assert (detail["id_number"], detail["phone"], detail["address"]) == (MASKED_ID, MASKED_PHONE, "城关大****")
