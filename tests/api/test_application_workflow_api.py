"""Staff workflow over the JSON API: 补正, 征求意见, 延期 and 答复 through the services, with the
session's CSRF token, the unit's scoping (404) and the role (403)."""
import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.applications.handling import codes
from gongkai.applications.handling import services
from gongkai.applications.models import Application, ApplicationExtension, Status
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)
BASE = "/api/v1/work/applications"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def register(user, received=dt.date(2026, 9, 28)):
    data = {"applicant_type": "natural_person", "name": "王小明", "id_number": "11010519491231002X",
            "phone": "13812345678", "email": "", "address": "", "info_form": "paper", "delivery": "pickup",
            "description": "城关街道2026年老旧小区改造项目的批复文件", "channel": "counter",
            "received_on": received}
    return services.register_at_counter(user, data=data, submission_key=codes.new_token()).application


def staff(user) -> Client:
    """A browser-like client: CSRF enforced, logged in, the csrftoken cookie taken from a page."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    assert client.login(username=user.username, password=PASSWORD)
    return client


def post(client, path, body, csrf=True):
    headers = {"X-CSRFToken": client.cookies["csrftoken"].value} if csrf else {}
    return client.post(f"{BASE}/{path}", body, content_type="application/json", headers=headers)


def actions(app):
    return list(AuditEntry.objects.filter(target_id=str(app.pk)).order_by("id").values_list("action", flat=True))


def test_whole_workflow_moves_the_due_date_and_is_audited(street_clerk, street_reviewer):
    app = register(street_clerk)  # received Mon 28 Sep 2026
    clerk, reviewer = staff(street_clerk), staff(street_reviewer)

    r = post(clerk, f"{app.number}/supplement-request",
             {"requested_on": "2026-09-30", "items": "请写明项目名称", "workdays": 10})
    assert r.status_code == 200, r.json()
    d = r.json()
    assert d["status"] == "supplement_requested" and d["due_on"] is None and d["due_explanation"] == []
    # 补正 period of 10 working days from Wed 30 Sep (not counted): 1–7 Oct 国庆 off, 8 1), 9 2),
    # Sat 10 Oct 调休 3), 12–16 4)–8), 19 9), 20 10): Tue 20 Oct.
    assert d["supplement_workdays"] == 10 and d["supplement_due_on"] == "2026-10-20"
    assert d["supplement_items"] == "请写明项目名称"

    r = post(clerk, f"{app.number}/supplement-received", {"received_on": "2026-10-09"})
    # From Fri 9 Oct (not counted): Sat 10 Oct 调休 1), 12–16 2)–6), 19–23 7)–11), 26–30 12)–16),
    # 2–5 Nov 17)–20): due Thu 5 Nov.
    assert r.status_code == 200 and r.json()["due_on"] == "2026-11-05"
    assert "收到补正：2026-10-09" in " ".join(r.json()["due_explanation"])

    r = post(clerk, f"{app.number}/pauses", {"kind": "third_party", "party": "城关建设公司", "started_on": "2026-10-12"})
    pause_id = r.json()["pauses"][0]["id"]
    assert r.status_code == 200 and r.json()["pauses"][0]["ended_on"] is None
    r = post(clerk, f"{app.number}/pauses/{pause_id}/end", {"ended_on": "2026-10-16"})
    # 12–16 Oct (5 working days) not counted: Sat 10 Oct 1), 19–23 2)–6), 26–30 7)–11), 2–6 Nov 12)–16),
    # 9–12 Nov 17)–20): due Thu 12 Nov.
    assert r.status_code == 200 and r.json()["due_on"] == "2026-11-12"
    assert r.json()["pauses"][0]["ended_on"] == "2026-10-16"

    r = post(clerk, f"{app.number}/extension", {"days": 5, "reason": "涉及档案较多，需调取", "requested_on": "2026-11-02"})
    assert r.status_code == 200 and r.json()["extension"]["approved_on"] is None
    assert r.json()["due_on"] == "2026-11-12"  # not moved until approved
    r = post(reviewer, f"{app.number}/extension/approve", {"approved_on": "2026-11-03"})
    # Five more working days after Thu 12 Nov: 13, 16, 17, 18, 19 Nov.
    assert r.status_code == 200 and r.json()["due_on"] == "2026-11-19"
    assert r.json()["extension"]["approved_on"] == "2026-11-03"
    assert "原答复期限：2026-11-12" in r.json()["due_explanation"]

    r = post(clerk, f"{app.number}/decision", {"decision_type": "granted", "basis": "第三十六条第（二）项",
                                               "answered_on": "2026-11-18", "text": "予以提供"})
    assert r.status_code == 200
    d = r.json()
    assert d["status"] == "answered" and d["answered_on"] == "2026-11-18" and d["decision_label"] == "予以公开"
    assert d["decision_basis"] == "《中华人民共和国政府信息公开条例》第三十六条第（二）项"
    assert actions(app) == [
        "application.register", "application.supplement_request", "application.supplement_receive",
        "application.pause_start", "application.pause_end", "application.extension_request",
        "application.extension_approve", "application.decide"]
    approve = AuditEntry.objects.get(action="application.extension_approve")
    assert approve.actor_id == street_reviewer.pk and "王小明" not in str(approve.detail)


def test_without_session_401_and_without_csrf_token_403(street_clerk):
    app = register(street_clerk)
    body = {"requested_on": "2026-09-30", "items": "请写明项目名称"}
    anonymous = Client(enforce_csrf_checks=True)
    anonymous.get("/accounts/login/")
    assert post(anonymous, f"{app.number}/supplement-request", body).status_code == 401
    clerk = staff(street_clerk)
    refused = post(clerk, f"{app.number}/supplement-request", body, csrf=False)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert Application.objects.get(pk=app.pk).status == Status.RECEIVED and "令牌" in refused.json()["detail"]
    assert post(clerk, f"{app.number}/supplement-request", body).status_code == 200


def test_other_units_application_is_404_and_wrong_role_is_403(street_clerk, town_clerk, supervisor):
    app = register(street_clerk)
    body = {"requested_on": "2026-09-30", "items": "请写明项目名称"}
    other = post(staff(town_clerk), f"{app.number}/supplement-request", body)
    assert other.status_code == 404 and other.json() == {"detail": "未找到该申请"}
    assert post(staff(town_clerk), "T1100-2026-9999/supplement-request", body).json() == other.json()
    looking = post(staff(supervisor), f"{app.number}/supplement-request", body)  # sees it, may not act
    assert looking.status_code == 403 and "无权" in looking.json()["detail"]
    assert Application.objects.get(pk=app.pk).status == Status.RECEIVED
    assert actions(app) == ["application.register"]


def test_only_a_reviewer_other_than_the_requester_approves(street_clerk, street_admin):
    app = register(street_clerk, received=dt.date(2026, 11, 16))
    clerk, admin = staff(street_clerk), staff(street_admin)
    assert post(admin, f"{app.number}/extension", {"days": 20, "reason": "材料多", "requested_on": "2026-11-17"}
                ).status_code == 200
    by_clerk = post(clerk, f"{app.number}/extension/approve", {"approved_on": "2026-11-18"})
    assert by_clerk.status_code == 403 and "审核人" in by_clerk.json()["detail"]
    own = post(admin, f"{app.number}/extension/approve", {"approved_on": "2026-11-18"})
    assert own.status_code == 422 and own.json()["detail"] == [
        {"field": None, "message": "延期须由申请人以外的审核人同意"}]
    assert ApplicationExtension.objects.get(application=app).approved_on is None


def _with_extension(app, street_admin):
    services.request_extension(street_admin, app, days=20, reason="材料多", requested_on=dt.date(2026, 11, 17))


@pytest.mark.parametrize("who, path, body, call", [
    ("supervisor", "supplement-request", {"requested_on": "2026-09-30", "items": "请写明项目名称"},
     lambda u, app: services.request_supplement(u, app, requested_on=dt.date(2026, 9, 30), items="请写明项目名称",
                                                workdays=10)),
    ("supervisor", "supplement-received", {"received_on": "2026-10-09"},
     lambda u, app: services.receive_supplement(u, app, received_on=dt.date(2026, 10, 9))),
    ("supervisor", "pauses", {"kind": "third_party", "party": "某公司", "started_on": "2026-10-09"},
     lambda u, app: services.start_pause(u, app, kind="third_party", party="某公司", started_on=dt.date(2026, 10, 9))),
    ("supervisor", "extension", {"days": 20, "reason": "材料多", "requested_on": "2026-11-17"},
     lambda u, app: services.request_extension(u, app, days=20, reason="材料多", requested_on=dt.date(2026, 11, 17))),
    ("street_clerk", "extension/approve", {"approved_on": "2026-11-18"},
     lambda u, app: services.approve_extension(u, app, approved_on=dt.date(2026, 11, 18))),
    ("supervisor", "decision", {"decision_type": "granted", "basis": "第三十六条第（二）项",
                                "answered_on": "2026-11-18", "text": "请到本机关领取"},
     lambda u, app: services.record_decision(u, app, decision_code="granted", basis="第三十六条第（二）项",
                                             answered_on=dt.date(2026, 11, 18),
                                             text="请到本机关领取", on_the_spot=False)),
])
def test_wrong_role_403_says_what_the_service_refuses_with(request, street_clerk, street_admin, who, path,
                                                           body, call):
    app = register(street_clerk, received=dt.date(2026, 9, 28) if who == "supervisor" else dt.date(2026, 11, 16))
    if path == "extension/approve":
        _with_extension(app, street_admin)
    user = request.getfixturevalue(who)
    with pytest.raises(services.ApplicationError) as refused:
        call(user, app)
    before = actions(app)
    answer = post(staff(user), f"{app.number}/{path}", body)
    assert answer.status_code == 403 and answer.json() == {"detail": str(refused.value)}
    assert "无权" in str(refused.value)
    # the role is asked before the body is read
    assert post(staff(user), f"{app.number}/{path}", {}).json() == answer.json()
    assert actions(app) == before


@pytest.mark.parametrize("path, body, field, words", [
    ("supplement-request", {"requested_on": "2026-09-30"}, "items", "请填写需要补正的事项"),
    ("supplement-request", {"requested_on": "30/09/2026", "items": "x"}, "requested_on", "应为日期"),
    ("supplement-request", {"requested_on": 20260930, "items": "x"}, "requested_on", "应为日期"),
    ("supplement-request", {"requested_on": "2026-09-30", "items": "x", "due_on": "2027-01-01"}, "due_on",
     "不能填写此字段"),
    ("supplement-request", {"requested_on": "2026-12-01", "items": "x"}, None, "告知补正日期不能晚于今天"),
    ("supplement-request", {"requested_on": "2026-09-01", "items": "x"}, None, "不能早于收到申请日期"),
    ("supplement-request", {"requested_on": "2026-09-30", "items": "  "}, "items", "必须填写"),
    ("supplement-received", {"received_on": "2026-10-09"}, None, "没有待补正的事项"),
    ("extension", {"days": 21, "reason": "多", "requested_on": "2026-10-09"}, "days", "20"),
    ("extension", {"days": "5", "reason": "多", "requested_on": "2026-10-09"}, "days", "应为整数"),
    ("pauses", {"kind": "neighbour", "party": "x", "started_on": "2026-10-09"}, "kind", "取值不正确"),
    ("pauses/999/end", {"ended_on": "2026-10-09"}, None, "没有此项征求意见"),
    ("decision", {"decision_type": "withheld.1", "basis": "第十三条", "answered_on": "2026-10-09",
                  "text": "理由见上"}, None,
     "法律依据应为"),
    ("decision", {"decision_type": "granted", "basis": "第三十六条第（二）项", "answered_on": "2026-10-09",
                  "text": "请到本机关领取", "on_the_spot": True}, None, "当场答复仅适用于"),
    ("decision", ["granted"], None, "请求体应为JSON对象"),
])
def test_rule_violations_are_422_in_chinese_and_change_nothing(street_clerk, path, body, field, words):
    app = register(street_clerk)
    before = actions(app)
    r = post(staff(street_clerk), f"{app.number}/{path}", body)
    assert r.status_code == 422, r.content
    errors = r.json()["detail"]
    assert any(e["field"] == field and words in e["message"] for e in errors), errors
    stored = Application.objects.get(pk=app.pk)
    assert stored.status == Status.RECEIVED and stored.due_on == app.due_on and actions(app) == before


def test_not_json_is_400(street_clerk):
    app = register(street_clerk)
    clerk = staff(street_clerk)
    r = clerk.post(f"{BASE}/{app.number}/decision", "{not json", content_type="application/json",
                   headers={"X-CSRFToken": clerk.cookies["csrftoken"].value})
    assert r.status_code == 400 and r.json()["detail"] == [{"field": None, "message": "请求体不是有效的JSON"}]


def test_supplement_only_once_through_the_api(street_clerk):
    app = register(street_clerk)
    clerk = staff(street_clerk)
    body = {"requested_on": "2026-09-30", "items": "请写明项目名称"}
    assert post(clerk, f"{app.number}/supplement-request", body).status_code == 200
    again = post(clerk, f"{app.number}/supplement-request", body)
    assert again.status_code == 422 and again.json()["detail"][0]["message"] == "补正只能在收到申请后一次性告知"


def test_openapi_documents_the_workflow_with_csrf_and_errors(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("supplement-request", "supplement-received", "pauses", "pauses/{pause_id}/end", "extension",
                 "extension/approve", "decision"):
        op = paths[f"{BASE}/{{number}}/{path}"]["post"]
        assert {"200", "401", "403", "404", "422"} <= set(op["responses"]) and "X-CSRFToken" in op["description"]
    body = paths[f"{BASE}/{{number}}/decision"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["answered_on"]["format"] == "date" and "granted" in body["properties"][
        "decision_type"]["enum"]
