"""Log-in steps the way a person takes them: the login form, then the 动态口令 page."""
from __future__ import annotations

from django.urls import reverse

from tests.conftest import PASSWORD
from tests.otp_login import ensure_device, totp_code


def post_password(client, username, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def full_login(client, user, password=PASSWORD):
    """Password and a real TOTP code through the pages; returns the response after the code."""
    device = ensure_device(user)
    response = post_password(client, user.username, password)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp"))
    return client.post(response["Location"], {"token": totp_code(device)})
