"""SSRF guard (入侵防范 8.1.4.4 d, issue 10 finding 2): every server-side fetch refuses loopback,
private, link-local/metadata and other non-public addresses, odd numeric host forms, other schemes
and ports — BEFORE any connection — unless a 系统管理员 registered the site as internal; redirects
are checked at every hop; refused, closed, timed out all read the same "无法访问该网址".

No connection is ever attempted to a refused address: a Python audit hook records every
``socket.connect`` of the test process, and each refusal asserts it recorded none."""
from __future__ import annotations

import socket
import sys
import threading

import pytest

from gongkai.domain.outbound import Policy, Refused, check_url
from gongkai.watch import outbound
from gongkai.watch.outbound import USER_MESSAGE, FetchFailed, fetch
from tests.watch.localsite import Route, Site, html, page, redirect

REFUSED_URLS = [
    "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://192.168.1.1/", "http://172.16.0.5/",
    "http://100.64.0.1/", "http://[::1]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/", "http://224.0.0.1/", "http://localhost/", "http://LOCALHOST./admin/login/",
    "http://2130706433/", "http://0177.0.0.1/", "http://0x7f000001/", "http://127.1/",
    "http://127.0.0.1/admin/login/", "http://127.0.0.1:5432/", "http://8.8.8.8:5432/", "ftp://8.8.8.8/",
    "file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "http://user:pw@8.8.8.8/",
]


class Connections:
    """Every socket.connect the test process makes while recording (a sys audit hook)."""

    def __init__(self):
        self.seen: list = []
        self.on = threading.Event()

    def hook(self, event, args):
        if event == "socket.connect" and self.on.is_set():
            self.seen.append(args[1])

    def __enter__(self):
        self.seen.clear()
        self.on.set()
        return self

    def __exit__(self, *exc):
        self.on.clear()


_CONNECTIONS = Connections()
sys.addaudithook(_CONNECTIONS.hook)


@pytest.fixture
def connections():
    return _CONNECTIONS


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_refused_by_the_rules_without_connecting(url, connections, caplog):
    with connections, pytest.raises(FetchFailed) as info:
        fetch(url, outbound.configured_policy(), timeout=2)
    assert str(info.value) == USER_MESSAGE
    assert connections.seen == []
    assert any("refused" in r.getMessage() for r in caplog.records)    # the reason is in the server log only


def test_the_classification_names_the_reason():
    policy = Policy()
    cases = {"http://169.254.169.254/": "link-local", "http://10.0.0.1/": "private", "http://[::1]/": "loopback",
             "http://100.64.1.2/": "shared", "http://0177.0.0.1/": "non-canonical", "http://2130706433/": "non-canonical",
             "http://[64:ff9b::a00:1]/": "private", "http://8.8.8.8:22/": "port 22"}
    for url, reason in cases.items():
        with pytest.raises(Refused) as info:
            check_url(url, policy, outbound.resolve)
        assert reason in info.value.reason, url
    assert check_url("https://8.8.8.8/", policy, outbound.resolve).address == "8.8.8.8"   # nothing fetched


def test_a_name_answering_one_private_address_among_public_ones_is_refused():
    with pytest.raises(Refused):
        check_url("http://mixed.example/", Policy(), lambda host, port: ["8.8.8.8", "10.1.2.3"])


def test_ports_8080_and_8443_only_when_configured(settings):
    resolve = lambda host, port: ["8.8.8.8"]   # noqa: E731 - a name that is never looked up
    with pytest.raises(Refused):
        check_url("http://www.example.gov.cn:8080/", outbound.configured_policy(), resolve)
    settings.OUTBOUND_ALLOWED_PORTS = [80, 443, 8080, 8443]
    assert check_url("http://www.example.gov.cn:8080/", outbound.configured_policy(), resolve).port == 8080


