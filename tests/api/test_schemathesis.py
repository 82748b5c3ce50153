"""schemathesis against the API's own OpenAPI document: no operation answers 5xx.

The schema is loaded from the WSGI application, and every operation is called
through it with generated (valid and invalid) input, as a supervisor with a
session so the /work/ operations run past the login. The staff workflow operations (POST) are called as the receiving unit's
clerk with a CSRF token, on the one stored application, so generated bodies reach the form
checks and the services instead of stopping at the 403/404. The WSGI handler opens
and closes its own database connections, hence the transactional database.
Bounded to a few examples per operation so the whole file stays well under a minute.
"""
import datetime as dt

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from gongkai.applications import codes, services
from gongkai.wsgi import application
from tests.conftest import PASSWORD

MAX_EXAMPLES = 15


@pytest.fixture
def api_schema(transactional_db, monkeypatch, street_clerk, supervisor):
    monkeypatch.setenv("GONGKAI_PUBLIC_RATE_LIMIT", "0")
    monkeypatch.setenv("GONGKAI_PUBLIC_CAPTCHA", "0")
    global NUMBER
    NUMBER = services.register_at_counter(street_clerk, {
        "applicant_type": "natural_person", "name": "王小明", "id_number": "11010519491231002X",
        "phone": "13812345678", "email": "", "address": "", "info_form": "paper", "delivery": "pickup",
        "description": "城关街道2026年老旧小区改造项目的批复文件", "channel": "counter",
        "received_on": dt.date(2026, 9, 28)}, codes.new_token()).application.number
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def session_cookie(api_schema, supervisor):
    client = Client()
    client.login(username=supervisor.username, password=PASSWORD)
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.fixture
def clerk_auth(api_schema, street_clerk):
    client = Client()
    client.get("/accounts/login/")
    client.login(username=street_clerk.username, password=PASSWORD)
    token = client.cookies["csrftoken"].value
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}, {"X-CSRFToken": token}


NUMBER = ""


def _five_hundreds(operation, mode, cookies, headers=None, number=None) -> list[str]:
    """The 5xx answers of ``operation`` to generated input of ``mode`` (positive or negative)."""
    found = []

    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        if number and case.path_parameters and "number" in case.path_parameters:
            case.path_parameters["number"] = number
        response = case.call(cookies=cookies, headers=headers)
        if response.status_code >= 500:
            found.append(f"{operation.label} [{mode.value}] -> {response.status_code}: {case.as_curl_command()}")

    run()
    return found


OPERATIONS = [
    ("GET", "/api/v1/items"),
    ("GET", "/api/v1/items/{item_id}"),
    ("GET", "/api/v1/search"),
    ("GET", "/api/v1/categories"),
    ("GET", "/api/v1/work/items"),
    ("GET", "/api/v1/work/items/{item_id}"),
    ("POST", "/api/v1/applications"),
    ("GET", "/api/v1/applications/{number}"),
    ("GET", "/api/v1/work/applications"),
    ("GET", "/api/v1/work/applications/{number}"),
    ("GET", "/api/v1/reports"),
    ("GET", "/api/v1/reports/{report_id}"),
    ("POST", "/api/v1/work/reports/audit"),
]
WORKFLOW = [("POST", f"/api/v1/work/applications/{{number}}/{step}") for step in (
    "supplement-request", "supplement-received", "pauses", "pauses/{pause_id}/end", "extension",
    "extension/approve", "decision")]


def test_every_operation_is_covered_here(api_schema):
    listed = {tuple(p.values) if hasattr(p, "values") else p for p in OPERATIONS}
    listed |= set(WORKFLOW)
    assert {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()} == listed


@pytest.mark.parametrize("method, path", OPERATIONS)
def test_no_5xx(api_schema, session_cookie, method, path):
    operation = api_schema[path][method]
    failures = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        failures += _five_hundreds(operation, mode, session_cookie)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("method, path", WORKFLOW)
def test_workflow_no_5xx(api_schema, clerk_auth, method, path):
    cookies, headers = clerk_auth
    operation = api_schema[path][method]
    failures = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        failures += _five_hundreds(operation, mode, cookies, headers, number=NUMBER)
    assert not failures, "\n".join(failures)
