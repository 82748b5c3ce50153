"""鉴别信息传输保护 (8.1.4.1 c): GONGKAI_HTTPS=1 switches on Secure cookies, the HTTPS redirect and HSTS."""
import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

import gongkai.settings as production

from .auth_flow import post_password

HTTPS_KEYS = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
              "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER")
ROOT = Path(__file__).resolve().parents[2]


def settings_with(monkeypatch, tmp_path, **env) -> dict:
    """The production settings module evaluated afresh under ``env``."""
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    values = runpy.run_path(production.__file__)
    return {k: values[k] for k in HTTPS_KEYS if k in values}


def test_without_the_switch_nothing_forces_https(monkeypatch, tmp_path):
    monkeypatch.delenv("GONGKAI_HTTPS", raising=False)
    assert settings_with(monkeypatch, tmp_path) == {}


def test_proxy_header_is_believed_only_when_configured(monkeypatch, tmp_path):
    assert "SECURE_PROXY_SSL_HEADER" not in settings_with(monkeypatch, tmp_path, GONGKAI_HTTPS="1")
    behind = settings_with(monkeypatch, tmp_path, GONGKAI_HTTPS="1", GONGKAI_TRUSTED_PROXY_SSL_HEADER="1")
    assert behind["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.fixture
def https(monkeypatch, tmp_path):
    values = settings_with(monkeypatch, tmp_path, GONGKAI_HTTPS="1")
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    with override_settings(**values):
        yield


def test_login_over_http_redirects_to_https(https, client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 301 and response.url == "https://testserver/accounts/login/"


def test_cookies_are_secure_httponly_lax_and_hsts_is_sent(https, client, street_clerk):
    page = client.get(reverse("accounts:login"), secure=True)
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    response = post_password(client, "street_clerk", secure=True)
    assert response.status_code == 302
    session, csrf = response.cookies["sessionid"], client.cookies["csrftoken"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert csrf["secure"] and csrf["samesite"] == "Lax"


def test_deploy_check_is_clean_with_production_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}  # the browser tests set it in-process
    env.update(GONGKAI_HTTPS="1", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="gk.example.gov.cn",
               GONGKAI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="gongkai.settings")
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
