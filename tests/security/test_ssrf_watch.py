"""The SSRF guard where users reach it: the availability probe, the watchdog check, the screenshot
and 审查报告（网址）; and who may register a site as internal (a 系统管理员 only, never a unit admin)."""
from __future__ import annotations

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory

from gongkai.units.models import Role
from gongkai.watch import availability, checks, registration, screenshot
from gongkai.watch.models import RunKind, Site as WatchedSite
from tests.conftest import PASSWORD
from tests.security.test_ssrf import _CONNECTIONS as connections
from tests.watch.localsite import Route, Site, html, page, redirect

pytestmark = pytest.mark.django_db


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _site(unit, homepage, **extra):
    return WatchedSite.objects.create(unit=unit, name="街道网站", homepage=homepage, **extra)


@pytest.mark.parametrize("homepage", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
                                      "http://[::1]/", "http://localhost/", "http://0177.0.0.1/"])
def test_probe_of_an_internal_address_fails_without_connecting(street, homepage):
    with connections:
        probe = availability.probe(_site(street, homepage), timeout=2)
    assert connections.seen == []
    assert probe.ok is False and probe.status is None


def test_probe_does_not_follow_a_redirect_to_an_unregistered_local_server(street):
    with Site({"/": page("secret")}) as inside, Site({"/": redirect(inside.url("/"))}) as allowed:
        site = _site(street, allowed.url("/"), internal=True)
        probe = availability.probe(site, timeout=2)
        assert probe.ok is False
        assert inside.requests == []
        assert len(allowed.requests) == 1


def test_a_local_site_is_checked_only_when_registered_internal(street):
    with Site({"/": page(html("首页", "<p>ok</p>"))}) as server:
        site = _site(street, server.url("/"))
        run = checks.check_site(site, RunKind.DAILY)
        assert server.requests == [] and run.finished
        site.internal = True
        site.save()
        checks.check_site(site, RunKind.DAILY)
        assert server.requests


def test_unit_admin_cannot_register_a_site_internal(client, street, street_admin):
    _login(client, street_admin)
    client.post("/work/watch/sites/new/", {"name": "内网", "homepage": "http://10.0.0.1/", "max_pages": 10,
                                           "max_depth": 2, "concurrency": 1, "requests_per_second": 1,
                                           "external": "skip", "is_active": "on", "internal": "on"})
    site = WatchedSite.objects.get(name="内网")
    assert site.internal is False


def test_changing_the_address_of_an_internal_site_drops_internal(street, street_admin):
    site = _site(street, "http://10.1.1.1/", internal=True)
    registration.update_site(street_admin, site, {"name": "改名"})
    site.refresh_from_db()
    assert site.internal is True                      # nothing about where it points changed
    registration.update_site(street_admin, site, {"homepage": "http://10.1.1.1:5432/"})
    site.refresh_from_db()
    assert site.internal is False


def test_only_the_sysadmin_may_set_internal_in_the_admin(street, make_user):
    site = _site(street, "http://10.1.1.1/")
    model_admin = admin_site._registry[WatchedSite]
    request = RequestFactory().get("/admin/")
    request.user = make_user(street, Role.UNIT_ADMIN)
    assert "internal" in model_admin.get_readonly_fields(request, site)
    request.user = make_user(street, Role.SYSADMIN)
    assert "internal" not in model_admin.get_readonly_fields(request, site)


def test_screenshot_refuses_before_starting_the_browser():
    with connections, pytest.raises(screenshot.ScreenshotError) as info:
        screenshot.capture("http://169.254.169.254/latest/", timeout_ms=3000)
    assert str(info.value) == "无法访问该网址"
    assert connections.seen == []


@pytest.mark.browser
def test_screenshot_fetches_no_subresource_from_an_unregistered_address():
    from gongkai.domain.outbound import Policy

    with Site({"/x.png": Route(b"\x89PNG", headers={"Content-Type": "image/png"})}) as inside:
        body = html("首页", f'<img src="{inside.url("/x.png")}"><img src="http://169.254.169.254/y.png">')
        with Site({"/": page(body)}) as allowed:
            policy = Policy().with_internal([f"127.0.0.1:{allowed.server.server_address[1]}"])
            png = screenshot.capture(allowed.url("/"), policy=policy, timeout_ms=8000)
            assert png.startswith(b"\x89PNG")
            assert [r[1] for r in allowed.requests] == ["/"]
        assert inside.requests == []


def _report_site(street, server, **extra):
    return _site(street, server.url("/"), **extra)


def test_report_by_url_compares_port_and_scheme_not_only_host(client, street, street_clerk):
    with Site({"/r.html": page("<p>report</p>")}) as server:
        _report_site(street, server, internal=True)
        _login(client, street_clerk)
        port = server.server.server_address[1]
        for url in ("http://127.0.0.1:5432/", f"https://127.0.0.1:{port}/r.html", "http://127.0.0.1/admin/login/"):
            with connections:
                text = client.post("/work/reports/inspect/", {"url": url}).content.decode()
            assert "只能审查网站守护中登记的" in text, url
            assert connections.seen == []
        assert server.requests == []


def test_report_by_url_on_a_watched_but_not_internal_local_site_is_refused(client, street, street_clerk):
    with Site({"/r.html": page("<p>report</p>")}) as server:
        _report_site(street, server)
        _login(client, street_clerk)
        with connections:
            response = client.post("/work/reports/inspect/", {"url": server.url("/r.html")})
        assert response.status_code == 200
        assert "无法访问该网址" in response.content.decode()
        assert connections.seen == [] and server.requests == []


def test_report_by_url_redirect_off_the_watched_origin_is_not_followed(client, street, street_clerk):
    with Site({"/admin/login/": page("secret")}) as inside:
        with Site({"/r.html": redirect(inside.url("/admin/login/"))}) as server:
            _report_site(street, server, internal=True)
            _login(client, street_clerk)
            text = client.post("/work/reports/inspect/", {"url": server.url("/r.html")}).content.decode()
            assert "登记范围以外" in text
        assert inside.requests == []
