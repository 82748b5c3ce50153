"""第二重身份鉴别 (8.1.4.1 d): TOTP on every staff URL, enrolment, backup codes, replay, reset."""
import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.admin import OTPAdminSite
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.units.models import AuditEntry, Role

from .auth_flow import full_login, post_password
from tests.otp_login import ensure_device, totp_code

STAFF_URLS = ["/work/", "/work/applications/", "/accounts/audit/", "/accounts/password/",
              "/manage/security/", "/admin/"]


@pytest.mark.parametrize("url", STAFF_URLS)
def test_staff_url_after_password_only_goes_to_the_otp_step(client, street_admin, url):
    ensure_device(street_admin)
    assert post_password(client, "street_admin").status_code == 302
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp"))
    assert f"next={url.replace('/', '%2F')}" in response.url


def test_staff_api_after_password_only_is_refused(client, street_clerk):
    ensure_device(street_clerk)
    post_password(client, "street_clerk")
    response = client.get("/api/v1/work/items")
    assert response.status_code == 403 and "动态口令" in response.json()["detail"]
    assert client.get("/api/v1/items").status_code == 200  # the public API needs no account


def test_code_from_the_authenticator_opens_the_workbench(client, street_clerk):
    response = full_login(client, street_clerk)
    assert response.status_code == 302 and response.url == reverse("workbench:home")
    assert client.get(reverse("workbench:home")).status_code == 200
    assert AuditEntry.objects.filter(action="auth.otp_verified", actor=street_clerk).exists()
    login = AuditEntry.objects.get(action="auth.login")
    assert login.actor_id == street_clerk.pk and login.ip == "127.0.0.1"


def test_wrong_code_is_refused_and_audited(client, street_clerk):
    ensure_device(street_clerk)
    post_password(client, "street_clerk")
    page = client.post(reverse("accounts:otp"), {"token": "000000"})
    assert page.status_code == 200 and "不正确" in page.content.decode()
    assert client.get(reverse("workbench:home")).status_code == 302
    assert AuditEntry.objects.filter(action="auth.otp_failed").exists()


def test_a_used_totp_step_cannot_be_replayed(client, street_clerk):
    device = ensure_device(street_clerk)
    post_password(client, "street_clerk")
    code = totp_code(device)
    assert client.post(reverse("accounts:otp"), {"token": code}).status_code == 302
    thief = type(client)()
    post_password(thief, "street_clerk")
    replay = thief.post(reverse("accounts:otp"), {"token": code})
    assert replay.status_code == 200 and "已使用过" in replay.content.decode()
    assert thief.get(reverse("workbench:home")).status_code == 302


def test_enrolment_shows_a_local_qr_code_then_backup_codes_that_work_once(client, street_clerk):
    post_password(client, "street_clerk")
    assert client.get(reverse("accounts:otp")).url.startswith(reverse("accounts:otp_setup"))
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    assert "<svg" in page and "http" not in page.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org", "")
    device = TOTPDevice.objects.get(user=street_clerk, confirmed=False)
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    import base64
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    code = TOTP(device.bin_key).token()
    done = client.post(reverse("accounts:otp_setup"), {"token": f"{code:06d}"})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get(reverse("workbench:home")).status_code == 200
    # a backup code stands in for the phone, once
    for _attempt, expected in ((1, 302), (2, 200)):
        other = type(client)()
        post_password(other, "street_clerk")
        assert other.post(reverse("accounts:otp"), {"token": codes[0]}).status_code == expected


@pytest.fixture
def secadmin(make_user, county):
    return make_user(county, Role.SECADMIN, "sec_officer", full_name="安全员")


def test_only_secadmin_resets_a_second_factor(client, street_clerk, street_admin, supervisor, make_user, county,
                                              secadmin):
    ensure_device(street_clerk)
    url = reverse("manage:policy:otp_reset", args=[street_clerk.pk])
    for user in (street_admin, supervisor, make_user(county, Role.SYSADMIN, "sys_officer"),
                 make_user(county, Role.AUDITADMIN, "audit_officer")):
        client.logout()
        full_login(client, user)
        assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=street_clerk).exists()
    client.logout()
    full_login(client, secadmin)
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=street_clerk).exists()
    assert not StaticDevice.objects.filter(user=street_clerk).exists()
    entry = AuditEntry.objects.get(action="auth.otp_reset")
    assert entry.actor_id == secadmin.pk and entry.target_id == str(street_clerk.pk)


def test_admin_site_needs_the_second_factor(client, street_admin):
    assert isinstance(admin.site, OTPAdminSite)
    street_admin.is_staff = True
    street_admin.save()
    ensure_device(street_admin)
    login_page = client.get(reverse("admin:login")).content.decode()
    assert 'name="otp_token"' in login_page  # the admin's own log-in asks for the code too
    post_password(client, "street_admin")
    assert client.get(reverse("admin:index")).url.startswith(reverse("accounts:otp"))
    client.post(reverse("accounts:otp"), {"token": totp_code(ensure_device(street_admin))})
    assert client.get(reverse("admin:index")).status_code == 200


def test_new_backup_codes_need_the_second_factor_first(client, street_clerk):
    ensure_device(street_clerk)
    post_password(client, "street_clerk")
    response = client.post(reverse("accounts:otp_backup_codes"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp"))
    assert not StaticDevice.objects.filter(user=street_clerk).exists()
    client.post(reverse("accounts:otp"), {"token": totp_code(ensure_device(street_clerk))})
    page = client.post(reverse("accounts:otp_backup_codes")).content.decode()
    assert len(re.findall(r"<li><code>(\w+)</code></li>", page)) == 10
    assert AuditEntry.objects.filter(action="auth.otp_backup_codes", actor=street_clerk).exists()


def test_enrolment_is_refused_once_a_device_is_confirmed(client, street_clerk):
    device = ensure_device(street_clerk)
    post_password(client, "street_clerk")
    assert client.get(reverse("accounts:otp_setup")).url.startswith(reverse("accounts:otp"))
    assert client.post(reverse("accounts:otp_setup"), {"token": totp_code(device)}).status_code == 302
    assert TOTPDevice.objects.filter(user=street_clerk).count() == 1
    assert client.get(reverse("workbench:home")).status_code == 302


def test_session_key_changes_when_the_second_factor_is_passed(client, street_clerk):
    device = ensure_device(street_clerk)
    post_password(client, "street_clerk")
    before = client.session.session_key
    client.post(reverse("accounts:otp"), {"token": totp_code(device)})
    assert client.session.session_key != before
    stale = type(client)()
    stale.cookies["sessionid"] = before
    assert stale.get(reverse("workbench:home")).status_code == 302
