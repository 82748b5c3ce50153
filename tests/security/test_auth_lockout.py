"""登录失败处理 (8.1.4.1 b): lockout per account and per address, the 三员 hold, unlock by 安全管理员."""
import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from gongkai.security.lockout import LOCKOUT_MESSAGE
from gongkai.security.models import AccountHold, SecurityPolicy
from gongkai.units.models import AuditEntry, Role

from .auth_flow import full_login, post_password

WRONG = "wrong-Pass-0000"


def fail(client, username, times=5, **extra):
    for _ in range(times):
        post_password(client, username, WRONG, **extra)


def test_sixth_attempt_refused_even_with_the_right_password(client, street_clerk):
    for _attempt in range(4):
        response = post_password(client, "street_clerk", WRONG)
        assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    response = post_password(client, "street_clerk", WRONG)  # the 5th locks
    assert response.status_code == 429
    response = post_password(client, "street_clerk")  # right password, 6th attempt
    assert response.status_code == 429 and LOCKOUT_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_message_is_the_same_for_an_account_that_does_not_exist(client, street_clerk):
    fail(client, "street_clerk")
    real = post_password(client, "street_clerk", WRONG)
    fail(client, "nobody_here")
    ghost = post_password(client, "nobody_here", WRONG)
    assert real.status_code == ghost.status_code == 429
    strip = lambda r: r.content.decode().replace("csrfmiddlewaretoken", "").split('value="')[0]  # noqa: E731
    assert strip(real) == strip(ghost)


def test_failures_from_one_address_lock_that_address(client, street_clerk, town_clerk):
    for name in ("a1", "b2", "c3", "d4", "e5"):
        post_password(client, name, WRONG)
    assert post_password(client, "town_clerk").status_code == 429
    # the same account from another address is not locked by the address's failures
    other = post_password(client, "town_clerk", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_case_variants_of_a_username_count_together(client, street_clerk):
    for name in ("street_clerk", "STREET_CLERK", "Street_Clerk", "street_CLERK", "sTreet_clerk"):
        post_password(client, name, WRONG, REMOTE_ADDR=f"198.51.100.{len(name) + ord(name[1])}")
    assert post_password(client, "street_clerk", REMOTE_ADDR="203.0.113.9").status_code == 429


def test_failures_and_lockout_are_audited(client, street_clerk):
    fail(client, "street_clerk")
    failures = AuditEntry.objects.filter(action="auth.login_failed", target_repr="street_clerk")
    assert failures.count() == 5 and all(e.ip == "127.0.0.1" for e in failures)
    lock = AuditEntry.objects.get(action="auth.lockout")
    assert lock.target_id == str(street_clerk.pk) and lock.detail["username"] == "street_clerk"
    assert lock.detail["held_until_unlocked"] is False


def test_lockout_ends_after_the_cool_off(client, street_clerk):
    fail(client, "street_clerk")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    assert post_password(client, "street_clerk").status_code == 302


def test_failure_limit_follows_the_policy(client, street_clerk):
    SecurityPolicy.objects.update_or_create(pk=1, defaults={"lockout_failures": 3})
    fail(client, "street_clerk", times=3)
    assert post_password(client, "street_clerk").status_code == 429


@pytest.fixture
def secadmin(make_user, county):
    return make_user(county, Role.SECADMIN, "sec_officer", full_name="安全员")


@pytest.fixture
def sysadmin(make_user, county):
    return make_user(county, Role.SYSADMIN, "sys_officer", full_name="系统员")


def test_lockout_alerts_the_security_administrators(client, street_clerk, secadmin, mailoutbox):
    secadmin.email = "sec@qinghe.example"
    secadmin.save()
    fail(client, "street_clerk")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["sec@qinghe.example"]
    assert "street_clerk" in mailoutbox[0].body


AWAY = {"REMOTE_ADDR": "198.51.100.20"}  # the failures' address; the consoles are reached from 127.0.0.1


def test_administrator_stays_locked_after_cool_off_until_secadmin_unlocks(client, sysadmin, secadmin):
    fail(client, "sys_officer", **AWAY)
    assert AccountHold.objects.filter(username="sys_officer").exists()
    assert AuditEntry.objects.get(action="auth.lockout").detail["held_until_unlocked"] is True
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(days=2))
    assert post_password(client, "sys_officer", **AWAY).status_code == 429  # still held

    officer = type(client)()
    assert full_login(officer, secadmin).status_code == 302
    page = officer.get(reverse("manage:policy:index")).content.decode()
    assert "sys_officer" in page and "须安全管理员解锁" in page
    officer.post(reverse("manage:policy:unlock"), {"username": "sys_officer"})
    assert not AccountHold.objects.exists() and not AccessAttempt.objects.filter(username="sys_officer").exists()
    unlock = AuditEntry.objects.get(action="auth.unlock")
    assert unlock.actor_id == secadmin.pk and unlock.target_id == str(sysadmin.pk)
    assert post_password(client, "sys_officer", **AWAY).status_code == 302


def test_only_secadmin_may_unlock(client, street_clerk, sysadmin):
    fail(client, "street_clerk", **AWAY)
    other = type(client)()
    assert full_login(other, sysadmin).status_code == 302
    assert other.post(reverse("manage:policy:unlock"), {"username": "street_clerk"}).status_code == 403
    assert other.get(reverse("manage:policy:index")).status_code == 403
    assert post_password(client, "street_clerk", **AWAY).status_code == 429
    assert not AuditEntry.objects.filter(action="auth.unlock").exists()


def test_own_success_does_not_clear_failures_on_someone_elses_account(client, street_clerk, town_clerk):
    fail(client, "street_clerk", times=4, REMOTE_ADDR="198.51.100.30")
    assert full_login(client, town_clerk).status_code == 302  # an insider's own log-in, same address below
    insider = type(client)(REMOTE_ADDR="198.51.100.30")
    assert post_password(insider, "town_clerk").status_code == 302
    assert post_password(type(client)(), "street_clerk", WRONG).status_code == 429  # 5th: locked


def test_own_success_forgives_own_typos(client, street_clerk):
    fail(client, "street_clerk", times=4)
    assert post_password(client, "street_clerk").status_code == 302
    fresh = type(client)()
    fail(fresh, "street_clerk", times=4)
    assert post_password(fresh, "street_clerk").status_code == 302
