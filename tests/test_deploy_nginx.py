"""`gongkai deploy nginx`: the shipped site file filled from checked values only, and, run by Debian's
nginx, caching only the anonymous pages the app marks."""
import http.client
import http.server
import os
import re
import shutil
import socket
import subprocess
import threading
import time

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
    {"cache_dir": "/var/cache/g; proxy_cache off"},
])
def test_a_value_that_would_inject_a_directive_is_refused(field):
    args = {"listen": "80", "app_servers": ["127.0.0.1:8001"], "static_root": "/srv/static", **field}
    with pytest.raises(CommandError):
        render_nginx(**args)


# ------------------------------------------------------------------ the shipped config, run by nginx

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


@pytest.fixture
def edge(tmp_path):
    """Debian's nginx with the shipped site in front of a counting upstream: /marked answers with
    X-Accel-Expires (as the app marks a cacheable anonymous page), /plain without it."""
    if NGINX is None:
        pytest.skip("SKIPPED: nginx is not installed (make sysdeps installs it)")
    hits: list[str] = []

    class Upstream(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            hits.append(self.path)
            body = f"page {len(hits)}".encode()
            self.send_response(200)
            if self.path.startswith("/marked"):
                self.send_header("X-Accel-Expires", "30")
            self.send_header("Cache-Control", "max-age=600")   # ignored: only the app's mark counts
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        front = s.getsockname()[1]
    (tmp_path / "static").mkdir()
    (tmp_path / "gongkai.conf").write_text(render_nginx(
        listen=f"127.0.0.1:{front}", app_servers=[f"127.0.0.1:{upstream.server_address[1]}"],
        static_root=str(tmp_path / "static"), server_name="localhost", cache_dir=str(tmp_path / "pages")))
    temps = "".join(f"{k}_temp_path {tmp_path / k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'} warn;\n"
        f"events {{ worker_connections 64; }}\nhttp {{\naccess_log off;\n{temps}include {tmp_path / 'gongkai.conf'};\n}}\n")
    proc = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", front), timeout=1).close()
            break
        except OSError:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
    try:
        yield front, hits
    finally:
        proc.terminate()
        proc.wait(10)
        upstream.shutdown()
        upstream.server_close()


def _get(port: int, path: str, cookie: str = "") -> tuple[str, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    resp = conn.getresponse()
    body = resp.read().decode()
    conn.close()
    return body, {k.lower(): v for k, v in resp.getheaders()}


def test_nginx_keeps_only_the_pages_the_app_marks_and_never_for_a_session(edge):
    port, hits = edge
    first, headers = _get(port, "/marked")
    again, again_headers = _get(port, "/marked")
    assert again == first and hits.count("/marked") == 1
    assert again_headers["x-edge-cache"] == "HIT"
    assert "x-accel-expires" not in headers            # the mark is for nginx, not for the browser
    _get(port, "/plain")
    _get(port, "/plain")
    assert hits.count("/plain") == 2                    # Cache-Control alone keeps nothing
    mine, _ = _get(port, "/marked", cookie="sessionid=abc")
    assert mine != first and hits.count("/marked") == 2  # a signed-in reader always reaches the app
    _get(port, "/marked", cookie="messages=x")
    assert hits.count("/marked") == 3
