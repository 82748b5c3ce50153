"""Browser security headers on every kind of page (等保 8.1.4.4 d; docs/security.md §3.4).

The policy allows no inline script or style: scripts and stylesheets are static files. The
portal, the workbench, the admin and the API answer with the same policy; the API's Swagger
page adds data: images only; the watchdog's imitation site keeps its pages' own <style>.
"""
import re

import pytest

from tests.conftest import PASSWORD

REQUIRED = {"default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "object-src": "'none'",
            "frame-ancestors": "'none'", "base-uri": "'self'", "form-action": "'self'"}


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def assert_strict(response):
    policy = directives(response)
    for name, value in REQUIRED.items():
        assert policy.get(name) == value, (name, policy.get(name))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<(?!svg|path|rect|polyline|circle|line|text|g\b)[a-z][^>]*\sstyle=\"", re.I)


def assert_no_inline(html: str):
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not INLINE_HANDLER.search(html)
    assert "<style" not in html
    assert not STYLE_ATTRIBUTE.search(html), STYLE_ATTRIBUTE.search(html).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/apply/", "/accounts/login/", "/api/v1/items", "/api/v1/openapi.json"])
def test_public_pages_carry_the_strict_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_strict(response)
    if response["Content-Type"].startswith("text/html"):
        assert_no_inline(response.content.decode())


WORKBENCH = ["/work/", "/work/applications/", "/work/reports/", "/work/watch/", "/work/assessment/",
             "/work/workplan/", "/work/duties/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", WORKBENCH)
def test_workbench_pages_carry_the_strict_policy(client, street_clerk, url):
    assert client.login(username=street_clerk.username, password=PASSWORD)
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert_strict(response)
    assert_no_inline(response.content.decode())


@pytest.mark.django_db
def test_application_detail_has_no_inline_script(client, street_clerk):
    import datetime as dt

    from gongkai.applications.handling import codes
    from gongkai.applications.handling import services

    app = services.register_at_counter(street_clerk, data={
        "applicant_type": "natural_person", "name": "王小明", "id_number": "11010519491231002X",
        "phone": "13812345678", "email": "", "address": "", "info_form": "paper", "delivery": "pickup",
        "description": "城关街道2026年老旧小区改造项目的批复文件", "channel": "counter",
        "received_on": dt.date(2026, 9, 28)}, submission_key=codes.new_token()).application
    assert client.login(username=street_clerk.username, password=PASSWORD)
    response = client.get(f"/work/applications/{app.pk}/")
    html = response.content.decode()
    assert_strict(response)
    assert_no_inline(html) and "js/basis-prefill.js" in html


@pytest.mark.django_db
def test_admin_login_carries_the_strict_policy(client):
    response = client.get("/admin/login/", follow=True)
    assert_strict(response)


@pytest.mark.django_db
def test_api_docs_add_data_images_only(client):
    response = client.get("/api/v1/docs")
    policy = directives(response)
    assert response.status_code == 200 and "data:" in policy["img-src"]
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert_no_inline(response.content.decode())
