"""登录连接超时自动退出 (8.1.4.1 b): idle timeout, absolute lifetime, browser-close cookies, logout."""
import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from gongkai.security.middleware import LAST_SEEN, STARTED
from gongkai.units.models import AuditEntry, Role

from .auth_flow import full_login


def age_session(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[{"idle": LAST_SEEN, "started": STARTED}[key]] -= ago
    session.save()
    return session.session_key


def test_31_idle_minutes_log_out_and_the_old_session_key_is_dead(client, street_clerk):
    full_login(client, street_clerk)
    assert client.get(reverse("workbench:home")).status_code == 200
    old_key = age_session(client, idle=31 * 60)
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert not Session.objects.filter(session_key=old_key).exists()
    assert AuditEntry.objects.filter(action="auth.session_expired", actor=street_clerk).exists()
    client.cookies["sessionid"] = old_key  # replaying the old cookie gets nowhere
    assert client.get(reverse("workbench:home")).status_code == 302


def test_29_idle_minutes_keep_the_session(client, street_clerk):
    full_login(client, street_clerk)
    age_session(client, idle=29 * 60)
    assert client.get(reverse("workbench:home")).status_code == 200


def test_administrators_time_out_after_15_minutes(client, make_user, county, street_clerk):
    officer = make_user(county, Role.SECADMIN, "sec_officer")
    full_login(client, officer)
    assert client.get(reverse("manage:policy:index")).status_code == 200
    age_session(client, idle=16 * 60)
    assert client.get(reverse("manage:policy:index")).url.startswith(reverse("accounts:login"))
    clerk = type(client)()
    full_login(clerk, street_clerk)
    age_session(clerk, idle=16 * 60)
    assert clerk.get(reverse("workbench:home")).status_code == 200


def test_eight_hours_end_a_session_however_busy(client, street_clerk):
    full_login(client, street_clerk)
    age_session(client, started=8 * 3600 + 60)
    assert client.get(reverse("workbench:home")).url.startswith(reverse("accounts:login"))


def test_session_cookie_ends_with_the_browser_and_is_httponly(client, street_clerk):
    full_login(client, street_clerk)
    cookie = client.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_logout_flushes_the_session(client, street_clerk):
    full_login(client, street_clerk)
    key = client.session.session_key
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key
    assert client.get(reverse("workbench:home")).status_code == 302


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_anonymous_pages_do_not_open_sessions(client, db, path):
    client.get(path)
    assert "sessionid" not in client.cookies