def test_resolved_once_and_the_connection_pinned_to_that_address(connections):
    """The name is resolved by the guard once; the connection goes to that address while the Host
    header keeps the name (a name the system cannot resolve at all, so no second lookup could work)."""
    calls = []

    def resolver(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    with Site({"/": page(html("首页", "ok"))}) as server:
        port = server.server.server_address[1]
        policy = Policy().with_internal([f"watched.invalid:{port}"])
        with connections:
            answer = outbound.GuardedTransport(policy, resolver=resolver)
            import httpx

            with httpx.Client(transport=answer) as http:
                response = http.get(f"http://watched.invalid:{port}/")
        assert response.status_code == 200
        assert calls == ["watched.invalid"]
        assert connections.seen == [("127.0.0.1", port)]
        assert server.requests[0][2]["Host"] == f"watched.invalid:{port}"


def test_internal_site_does_not_open_other_ports_or_hosts(connections):
    """Registered internal for its own origin only: another port on the same address is refused."""
    with Site({"/": page("ok")}) as server:
        port = server.server.server_address[1]
        policy = Policy().with_internal([f"127.0.0.1:{port}"])
        assert fetch(server.url("/"), policy, timeout=5).status == 200
        with connections, pytest.raises(FetchFailed):
            fetch("http://127.0.0.1:5432/", policy, timeout=2)
        with connections, pytest.raises(FetchFailed):
            fetch(f"http://localhost:{port}/", policy, timeout=2)
        assert connections.seen == []


def test_redirect_from_an_allowed_site_to_a_refused_one_is_not_followed(connections):
    """Two local servers, only the first registered internal: its redirects to the second, to the
    metadata address and to a decimal-form loopback are refused at the hop, before connecting."""
    with Site({"/x": page("secret")}) as inside:
        targets = {"/to-other": redirect(inside.url("/x")), "/to-metadata": redirect("http://169.254.169.254/latest"),
                   "/to-decimal": redirect(f"http://2130706433:{inside.server.server_address[1]}/x")}
        with Site(targets) as allowed:
            policy = Policy().with_internal([f"127.0.0.1:{allowed.server.server_address[1]}"])
            for path in targets:
                with connections, pytest.raises(FetchFailed) as info:
                    fetch(allowed.url(path), policy, timeout=2)
                assert str(info.value) == USER_MESSAGE
                assert connections.seen == [("127.0.0.1", allowed.server.server_address[1])]
        assert inside.requests == []


def test_closed_port_timeout_and_refusal_read_the_same(connections):
    """No port oracle: a closed internal port, a timeout and a refused address give one message."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with Site({"/slow": Route(b"late", delay=2)}) as slow:
        sport = slow.server.server_address[1]
        policy = Policy().with_internal([f"127.0.0.1:{closed}", f"127.0.0.1:{sport}"])
        messages = set()
        for url in (f"http://127.0.0.1:{closed}/", slow.url("/slow"), "http://127.0.0.1:5432/", "http://10.0.0.1/"):
            with pytest.raises(FetchFailed) as info:
                fetch(url, policy, timeout=0.5)
            messages.add(str(info.value))
        assert messages == {USER_MESSAGE}


def test_the_crawler_refuses_a_private_start_url(connections):
    from gongkai.domain.watch.config import SiteConfig
    from gongkai.watch.run import run_watch

    with connections:
        result = run_watch(SiteConfig(start_urls=["http://10.0.0.1/", "http://169.254.169.254/"], retries=0))
    assert connections.seen == []
    assert result.pages_crawled == 2


def test_the_crawler_follows_no_redirect_to_an_unregistered_local_server(connections):
    from gongkai.domain.watch.config import SiteConfig
    from gongkai.watch.run import run_watch

    with Site({"/admin/login/": page(html("内部", "secret"))}) as inside:
        with Site({"/": redirect(inside.url("/admin/login/"))}) as allowed:
            policy = Policy().with_internal([f"127.0.0.1:{allowed.server.server_address[1]}"])
            run_watch(SiteConfig(start_urls=[allowed.url("/")], scope_hosts={"127.0.0.1"}, retries=0), policy=policy)
            assert [r[1] for r in allowed.requests] == ["/"]
    assert inside.requests == []
