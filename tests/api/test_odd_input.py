"""Hand-picked hostile input to every API operation: never a 5xx, always a clear refusal or an answer.

schemathesis (test_schemathesis.py) generates what the schema describes; the values below are
the ones generators rarely produce and probes do: lone UTF-16 surrogates in JSON (``"\\ud800"``,
legal JSON, illegal UTF-8 — a 500 at insert before), NUL, integers past 2**63, ``1e400``,
invalid UTF-8 in the path, very long strings, deep nesting, and a multipart body without a
boundary. Every operation of the OpenAPI document is walked, so a new one is covered too.
"""
from __future__ import annotations

import json

import pytest

from gongkai.applications.models import Application
from gongkai.domain.decisions import DECISION_TYPES
from tests.conftest import PASSWORD

from .world import build_world

ODD_TEXT = ["0", "-1", "99999999999999999999999", "%ED%A0%80", "%00", "%C0%AF", "1e400", "NaN", "%20",
            "x" * 3000, "..%2F..%2Fetc%2Fpasswd", "%F0%9F%98%80", "%E2%80%AE"]
ODD_JSON = ['"\\ud800"', '"a\\udfffb"', '"\\ud800\\ud800"', '"a\\u0000b"', '"' + "长" * 50_000 + '"', "1e400",
            "-0", "99999999999999999999999999", "-9223372036854775809", "null", "true", "[]", "{}",
            '"2026-02-30"', '"\\u202e"', "[" * 3000 + "]" * 3000]
ODD_BODIES = [b"", b"\xff\xfe\x00", b'"\\ud800"', b"[" * 100_000, b'{"a": 1', b"[]", b"null",
              b'{"\\ud800": 1}']
NO_BOUNDARY = "multipart/form-data"

BODIES = {
    "/api/v1/applications": lambda w: {
        "unit": w["unit_code"], "applicant_type": "natural_person", "name": "李四", "id_number": "11010519491231002X",
        "phone": "13812345678", "description": "城关街道2026年道路维修计划", "form": "paper", "delivery": "pickup"},
    "/supplement-request": lambda w: {"requested_on": "2026-09-29", "items": "身份证明", "workdays": 10},
    "/supplement-received": lambda w: {"received_on": "2026-10-09"},
    "/pauses": lambda w: {"kind": "third_party", "party": "某公司", "started_on": "2026-09-29"},
    "/end": lambda w: {"ended_on": "2026-10-09"},
    "/extension": lambda w: {"days": 10, "reason": "需要协调", "requested_on": "2026-10-09"},
    "/approve": lambda w: {"approved_on": "2026-10-10"},
    "/decision": lambda w: {"decision_type": DECISION_TYPES[0].code, "basis": "第十三条",
                            "answered_on": "2026-10-10", "text": "答复"},
}


def _schema() -> dict:
    from gongkai.api.views import api

    return api.get_openapi_schema()


OPERATIONS = sorted((method.upper(), path, op) for path, ops in _schema()["paths"].items()
                    for method, op in ops.items())
JSON_OPERATIONS = [(m, p, op) for m, p, op in OPERATIONS if "application/json" in op.get("requestBody", {}).get(
    "content", {})]


def _base_body(path: str, world: dict) -> dict:
    key = next(k for k in BODIES if path.endswith(k))
    return BODIES[key](world)


@pytest.fixture
def world(db, client, settings, street, street_clerk, street_reviewer):
    settings.GONGKAI_PUBLIC_RATE_LIMIT = False
    known = build_world(street, street_clerk, street_reviewer)
    known["unit_code"] = street.code
    assert client.login(username=street_clerk.username, password=PASSWORD)
    return known


def _url(path: str, op: dict, world: dict, odd: dict[str, str] | None = None) -> str:
    staff = bool(op.get("security"))
    values = dict(world["work" if staff else "public"])
    if "{pause_id}" in path:
        values["number"] = world["paused_number"]
    values.update(odd or {})
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def _check(response, what: str) -> None:
    assert response.status_code < 500, f"{what} -> {response.status_code}"
    if response.status_code >= 400 and response.get("Content-Type", "").startswith("application/json"):
        assert response.json(), what


def test_every_json_operation_has_a_base_body():
    assert all(any(p.endswith(k) for k in BODIES) for _, p, _ in JSON_OPERATIONS)


@pytest.mark.parametrize("method, path, op", OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_odd_path_and_query_values(client, world, method, path, op):
    params = op.get("parameters", [])
    for param in params:
        for value in ODD_TEXT:
            if param["in"] == "path":
                url, query = _url(path, op, world, {param["name"]: value}), ""
            elif param["in"] == "query":
                url, query = _url(path, op, world), f"?{param['name']}={value}"
            else:
                headers = {"HTTP_" + param["name"].upper().replace("-", "_"): value + "\ud800"}
                _check(client.generic(method, _url(path, op, world), b"{}", "application/json", **headers),
                       f"{method} {path} header {param['name']}={value[:20]}")
                continue
            _check(client.generic(method, url + query, b"{}" if method == "POST" else b"", "application/json"),
                   f"{method} {path} {param['name']}={value[:20]}")


@pytest.mark.parametrize("method, path, op", JSON_OPERATIONS, ids=[f"{m} {p}" for m, p, _ in JSON_OPERATIONS])
def test_odd_json_values_in_every_field(client, world, method, path, op):
    url = _url(path, op, world)
    base = _base_body(path, world)
    for field in base:
        for value in ODD_JSON:
            body = json.dumps({**base, field: "__ODD__"}).replace('"__ODD__"', value)
            _check(client.post(url, body.encode(), content_type="application/json"),
                   f"{path} {field}={value[:20]}")


@pytest.mark.parametrize("method, path, op", [o for o in OPERATIONS if o[0] == "POST"],
                         ids=[f"{m} {p}" for m, p, _ in OPERATIONS if m == "POST"])
def test_odd_whole_bodies(client, world, method, path, op):
    url = _url(path, op, world)
    for body in ODD_BODIES:
        for content_type in ("application/json", NO_BOUNDARY, "text/plain; charset=utf-8"):
            _check(client.generic("POST", url, body, content_type), f"{path} {content_type} {body[:20]!r}")


def test_lone_surrogate_in_a_public_application_is_refused_and_nothing_is_stored(client, world):
    before = Application.objects.count()
    body = json.dumps({**BODIES["/api/v1/applications"](world), "name": "__ODD__"}).replace('"__ODD__"', '"王\\ud800"')
    client.logout()
    response = client.post("/api/v1/applications", body.encode(), content_type="application/json")
    assert response.status_code in (400, 422)
    assert "detail" in response.json() and Application.objects.count() == before


def test_lone_surrogate_in_a_workflow_step_is_refused_and_the_application_unchanged(client, world):
    number = world["work"]["number"]
    app = Application.objects.get(number=number)
    body = '{"requested_on": "2026-09-29", "items": "\\ud800身份证明", "workdays": 10}'
    response = client.post(f"/api/v1/work/applications/{number}/supplement-request", body.encode(),
                           content_type="application/json")
    assert response.status_code in (400, 422)
    app.refresh_from_db()
    assert app.status == Application.objects.get(pk=app.pk).status and not app.supplement_items
