"""`gongkai deploy nginx`: the shipped site file filled from checked values only."""
import re

import pytest

from gongkai.commands import CommandError
from gongkai.commands.deploy import render_nginx


def test_every_app_server_is_an_upstream_and_static_files_come_from_disk():
    conf = render_nginx(listen="80", app_servers=["127.0.0.1:8001", "127.0.0.1:8002"], static_root="/srv/g/static/")
    assert "server 127.0.0.1:8001 " in conf and "server 127.0.0.1:8002 " in conf
    assert "alias /srv/g/static/;" in conf and not re.search(r"\{\{\w+\}\}", conf)
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # overwritten, never appended to


@pytest.mark.parametrize("field", [
    {"app_servers": ["127.0.0.1:8001; include /etc/passwd"]},
    {"static_root": "/srv/static; autoindex on"},
    {"static_root": "relative/static"},
    {"listen": "80; return 301 http://evil"},
    {"app_servers": []},
])
def test_a_value_that_would_inject_a_directive_is_refused(field):
    args = {"listen": "80", "app_servers": ["127.0.0.1:8001"], "static_root": "/srv/static", **field}
    with pytest.raises(CommandError):
        render_nginx(**args)
