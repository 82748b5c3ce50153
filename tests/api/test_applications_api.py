"""The applications part of the JSON API: public intake and status, staff reading scoped like the workbench."""
import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.applications.handling import codes
from gongkai.applications.handling import services
from gongkai.applications.models import Application
from gongkai.domain.identity import mask_id_number
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
DAY = dt.date(2026, 9, 28)
KEY = "7f1c2a9e-4b3d-4e8a-9c11-0d2f5e6a7b8c"


@pytest.fixture(autouse=True)
def _switches(monkeypatch, settings):
    settings.GONGKAI_PUBLIC_CAPTCHA = True  # the API works without the HTML form's CAPTCHA
    settings.GONGKAI_PUBLIC_RATE_LIMIT = False
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DAY)
    cache.clear()
    yield
    cache.clear()


def body(office, **over):
    data = {"unit": office.pk, "applicant_type": "natural_person", "name": "王小明", "id_number": ID_NUMBER,
            "phone": "13812345678", "email": "wxm@example.com", "address": "城关大道2号",
            "description": "城关街道2026年老旧小区改造项目的批复文件（文号不详）",
            "form": "electronic", "delivery": "email"}
    data.update(over)
    return data


@pytest.fixture
def submit(client):
    def post(data, key=None, address="203.0.113.7"):
        headers = {"Idempotency-Key": key} if key else {}
        return client.post("/api/v1/applications", data, content_type="application/json",
                           headers=headers, REMOTE_ADDR=address)
    return post


def test_submit_answers_201_with_number_code_and_dates(submit, street):
    response = submit(body(street))
    assert response.status_code == 201
    data = response.json()
    assert set(data) == {"number", "query_code", "received_on", "due_on"}
    app = Application.objects.get()
    assert data["number"] == app.number == "T1100-2026-0001"
    assert data["received_on"] == "2026-09-28" and data["due_on"] == "2026-10-30"
    assert codes.code_matches(data["query_code"], app.query_code_hash)
    assert app.info_form == "electronic" and app.delivery == "email" and app.channel == "online"


def test_unit_can_be_named_by_code_and_csrf_is_not_required(street):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/applications", body(street, unit="T1100", form="paper", delivery="pickup"),
        content_type="application/json")
    assert response.status_code == 201
    assert Application.objects.get().info_form == "paper"


def test_same_idempotency_key_gives_the_same_application(submit, street):
    first = submit(body(street), key=KEY)
    again = submit(body(street), key=KEY)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json() and Application.objects.count() == 1
    other = submit(body(street, description="另一件申请：2025年城关街道财政预算"), key=KEY)
    assert other.status_code == 422 and other.json()["detail"][0]["field"] == "Idempotency-Key"
    assert submit(body(street), key="short").status_code == 422
    assert Application.objects.count() == 1
    assert submit(body(street)).status_code == 201 and Application.objects.count() == 2


@pytest.mark.parametrize("over, field, words", [
    ({"id_number": "110105194912310021"}, "id_number", "校验位不正确"),
    ({"phone": "12345"}, "phone", "联系电话"),
    ({"delivery": "post", "address": ""}, "address", "请填写通信地址"),
    ({"form": "fax"}, "form", "获取信息的方式的取值不正确"),
    ({"applicant_type": "alien"}, "applicant_type", "申请人类型"),
    ({"name": None}, "name", "应为文本"),
    ({"description": "资料"}, "description", "至少5个字"),
    ({"unit": "NOPE"}, "unit", "请选择受理申请的机关"),
    ({"unit": 10**30}, "unit", "受理申请的机关应为单位编号"),
    ({"email": "not-an-address", "delivery": "pickup"}, "email", "正确的电子邮件地址"),
    ({"purpose": "科研"}, "purpose", "不能填写此字段"),
])
def test_bad_input_gives_field_messages_in_chinese_and_stores_nothing(submit, street, over, field, words):
    response = submit(body(street, **over))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(e["field"] == field and words in e["message"] for e in detail), detail
    assert not Application.objects.exists() and not AuditEntry.objects.exists()


