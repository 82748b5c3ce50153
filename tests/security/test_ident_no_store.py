"""剩余信息保护 (security.md §3.10): every staff page that shows (masked) personal data answers
``Cache-Control: no-store, private``; one middleware rule covers /work/, /manage/, /api/v1/work/."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.units.models import Role, User
from tests.conftest import PASSWORD

from .pii_world import register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 10, 9))


def directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def test_application_pages_exports_and_reveal_are_never_stored(client, street_clerk, street_reviewer):
    app = register(street_clerk)
    assert client.login(username=street_reviewer.username, password=PASSWORD)
    pages = [reverse("applications:list"), reverse("applications:detail", args=[app.pk]),
             reverse("applications:export", args=["csv"]), reverse("applications:export", args=["xlsx"]),
             f"/api/v1/work/applications/{app.number}", "/api/v1/work/applications"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"no-store", "private"} <= directives(response), url
    reveal = client.post(reverse("applications:reveal", args=[app.pk]), {"reason": "电话联系申请人补正材料"})
    assert reveal.status_code == 200 and {"no-store", "private"} <= directives(reveal)


def test_consoles_refusals_and_redirects_are_not_stored_either(client, street_clerk):
    assert {"no-store", "private"} <= directives(client.get(reverse("applications:list")))  # redirect to log-in
    admin = User.objects.create_user(username="sys-ns", password=PASSWORD, role=Role.SYSADMIN, full_name="系统")
    assert client.login(username=admin.username, password=PASSWORD)
    assert {"no-store", "private"} <= directives(client.get("/manage/system/"))
    assert {"no-store", "private"} <= directives(client.get(reverse("applications:list")))  # 403 for 三员


def test_public_pages_stay_cacheable(client):
    response = client.get("/")
    assert response.status_code == 200 and "no-store" not in directives(response)
