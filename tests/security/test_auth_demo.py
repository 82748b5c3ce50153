"""The demo's second factor: printed keys and ``gongkai otp code`` open the workbench; real keys stay hidden."""
from django.urls import reverse

from gongkai.security.demo_otp import current_code, ensure_demo_devices
from tests.otp_login import ensure_device

from .auth_flow import post_password


def test_demo_account_logs_in_with_the_printed_code(client, street_clerk):
    keys = ensure_demo_devices(["street_clerk"])
    assert set(keys) == {"street_clerk"} and len(keys["street_clerk"].replace(" ", "")) == 32
    assert ensure_demo_devices(["street_clerk"]) == keys  # the same key on every run
    post_password(client, "street_clerk")
    assert client.post(reverse("accounts:otp"), {"token": current_code("street_clerk")}).status_code == 302
    assert client.get(reverse("workbench:home")).status_code == 200


def test_a_real_users_code_is_never_shown(street_reviewer):
    ensure_device(street_reviewer)  # enrolled by the person, not by the demo
    assert ensure_demo_devices(["street_reviewer"]) == {}
    assert current_code("street_reviewer") is None
