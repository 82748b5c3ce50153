"""One answer to "may I" in the watchdog: the site page and the finding page show a button exactly
when the service behind it accepts the action — for every action, finding status and role.

Each case renders the page as the role and notes what it offers, then calls every service with
valid input inside a rolled-back savepoint and notes which accept; the two sets are equal."""
import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.domain.watch.findings import Finding as F
from gongkai.watch import errors, lifecycle, permissions, registration, tasks
from gongkai.watch.models import CheckRun, Finding, FindingStatus, Site
from gongkai.watch.run import WatchResult
from tests.conftest import PASSWORD
from tests.service_probe import accepts

pytestmark = pytest.mark.django_db
HOME = "http://127.0.0.1:9/"
ROLES = ("street_clerk", "street_reviewer", "street_admin", "supervisor")


@pytest.fixture(autouse=True)
def _no_queue(monkeypatch, settings):
    """立即检查 is accepted when the service gets as far as queueing (no Huey, no Redis here)."""
    settings.WATCH_SCREENSHOTS = False
    monkeypatch.setattr(tasks, "enqueue_check", lambda *a, **kw: True)


@pytest.fixture
def site(street, street_admin):
    site = registration.register_site(street_admin, street, {"name": "禾兴街道门户", "homepage": HOME})
    now = timezone.now()
    found = F("http://127.0.0.1:9/x.html", "links", "broken_internal", "medium", "404 领导信息")
    lifecycle.ingest(site, WatchResult(site=HOME, pages_crawled=1, started=now, finished=now, findings=[found]),
                     CheckRun.objects.create(site=site, kind="daily", started=now))
    return site


def _accepts(call) -> bool:
    return accepts(call, errors.WatchError)


def _offered(html: str, target: str) -> bool:
    return any(f'{attr}="{target}"' in html for attr in ("action", "formaction", "href"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", FindingStatus.values)
def test_button_shown_exactly_when_the_service_accepts(status, role, request, client, site):
    Finding.objects.update(status=status)
    finding = Finding.objects.get()
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    fixed = reverse("watch:fixed", args=[finding.pk])
    rows = [
        ("edit", reverse("watch:site_edit", args=[site.pk]),
         lambda: registration.update_site(user, Site.objects.get(pk=site.pk), {"name": "禾兴街道门户网站"})),
        ("check", reverse("watch:check", args=[site.pk]), lambda: tasks.request_check(user, site)),
        ("fix", fixed, lambda: lifecycle.mark_fixed(user, Finding.objects.get(pk=finding.pk), "已修复")),
    ]
    html = client.get(reverse("watch:site", args=[site.pk]) + "?status=all").content.decode()
    shown = {name for name, target, _ in rows if _offered(html, target)}
    accepted = {name for name, _, call in rows if _accepts(call)}
    assert shown == accepted, f"shown but refused: {shown - accepted}; accepted but hidden: {accepted - shown}"
    allowed = permissions.allowed_actions(user, Site.objects.get(pk=site.pk), [Finding.objects.get()])
    assert set(allowed.names()) | ({"fix"} if allowed.fix else set()) == accepted

    page = client.get(reverse("watch:finding", args=[finding.pk])).content.decode()
    assert _offered(page, fixed) == ("fix" in accepted)


@pytest.mark.parametrize("role", ROLES)
def test_register_button_shown_exactly_when_the_service_accepts(role, request, client, street):
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=PASSWORD)
    shown = _offered(client.get(reverse("watch:index")).content.decode(), reverse("watch:site_new"))
    accepted = _accepts(lambda: registration.register_site(user, user.unit, {"name": "门户", "homepage": HOME}))
    assert shown == accepted == permissions.may_register_site(user)
