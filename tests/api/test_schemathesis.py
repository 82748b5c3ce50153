"""schemathesis against the API's own OpenAPI document: no operation answers 5xx.

The schema is loaded from the WSGI application, and every operation is called
through it with generated (valid and invalid) input, as a supervisor with a
session so the /work/ operations run past the login. The WSGI handler opens
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
    services.register_at_counter(street_clerk, {
        "applicant_type": "natural_person", "name": "王小明", "id_number": "11010519491231002X",
        "phone": "13812345678", "email": "", "address": "", "info_form": "paper", "delivery": "pickup",
        "description": "城关街道2026年老旧小区改造项目的批复文件", "channel": "counter",
        "received_on": dt.date(2026, 9, 28)}, codes.new_token())
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def session_cookie(api_schema, supervisor):
    client = Client()
    client.login(username=supervisor.username, password=PASSWORD)
    return {"sessionid": client.cookies["sessionid"].value}


def _five_hundreds(operation, mode, cookies) -> list[str]:
    """The 5xx answers of ``operation`` to generated input of ``mode`` (positive or negative)."""
    found = []

    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        response = case.call(cookies=cookies)
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
]


def test_every_operation_is_covered_here(api_schema):
    listed = {tuple(p.values) if hasattr(p, "values") else p for p in OPERATIONS}
    assert {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()} == listed


@pytest.mark.parametrize("method, path", OPERATIONS)
def test_no_5xx(api_schema, session_cookie, method, path):
    operation = api_schema[path][method]
    failures = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        failures += _five_hundreds(operation, mode, session_cookie)
    assert not failures, "\n".join(failures)
