"""The demo county's second factor: each demo account has a TOTP device whose key is printed.

A person trying ``make run`` adds the printed key to any authenticator app, or runs
``gongkai otp code USERNAME`` on the demo machine for the current 6-digit code. Only devices
made here (named DEMO_DEVICE) are ever shown; a real user's key never leaves the database.
"""
from __future__ import annotations

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .otp import secret_text

DEMO_DEVICE = "演示验证器"


def ensure_demo_devices(usernames) -> dict[str, str]:
    """username -> base32 key of its demo authenticator (made once, kept across runs)."""
    from gongkai.units.models import User

    keys = {}
    for user in User.objects.filter(username__in=list(usernames)):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEMO_DEVICE, confirmed=True)
        if device.name == DEMO_DEVICE:
            keys[user.username] = secret_text(device)
    return keys


def current_code(username: str) -> str | None:
    """The code a demo account's authenticator shows now, or None for any other account."""
    device = TOTPDevice.objects.filter(user__username=username, name=DEMO_DEVICE, confirmed=True).first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
