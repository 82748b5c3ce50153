"""The answer steps in the browser's terms: forms post to the services; another unit gets 404."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications.handling import services
from gongkai.applications.models import Application, ApplicationExtension, ApplicationPause
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = dt.date


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_clerk_pauses_extends_and_answers_in_the_browser(client, counter_app, street_clerk, street_reviewer):
    app = counter_app(D(2026, 9, 14))
    login(client, street_clerk)
    html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "征求第三方或其他机关意见" in html and "申请延期答复" in html and "登记办理结果" in html
    assert '<optgroup label="（三）不予公开">' in html and "basis-prefill" in html
    client.post(reverse("applications:start_pause", args=[app.pk]),
                {"kind": "third_party", "party": "某某公司", "started_on": "2026-09-22"})
    pause = ApplicationPause.objects.get()
    client.post(reverse("applications:end_pause", args=[app.pk, pause.pk]), {"ended_on": "2026-09-24"})
    client.post(reverse("applications:request_extension", args=[app.pk]),
                {"days": "5", "reason": "需要调取档案", "requested_on": "2026-10-12"})
    html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "待审核人同意" in html and "同意延期" not in html.split('id="extension"')[1].split("</p>")[1][:200]
    client.logout()
    login(client, street_reviewer).post(reverse("applications:approve_extension", args=[app.pk]),
                                        {"approved_on": "2026-10-13"})
    assert Application.objects.get(pk=app.pk).due_on == D(2026, 10, 28)
    response = client.post(reverse("applications:decide", args=[app.pk]),
                           {"decision_type": "granted", "basis": "", "answered_on": "2026-10-20",
                            "text": "请于工作日到本机关领取"}, follow=True)
    assert "须写明法律依据" in response.content.decode()
    client.post(reverse("applications:decide", args=[app.pk]),
                {"decision_type": "granted", "basis": "第三十六条第（二）项", "answered_on": "2026-10-20",
                 "text": "请于工作日到本机关领取", "confirm": "1"})
    html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "已答复" in html and "予以公开" in html and "答复告知书（予以公开）" in html
    assert "征求第三方意见：2026-09-22至2026-09-24暂停" in html and "延期5个工作日" in html


NEW_POSTS = ["applications:start_pause", "applications:request_extension", "applications:approve_extension",
             "applications:decide"]


@pytest.mark.parametrize("name", NEW_POSTS)
def test_other_unit_gets_404_on_every_new_action(client, counter_app, town_reviewer, name):
    app = counter_app(D(2026, 9, 14))
    data = {"kind": "third_party", "party": "x", "started_on": "2026-09-22", "days": "5", "reason": "x",
            "requested_on": "2026-09-22", "approved_on": "2026-09-22", "decision_type": "granted",
            "basis": "第三十六条第（一）项", "answered_on": "2026-09-22", "text": "x", "confirm": "1"}
    assert login(client, town_reviewer).post(reverse(name, args=[app.pk]), data).status_code == 404
    assert Application.objects.get(pk=app.pk).status == "received"
    assert not ApplicationPause.objects.exists() and not ApplicationExtension.objects.exists()


def test_other_unit_gets_404_on_ending_a_pause(client, counter_app, street_clerk, town_clerk):
    app = counter_app(D(2026, 9, 14))
    pause = services.start_pause(street_clerk, app, kind="third_party", party="x公司", started_on=D(2026, 9, 22))
    response = login(client, town_clerk).post(reverse("applications:end_pause", args=[app.pk, pause.pk]),
                                              {"ended_on": "2026-09-24"})
    assert response.status_code == 404
    assert ApplicationPause.objects.get().ended_on is None


def test_a_pause_of_another_application_is_404(client, counter_app, street_clerk):
    first, second = counter_app(D(2026, 9, 14)), counter_app(D(2026, 9, 14))
    pause = services.start_pause(street_clerk, first, kind="third_party", party="x公司", started_on=D(2026, 9, 22))
    response = login(client, street_clerk).post(reverse("applications:end_pause", args=[second.pk, pause.pk]),
                                                {"ended_on": "2026-09-24"})
    assert response.status_code == 404


def test_requester_sees_no_approve_button(client, counter_app, street_reviewer):
    app = counter_app(D(2026, 9, 14))
    services.request_extension(street_reviewer, app, days=5, reason="x", requested_on=D(2026, 9, 22))
    html = login(client, street_reviewer).get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert reverse("applications:approve_extension", args=[app.pk]) not in html



def test_the_decision_is_previewed_and_recorded_only_on_confirmation(client, counter_app, street_clerk):
    """Issue 12.7: one click used to answer the case, with an empty 答复内容 accepted."""
    app = counter_app(D(2026, 9, 14))
    login(client, street_clerk)
    url = reverse("applications:decide", args=[app.pk])
    data = {"decision_type": "granted", "basis": "第三十六条第（一）项", "answered_on": "2026-09-22"}
    empty = client.post(url, data, follow=True).content.decode()
    assert "请填写答复内容" in empty and Application.objects.get(pk=app.pk).status == "received"
    data["text"] = "所申请信息可以公开，请于工作日到城关街道党政办领取。"
    preview = client.post(url, data)
    html = preview.content.decode()
    assert preview.status_code == 200 and "确认作出答复" in html and "予以公开" in html and "党政办领取" in html
    assert Application.objects.get(pk=app.pk).status == "received"          # nothing recorded yet
    assert not AuditEntry.objects.filter(action="application.decide").exists()
    client.post(url, {**data, "confirm": "1"})
    assert Application.objects.get(pk=app.pk).status == "answered"
    assert AuditEntry.objects.filter(action="application.decide").count() == 1


def test_a_pending_extension_is_not_shown_as_waiting_on_a_closed_case(client, counter_app, street_clerk):
    app = counter_app(D(2026, 9, 14))
    login(client, street_clerk)
    client.post(reverse("applications:request_extension", args=[app.pk]),
                {"days": "5", "reason": "需要调取档案", "requested_on": "2026-10-09"})
    data = {"decision_type": "granted", "basis": "第三十六条第（一）项", "answered_on": "2026-10-10",
            "text": "请于工作日到本机关领取"}
    preview = client.post(reverse("applications:decide", args=[app.pk]), data).content.decode()
    assert "延期申请尚未获审核人同意" in preview
    client.post(reverse("applications:decide", args=[app.pk]), {**data, "confirm": "1"})
    html = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    extension = html.split('id="extension"')[1].split("</p>")[0]
    assert "待审核人同意" not in extension and "答复前未获同意，未延期" in extension
