"""OTP secrets encrypted at rest (security.md §3.8): the TOTP key and the backup codes are never in
the database in clear; log-in with the second factor, backup codes and key rotation keep working."""
import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.crypto import keys, rotation
from gongkai.security import otp, otp_sealing
from gongkai.security.models import SealedOTPKey
from tests.otp_login import ensure_device, totp_code

from .auth_flow import post_password

pytestmark = pytest.mark.django_db


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return [r[0] for r in cursor.fetchall()]


def everything_stored() -> str:
    return " ".join(raw("SELECT key FROM otp_totp_totpdevice") + raw("SELECT key FROM security_sealedotpkey")
                    + raw("SELECT token FROM otp_static_statictoken"))


def test_totp_key_is_stored_encrypted_and_the_code_still_logs_in(client, street_clerk):
    device = ensure_device(street_clerk)
    secret = device.key
    assert len(secret) == 40 and raw("SELECT key FROM otp_totp_totpdevice") == ["sealed"]
    stored = raw("SELECT key FROM security_sealedotpkey")[0]
    assert stored.startswith("sm4gcm1$") and secret not in everything_stored()
    assert TOTPDevice.objects.get(pk=device.pk).key == secret  # loaded back for django-otp
    post_password(client, "street_clerk")
    assert client.post(reverse("accounts:otp"), {"token": totp_code(device)}).status_code == 302
    assert client.get(reverse("workbench:home")).status_code == 200
    assert raw("SELECT key FROM otp_totp_totpdevice") == ["sealed"]  # verify_token's save kept it sealed


def test_backup_codes_are_stored_hashed_and_work_once(client, street_clerk):
    ensure_device(street_clerk)
    codes = otp.new_backup_codes(street_clerk)
    stored = everything_stored()
    assert not any(code in stored for code in codes)
    assert all(t.startswith("~") for t in raw("SELECT token FROM otp_static_statictoken"))
    for expected in (302, 200):
        other = type(client)()
        post_password(other, "street_clerk")
        assert other.post(reverse("accounts:otp"), {"token": codes[0].upper()}).status_code == expected


def test_key_rotation_reencrypts_the_otp_key_and_old_backup_codes_still_work(client, street_clerk):
    device = ensure_device(street_clerk)
    codes = otp.new_backup_codes(street_clerk)
    before = raw("SELECT key FROM security_sealedotpkey")[0]
    new = keys.add_keys()
    try:
        assert rotation.reencrypt_all()["security.SealedOTPKey"] >= 1
        after = raw("SELECT key FROM security_sealedotpkey")[0]
        assert after != before and after.split("$")[1] == new["field"]
        post_password(client, "street_clerk")
        assert client.post(reverse("accounts:otp"), {"token": totp_code(device)}).status_code == 302
        other = type(client)()
        post_password(other, "street_clerk")
        assert other.post(reverse("accounts:otp"), {"token": codes[1]}).status_code == 302
    finally:
        rotation.reencrypt_all()


def test_the_data_migration_seals_rows_stored_in_clear(street_clerk):
    device = ensure_device(street_clerk)
    secret = device.key
    otp.new_backup_codes(street_clerk)
    static = StaticToken.objects.first()
    SealedOTPKey.objects.all().delete()
    TOTPDevice.objects.filter(pk=device.pk).update(key=secret)  # as django-otp stored it before
    StaticToken.objects.filter(pk=static.pk).update(token="abcdefgh")
    assert TOTPDevice.objects.get(pk=device.pk).key == secret
    done = otp_sealing.seal_existing(apps.get_model("otp_totp", "TOTPDevice"), SealedOTPKey, StaticToken)
    assert done == (1, 1) and secret not in everything_stored() and "abcdefgh" not in everything_stored()
    assert TOTPDevice.objects.get(pk=device.pk).key == secret
    assert otp_sealing.verify_backup(static.device, "abcdefgh")


def test_a_device_whose_sealed_key_is_gone_accepts_no_code(street_clerk):
    device = ensure_device(street_clerk)
    code = totp_code(device)
    SealedOTPKey.objects.all().delete()
    loaded = TOTPDevice.objects.get(pk=device.pk)
    assert loaded.key == "sealed" and otp.match_token(street_clerk, code) is None
