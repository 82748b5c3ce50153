"""第二重身份鉴别 (GB/T 22239-2019 8.1.4.1 d): TOTP 动态口令 and static backup codes, through django-otp.

TOTP (RFC 6238, HMAC-SHA1) is a 动态口令 built on 密码技术; a used time step is never accepted
again (django-otp's ``last_t``). Each user has one TOTP device and one set of backup codes;
only 安全管理员 may reset them (``reset_devices``), and the reset is audited.
"""
from __future__ import annotations

import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.units import audit

from . import otp_sealing

BACKUP_CODES = 10
TOTP_NAME = "动态口令"
BACKUP_NAME = "备用验证码"


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user) -> TOTPDevice:
    """The device being enrolled: unconfirmed until the user types a first code from it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG, drawn here: the secret never leaves the server."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The key in base32 groups, for entering by hand in an authenticator app."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def new_backup_codes(user, count: int = BACKUP_CODES) -> list[str]:
    """Replace the user's backup codes; each works once. Shown to the user once, never again."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=otp_sealing.seal_token(c)) for c in codes])
    return codes


@transaction.atomic
def match_token(user, token: str):
    """The device that accepts ``token`` now: the TOTP device, else one unused backup code (stored
    hashed, see otp_sealing). Rows are locked so that one code cannot be used twice at once."""
    totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if totp is not None and totp.key != otp_sealing.SEALED and totp.verify_token(token):  # sealed: key unreadable
        return totp
    backup = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if backup is not None and otp_sealing.verify_backup(backup, token):
        return backup
    return None


@transaction.atomic
def confirm_enrolment(user, device: TOTPDevice) -> list[str]:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = new_backup_codes(user)
    audit.record("auth.otp_enrolled", target=user, user=user)
    return codes


@transaction.atomic
def reset_devices(user, by) -> None:
    """安全管理员 resets a lost second factor: the user enrols again at the next log-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record("auth.otp_reset", target=user, user=by, detail={"username": user.username})


def issuer() -> str:
    return getattr(settings, "OTP_TOTP_ISSUER", "gongkai")
