"""The pieces of bench/province.py (issue 14.6) at tiny sizes: a black-holed site never answers, one
nginx serves every site port, both load generators measure a local server, the options refuse a
database that is not the bench's own, and the report says plainly when a goal is not met."""
from __future__ import annotations

import http.server
import importlib.util
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_platform", ROOT / "bench" / "province.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def local_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            body = b"ok" if self.path != "/missing" else b"no"
            self.send_response(200 if self.path != "/missing" else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_black_holed_site_accepts_and_never_answers(bench):
    holes = bench.BlackHoles(2)
    try:
        assert len(set(holes.ports)) == 2
        with socket.create_connection(("127.0.0.1", holes.ports[0]), timeout=2) as conn:
            conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            conn.settimeout(0.5)
            with pytest.raises(TimeoutError):
                conn.recv(1)
    finally:
        holes.close()


def test_one_nginx_serves_every_site_port(bench, tmp_path):
    nginx = bench.nginx_binary()
    if not nginx:
        pytest.skip("SKIPPED: nginx is not installed (scripts/sysdeps.sh bench installs it)")
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text("<html><body>示范县</body></html>", encoding="utf-8")
    ports = [bench.free_port(), bench.free_port()]
    conf = bench.write_nginx(tmp_path, root, ports, bench.free_port(), ["127.0.0.1:9"], tmp_path)
    proc = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for port in ports:
            bench.wait_port(port, 10)
            assert bench.http_get(port, "/") == 200
            assert bench.http_get(port, "/nothing.html") == 404
    finally:
        proc.terminate()
        proc.wait(10)


def test_the_python_load_generator_measures_a_closed_loop(bench, local_server):
    row = bench.load_python(local_server, ["/", "/a", "/missing"], readers=4, seconds=1, cookies=[])
    assert row["requests"] > 10 and row["errors"] == 0
    assert 0 < row["non2xx"] < row["requests"]                     # every third path is a 404
    assert 0 < row["p50"] <= row["p95"] <= row["p99"] <= row["max"]


def test_wrk_reports_percentiles_through_the_script(bench, local_server, tmp_path):
    if not shutil.which("wrk"):
        pytest.skip("SKIPPED: wrk is not installed (scripts/sysdeps.sh bench installs it)")
    row = bench.load_wrk(local_server, ["/", "/missing"], readers=4, seconds=1, cookies=["abc", "def"], work=tmp_path)
    assert row["requests"] > 10 and row["errors"] == 0
    assert 0 < row["non2xx"] < row["requests"]
    assert 0 < row["p50"] <= row["p95"] <= row["p99"] <= row["max"]


def test_only_a_database_of_its_own(bench):
    with pytest.raises(SystemExit):
        bench.parse(["--db", "test"])
    with pytest.raises(SystemExit):
        bench.parse(["--db", "h_platform; drop"])
    assert bench.parse(["--db", "h_platform_x", "--consumers", "1,2"]).consumer_counts == [1, 2]


def _results(daily_1: float, daily_2: float, portal_p95: float) -> dict:
    load = {"requests": 1000, "errors": 0, "non2xx": 0, "p50": 10.0, "p95": portal_p95, "p99": 200.0,
            "max": 300.0, "seconds": 20.0}
    return {"load_s": 1.0, "loadavg": (1.0, 1.0, 1.0), "loader": "wrk 4.1.0",
            "watch": {1: {"probe_s": 31.0, "daily_s": daily_1, "pages": 1000, "failed": 0, "findings": 10},
                      2: {"probe_s": 16.0, "daily_s": daily_2, "pages": 1000, "failed": 0, "findings": 10}},
            "load": {"portal": load, "workbench": load}, "rss": {"consumer": 150_000, "nginx": 10_000}}


def test_the_report_puts_each_figure_beside_its_goal(bench):
    small = bench.parse(["--units", "30", "--sites", "10", "--items", "2000", "--blackholed", "2"])
    text = bench.report(small, _results(100.0, 80.0, 150.0))
    assert "size: 30 units, 10 sites (2 black-holed), 2,000 catalog items" in text
    assert "daily check 1 → 2 consumers: 1.25× (goal ≥ 1.7×) — goal NOT met at this size" in text
    assert "best 16.0 s" in text and "goal met at this size" in text           # the probe round
    assert "portal p95 150.0 ms" in text and "ratio goal/measured 0.67×) — goal NOT met at this size" in text
    assert "smaller than the issue's full size" in text
    assert "consumer" in text and "146 MB" in text

    full = bench.parse(["--units", "3000", "--sites", "2000", "--items", "5000000", "--blackholed", "40"])
    text = bench.report(full, _results(100.0, 55.0, 60.0))
    assert "1.82× (goal ≥ 1.7×) — goal met\n" in text and "smaller than" not in text


def test_every_readers_clerk_session_reaches_the_workbench(bench, make_user, street, town, client):
    """Each of the load's readers has a session of its own clerk; those logged in by the session
    machinery once fell back to the log-in page (the session held a hash of their old password)."""
    first = make_user(street, username="bench_first")
    first.set_password("Bench-0123456789ab")
    first.save()
    make_user(street, username="bench_second")
    make_user(town, username="bench_third")
    cookies = bench.clerk_cookies("bench_first", "Bench-0123456789ab", 3)
    assert len(set(cookies)) == 3
    for cookie in cookies:
        client.cookies["sessionid"] = cookie
        assert client.get("/work/").status_code == 200