def test_missing_fields_and_non_json_bodies(submit, client, street, village):
    response = submit({"unit": street.pk})
    fields = {e["field"]: e["message"] for e in response.json()["detail"]}
    assert response.status_code == 422 and fields["name"] == "请填写申请人姓名或名称"
    assert {"applicant_type", "id_number", "phone", "description", "form", "delivery"} <= set(fields)
    assert submit(body(village)).status_code == 422  # a village committee takes no applications
    assert submit([1, 2]).json()["detail"] == [{"field": None, "message": "请求体应为JSON对象"}]
    broken = client.post("/api/v1/applications", "{", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["detail"][0]["message"] == "请求体不是有效的JSON"
    assert not Application.objects.exists()


def test_status_needs_the_right_code_and_says_nothing_otherwise(submit, client, street):
    data = submit(body(street)).json()
    response = client.get(f"/api/v1/applications/{data['number']}", {"code": data["query_code"].lower()})
    assert response.status_code == 200
    assert response.json() == {"number": data["number"], "unit": "城关街道办事处", "received_on": "2026-09-28",
                               "due_on": "2026-10-30", "status": "received", "status_label": "已收到",
                               "answered_on": None}
    wrong_code = client.get(f"/api/v1/applications/{data['number']}", {"code": "ABCDEFGHJK"})
    no_such = client.get("/api/v1/applications/T1100-2026-9999", {"code": data["query_code"]})
    assert wrong_code.status_code == no_such.status_code == 404
    assert wrong_code.json() == no_such.json() == {"detail": "未找到与该申请编号和查询码相符的申请，请核对后重试"}


@pytest.fixture
def apps(street, town, street_clerk, town_clerk):
    def register(user, name, received):
        data = {"applicant_type": "natural_person", "name": name, "id_number": ID_NUMBER,
                "phone": "13812345678", "email": "", "address": "", "info_form": "paper",
                "delivery": "pickup", "description": "城关街道2026年老旧小区改造项目的批复文件",
                "channel": "counter", "received_on": received}
        return services.register_at_counter(user, data=data, submission_key=codes.new_token()).application
    return (register(street_clerk, "街道申请人", dt.date(2026, 8, 3)),
            register(street_clerk, "街道申请人二", DAY),
            register(town_clerk, "镇申请人", DAY))


def test_work_api_needs_login(client, apps):
    assert client.get("/api/v1/work/applications").status_code == 401
    assert client.get(f"/api/v1/work/applications/{apps[0].number}").status_code == 401


def test_clerk_sees_own_unit_with_masked_ids_and_others_are_404(client, apps, street_clerk):
    old, new, town_app = apps
    client.login(username=street_clerk.username, password=PASSWORD)
    data = client.get("/api/v1/work/applications").json()
    assert data["count"] == 2 and {i["number"] for i in data["items"]} == {old.number, new.number}
    assert all(i["id_number"] == mask_id_number(ID_NUMBER) != ID_NUMBER for i in data["items"])
    assert ID_NUMBER not in str(data)
    detail = client.get(f"/api/v1/work/applications/{old.number}")
    assert detail.status_code == 200
    d = detail.json()
    # 个人信息 masked in the API too (security.md §3.11 b): a full view only through the audited reveal
    assert d["id_number"] == mask_id_number(ID_NUMBER) and d["name"] == "街道申请人" and d["phone"] == "138****5678"
    assert d["form"] == "paper" and d["due_explanation"]
    missing = client.get(f"/api/v1/work/applications/{town_app.number}")
    assert missing.status_code == 404 and missing.json() == {"detail": "未找到该申请"}
    assert client.get("/api/v1/work/applications/T1100-2026-9999").json() == missing.json()


def test_filters_status_and_overdue(client, apps, street_clerk):
    old, new, _ = apps
    client.login(username=street_clerk.username, password=PASSWORD)
    overdue = client.get("/api/v1/work/applications", {"overdue": "true"}).json()
    assert [i["number"] for i in overdue["items"]] == [old.number]  # due in August
    not_overdue = client.get("/api/v1/work/applications", {"overdue": "false"}).json()
    assert [i["number"] for i in not_overdue["items"]] == [new.number]
    assert client.get("/api/v1/work/applications", {"status": "received"}).json()["count"] == 2
    assert client.get("/api/v1/work/applications", {"status": "answered"}).json()["count"] == 0


def test_supervisor_sees_the_subtree(client, apps, supervisor):
    client.login(username=supervisor.username, password=PASSWORD)
    data = client.get("/api/v1/work/applications").json()
    assert data["count"] == 3
    town_app = apps[2]
    assert client.get(f"/api/v1/work/applications/{town_app.number}").json()["name"] == "镇申请人"


def test_rate_limit_per_address_on_and_off(submit, street, client, settings):
    settings.GONGKAI_PUBLIC_RATE_LIMIT = True
    settings.GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR = 2
    assert [submit(body(street)).status_code for _ in range(3)] == [201, 201, 429]
    refused = submit(body(street)).json()
    assert refused["detail"][0]["message"] == "本网络地址提交的申请过多，请一小时后再试，或到受理地点当面提交"
    assert Application.objects.count() == 2
    assert submit(body(street), address="198.51.100.9").status_code == 201  # another address
    settings.GONGKAI_PUBLIC_RATE_LIMIT = False
    assert submit(body(street)).status_code == 201


def test_failed_status_lookups_are_limited_too(client, street, settings):
    settings.GONGKAI_PUBLIC_RATE_LIMIT = True
    settings.GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR = 1  # four failed look-ups an hour
    codes_seen = [client.get("/api/v1/applications/T1100-2026-0001", {"code": "ABCDEFGHJK"}).status_code
                  for _ in range(5)]
    assert codes_seen == [404, 404, 404, 404, 429]


def test_openapi_documents_the_applications_api_in_chinese(client):
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    post = paths["/api/v1/applications"]["post"]
    assert {"201", "200", "422", "429"} <= set(post["responses"])
    assert "限制" in post["description"] and "验证码" in post["description"]
    body_schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema["properties"]["form"]["enum"] == ["paper", "electronic"]
    assert paths["/api/v1/applications/{number}"]["get"]["summary"] == "查询申请办理状态"
    assert "/api/v1/work/applications" in paths and "/api/v1/work/applications/{number}" in paths
