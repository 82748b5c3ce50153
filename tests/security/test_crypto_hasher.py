"""PBKDF2-HMAC-SM3 passwords: first in production PASSWORD_HASHERS, old hashes upgrade on log-in."""
import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from gongkai import settings as production
from gongkai.crypto.hashers import PBKDF2SM3PasswordHasher
from gongkai.units.models import Role, User

SM3_FIRST = ["gongkai.crypto.hashers.PBKDF2SM3PasswordHasher",
             "django.contrib.auth.hashers.PBKDF2PasswordHasher",
             "django.contrib.auth.hashers.MD5PasswordHasher"]


def test_production_settings_put_the_sm3_hasher_first_and_tests_keep_md5_before_it(settings):
    assert production.PASSWORD_HASHERS[0] == "gongkai.crypto.hashers.PBKDF2SM3PasswordHasher"
    assert settings.PASSWORD_HASHERS[:2] == ["django.contrib.auth.hashers.MD5PasswordHasher",
                                             "gongkai.crypto.hashers.PBKDF2SM3PasswordHasher"]


def test_hash_is_pbkdf2_sm3_and_checks():
    hasher = PBKDF2SM3PasswordHasher()
    encoded = hasher.encode("Gongkai#2026", "fixedsalt1234567", iterations=1000)
    # the same derivation as cryptography's PBKDF2HMAC(SM3) computes, so it is really SM3
    import base64

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    expected = PBKDF2HMAC(hashes.SM3(), 32, b"fixedsalt1234567", 1000).derive(b"Gongkai#2026")
    assert encoded == "pbkdf2_sm3$1000$fixedsalt1234567$" + base64.b64encode(expected).decode()
    assert hasher.verify("Gongkai#2026", encoded) and not hasher.verify("gongkai#2026", encoded)
    assert hasher.must_update(encoded)  # fewer iterations than the current policy
    assert not hasher.must_update(hasher.encode("x", hasher.salt()))


@override_settings(PASSWORD_HASHERS=SM3_FIRST)
def test_make_password_uses_sm3():
    encoded = make_password("Gongkai#2026")
    assert encoded.startswith("pbkdf2_sm3$600000$") and identify_hasher(encoded).algorithm == "pbkdf2_sm3"
    assert check_password("Gongkai#2026", encoded)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=SM3_FIRST)
def test_an_old_pbkdf2_sha256_hash_upgrades_at_log_in(street, rf):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    def login(password):  # the backends of the log-in view (django-axes first) see a request
        return authenticate(rf.post("/accounts/login/", REMOTE_ADDR="127.0.0.1"), username="old_hash",
                            password=password)

    old = PBKDF2PasswordHasher().encode("Gongkai#2026", "oldsalt123456789", iterations=1000)
    user = User.objects.create(username="old_hash", unit=street, role=Role.CLERK, password=old)
    assert login("wrong-one") is None
    assert User.objects.get(pk=user.pk).password == old  # a failed attempt changes nothing
    assert login("Gongkai#2026") is not None
    upgraded = User.objects.get(pk=user.pk).password
    assert upgraded.startswith("pbkdf2_sm3$") and check_password("Gongkai#2026", upgraded)
