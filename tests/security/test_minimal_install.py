"""等保 8.1.4.4 a)/b) 最小安装: production settings carry no development apps and no debug switch."""
import json
import subprocess
import sys

DEV_APPS = {"debug_toolbar", "django_extensions", "django.contrib.admindocs", "silk", "django_browser_reload"}


def production_settings(**env):
    """The values a fresh `gongkai serve` would run with (a child process: the test settings are not used)."""
    code = ("import django, json; from django.conf import settings; django.setup(); "
            "print(json.dumps([settings.DEBUG, list(settings.INSTALLED_APPS), settings.ALLOWED_HOSTS]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"DJANGO_SETTINGS_MODULE": "gongkai.settings", "PATH": "/usr/bin:/bin", **env})
    return json.loads(out.stdout)


def test_debug_is_off_and_no_development_app_is_installed(tmp_path):
    debug, apps, hosts = production_settings(GONGKAI_DATA_DIR=str(tmp_path))
    assert debug is False
    assert not DEV_APPS & set(apps)
    assert "*" not in hosts


def test_debug_needs_an_explicit_switch(tmp_path):
    debug, _, _ = production_settings(GONGKAI_DATA_DIR=str(tmp_path), GONGKAI_DEBUG="1")
    assert debug is True
