"""Finding 4: the client address comes from the configured proxy chain, never from a header a
client wrote (GONGKAI_TRUSTED_PROXIES; gongkai/domain/client_address.py)."""
import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from gongkai.applications.models import Application
from gongkai.domain import client_address as ca
from gongkai.units import audit
from gongkai.units.models import AuditEntry

from ..applications.conftest import applicant  # noqa: F401  (fixture)
from ..applications.test_public_views import _key

PROXIES = ca.parse_networks(["10.0.0.0/8", "192.0.2.10"])


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    cache.clear()
    settings.GONGKAI_PUBLIC_CAPTCHA = False
    settings.GONGKAI_PUBLIC_RATE_LIMIT = True
    settings.GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR = 10  # the default
    yield
    cache.clear()


def test_no_proxy_configured_believes_no_header():
    assert ca.resolve("203.0.113.7", "1.2.3.4", "5.6.7.8", ()) == "203.0.113.7"


def test_header_from_an_untrusted_peer_is_ignored():
    assert ca.resolve("203.0.113.7", "10.1.1.1", "10.1.1.1", PROXIES) == "203.0.113.7"


def test_forwarded_for_is_walked_from_the_right_past_trusted_proxies():
    # the client wrote "6.6.6.6"; our two proxies appended the real client and the inner proxy
    assert ca.resolve("10.0.0.2", "6.6.6.6, 198.51.100.20, 10.0.0.1", None, PROXIES) == "198.51.100.20"


def test_real_ip_only_from_a_trusted_peer_without_forwarded_for():
    assert ca.resolve("192.0.2.10", None, "198.51.100.30", PROXIES) == "198.51.100.30"
    assert ca.resolve("192.0.2.11", None, "198.51.100.30", PROXIES) == "192.0.2.11"


def test_garbage_hop_stops_the_walk_at_the_proxy():
    assert ca.resolve("10.0.0.2", "198.51.100.20, not-an-ip", None, PROXIES) == "10.0.0.2"


def test_bad_proxy_setting_is_a_clear_error():
    with pytest.raises(ca.ProxyConfigError):
        ca.parse_networks(["10.0.0.0/33"])


def _lookup(client, i, **headers):
    return client.post(reverse("apply:status"), {"number": "X-1", "code": "ABCDEFGHJK"},
                       REMOTE_ADDR="203.0.113.7", **headers).status_code


@pytest.mark.django_db
def test_rotating_headers_from_a_direct_client_does_not_escape_the_lookup_limit(client, settings):
    settings.GONGKAI_TRUSTED_PROXIES = []
    codes = [_lookup(client, i, HTTP_X_REAL_IP=f"198.51.100.{i}", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
             for i in range(50)]
    assert codes[:40] == [404] * 40 and codes[40:] == [429] * 10


@pytest.mark.django_db
def test_headers_from_an_untrusted_peer_do_not_escape_the_limit_either(client, settings):
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.0/8"]
    codes = [_lookup(client, i, HTTP_X_REAL_IP=f"198.51.100.{i}", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
             for i in range(50)]
    assert 429 in codes and codes.count(404) == 40


@pytest.mark.django_db
def test_behind_a_configured_proxy_each_client_has_its_own_limit(client, settings):
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.0/8"]
    codes = [client.post(reverse("apply:status"), {"number": "X-1", "code": "ABCDEFGHJK"}, REMOTE_ADDR="10.0.0.1",
                         HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in range(50)]
    assert codes == [404] * 50


def _submit(client, street, applicant, **meta):
    html = client.get(reverse("apply:new")).content.decode()
    data = {"unit": street.pk, "submission_key": _key(html), **applicant()}
    return client.post(reverse("apply:new"), data, **meta)


@pytest.mark.django_db
def test_forged_headers_do_not_change_the_audit_address(client, street, applicant, settings):
    settings.GONGKAI_PUBLIC_RATE_LIMIT = False
    settings.GONGKAI_TRUSTED_PROXIES = []
    response = _submit(client, street, applicant, REMOTE_ADDR="203.0.113.7", HTTP_X_REAL_IP="8.8.8.8",
                       HTTP_X_FORWARDED_FOR="8.8.4.4")
    assert response.status_code == 302
    app = Application.objects.get()
    entry = AuditEntry.objects.filter(target_id=str(app.pk)).first()
    assert entry.ip == "203.0.113.7"


@pytest.mark.django_db
def test_behind_a_configured_proxy_the_real_client_is_recorded(client, street, applicant, settings):
    settings.GONGKAI_PUBLIC_RATE_LIMIT = False
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.0/8"]
    response = _submit(client, street, applicant, REMOTE_ADDR="10.0.0.1",
                       HTTP_X_FORWARDED_FOR="8.8.8.8, 198.51.100.44")
    assert response.status_code == 302
    app = Application.objects.get()
    assert AuditEntry.objects.filter(target_id=str(app.pk)).first().ip == "198.51.100.44"


def test_client_ip_reads_the_setting(settings):
    settings.GONGKAI_TRUSTED_PROXIES = ["127.0.0.1/32"]
    request = RequestFactory().get("/", HTTP_X_REAL_IP="198.51.100.5")
    assert audit.client_ip(request) == "198.51.100.5"
    settings.GONGKAI_TRUSTED_PROXIES = []
    assert audit.client_ip(request) == "127.0.0.1"
