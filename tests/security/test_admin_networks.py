"""/admin/ and /manage/ only from ADMIN_ALLOWED_NETWORKS (GB/T 22239-2019 8.1.4.4 c), refused with 403 and audited."""
import pytest
from django.test import override_settings
from django.urls import reverse

from gongkai.security.admin_networks import allowed, parse_networks
from gongkai.units.models import AuditEntry, Role, User
from tests.conftest import PASSWORD


@pytest.fixture
def sysadmin(db):
    return User.objects.create_user(username="ops", password=PASSWORD, role=Role.SYSADMIN)


def test_defaults_allow_only_the_loopback_addresses(settings):
    assert allowed("127.0.0.1") and allowed("::1") and allowed("::ffff:127.0.0.1")
    for ip in ("127.0.0.2", "10.0.0.1", "192.168.1.5", "::2", "", None, "not-an-ip"):
        assert not allowed(ip), ip


def test_cidr_lists_and_bad_entries():
    assert allowed("10.20.30.40", ["10.20.0.0/16", "fd00::/8"]) and allowed("fd00::5", ["10.20.0.0/16", "fd00::/8"])
    assert not allowed("10.21.0.1", ["10.20.0.0/16"])
    with pytest.raises(ValueError, match="无效的网络地址"):
        parse_networks(("10.0.0.0/33",))


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/manage/system/", "/manage/security/", "/manage/audit/"])
def test_outside_address_gets_403_and_an_audit_entry(client, path, sysadmin):
    client.login(username="ops", password=PASSWORD)
    response = client.get(path, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403 and "网络范围" in response.content.decode()
    entry = AuditEntry.objects.get(action="security.admin_network_denied")
    assert entry.ip == "203.0.113.9" and entry.detail["path"] == path and entry.actor_id == sysadmin.pk


@override_settings(ADMIN_ALLOWED_NETWORKS=["198.51.100.0/24"])
def test_configured_network_is_let_in_and_loopback_no_longer(client, sysadmin):
    client.login(username="ops", password=PASSWORD)
    assert client.get(reverse("manage:system:index"), REMOTE_ADDR="198.51.100.7").status_code == 200
    assert client.get(reverse("manage:system:index")).status_code == 403  # 127.0.0.1 is not listed now


def test_business_pages_are_not_guarded(client, street_clerk):
    client.login(username="street_clerk", password=PASSWORD)
    assert client.get(reverse("catalog:items"), REMOTE_ADDR="203.0.113.9").status_code == 200
    assert client.get("/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_a_forged_proxy_header_does_not_open_the_consoles(client, sysadmin):
    """The address is the trusted one: client_ip believes headers only from configured proxies."""
    client.login(username="ops", password=PASSWORD)
    response = client.get(reverse("manage:system:index"), REMOTE_ADDR="203.0.113.9",
                          HTTP_X_REAL_IP="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 403
