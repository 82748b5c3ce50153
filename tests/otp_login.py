"""How tests log in now that every staff URL needs a second factor.

``Client.login(username=..., password=...)`` in tests goes through the real password check
(django-axes included: it gets a request from 127.0.0.1) and then completes the second factor
with django-otp's own ``login`` on the user's TOTP device, created for test users on first use.
Browser tests type a real code computed from that device (``totp_code``).
"""
from __future__ import annotations

import time

from django.http import HttpRequest


def ensure_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试验证器", confirmed=True)


def totp_code(device) -> str:
    """A code the device accepts now: a time step after the last one used (no replay)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    while True:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        now_t = totp.t()
        target = max(now_t, device.last_t + 1)
        if target <= now_t + device.tolerance:
            totp.drift += target - now_t
            return f"{totp.token():0{device.digits}d}"
        time.sleep(1)


def _request(client) -> HttpRequest:
    request = HttpRequest()
    request.META.update({"REMOTE_ADDR": "127.0.0.1", "SERVER_NAME": "testserver", "SERVER_PORT": "80"})
    return request


def login(self, **credentials):
    """Client.login for the tests: password (through axes), then django-otp's login."""
    from django.contrib.auth import authenticate
    from django_otp import login as otp_login

    user = authenticate(_request(self), **credentials)
    if not user:
        return False
    self._login(user)
    request = _request(self)
    request.session = self.session
    request.user = user
    otp_login(request, ensure_device(user))
    request.session.save()
    return True


def install():
    from django.test.client import ClientMixin

    original = ClientMixin.login
    ClientMixin.login = login
    return original
