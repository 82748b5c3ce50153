"""Continuous shipping of the audit log to the operator's collector (8.1.5.4 d), 8.1.4.3 c)):
RFC 5424 over TLS with RFC 5425 framing, to a real TLS syslog server on 127.0.0.1 whose CA and
certificate the test generates. Resumable (a cursor), at-least-once (the cursor moves only after a
clean close), idempotent by event id (the collector drops repeats), failures in the system console."""
import json
import re

import pytest
from django.urls import reverse

from gongkai.domain import syslog_format
from gongkai.monitoring import shipping, tasks
from gongkai.monitoring.models import Alert, ShipState
from gongkai.units import audit
from gongkai.units.models import AuditEntry, Role

from .auth_flow import full_login
from .siem_server import Collector, closed_port, make_pki

pytestmark = pytest.mark.django_db


@pytest.fixture
def pki(tmp_path):
    return make_pki(tmp_path / "pki")


@pytest.fixture
def collector(pki):
    server = Collector(pki)
    yield server
    server.close()


@pytest.fixture
def siem(settings, pki, collector):
    settings.GONGKAI_SIEM_SYSLOG = f"127.0.0.1:{collector.port}"
    settings.GONGKAI_SIEM_CA_FILE = str(pki["ca"])
    settings.GONGKAI_SIEM_TIMEOUT = 5.0
    settings.GONGKAI_SIEM_HOSTNAME = "gongkai-test"
    return settings


def _rows(n, prefix="test.ship"):
    return [audit.record(f"{prefix}{i}", detail={"i": i, "名称": "城关街道"}) for i in range(n)]


def test_new_rows_arrive_as_rfc5424_messages_over_tls(siem, collector):
    rows = _rows(3)
    assert tasks.ship_audit_log.call_local() == 3
    assert collector.event_ids() == [r.pk for r in rows]
    msg = collector.messages[0]
    assert re.match(rb'<110>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z gongkai-test gongkai - test\.ship0 '
                    rb'\[gongkai@32473 id="\d+" seq="\d+" outcome="success" mac="[0-9a-f]{64}"\] ', msg)
    body = json.loads(msg.split(syslog_format.BOM, 1)[1].decode())
    assert body["id"] == rows[0].pk and body["mac"] == rows[0].mac and body["detail"]["名称"] == "城关街道"
    state = ShipState.current()
    assert state.last_id == rows[-1].pk and state.shipped_total == 3 and not state.failing_since


def test_shipping_resumes_after_the_last_shipped_id(siem, collector):
    _rows(2)
    shipping.ship_new()
    later = _rows(2, "test.later")
    assert shipping.ship_new() == 2
    assert collector.event_ids()[-2:] == [r.pk for r in later] and len(collector.messages) == 4
    assert shipping.ship_new() == 0 and collector.connections == 2  # nothing new: no connection


def test_batches_cover_a_backlog(siem, collector):
    siem.GONGKAI_SIEM_BATCH = 4
    rows = _rows(10)
    assert shipping.ship_new() == 10 and collector.connections == 3
    assert collector.event_ids() == [r.pk for r in rows]


def test_an_outage_is_shown_in_the_system_console_and_nothing_is_lost(siem, collector, client, make_user, county):
    rows = _rows(3)
    siem.GONGKAI_SIEM_SYSLOG = f"127.0.0.1:{closed_port()}"
    assert shipping.ship_new() == 0
    assert shipping.ship_new() == 0  # still down: audited once per outage
    state = ShipState.current()
    assert state.last_id == 0 and state.failures == 2 and "连接被拒绝" in state.last_error
    failed = AuditEntry.objects.get(action="siem.ship_failed")
    assert failed.outcome == "failure" and "连接被拒绝" in failed.reason

    sysadmin = make_user(county, Role.SYSADMIN, "sys_officer")
    full_login(client, sysadmin)
    html = client.get(reverse("manage:system:index")).content.decode()
    assert 'id="shipping-error"' in html and "连接被拒绝" in html and "连续失败 2 次" in html

    siem.GONGKAI_SIEM_SYSLOG = f"127.0.0.1:{collector.port}"
    shipping.ship_new()
    ids = collector.event_ids()
    assert [r.pk for r in rows] == ids[:3] and failed.pk in ids  # the outage's own record too
    assert AuditEntry.objects.filter(action="siem.ship_resumed").exists()
    assert ShipState.current().failing_since is None
    assert 'id="shipping-error"' not in client.get(reverse("manage:system:index")).content.decode()


def test_an_unconfirmed_batch_is_sent_again_and_the_collector_drops_repeats(siem, pki):
    dropping = Collector(pki, mode="reset")
    try:
        siem.GONGKAI_SIEM_SYSLOG = f"127.0.0.1:{dropping.port}"
        rows = _rows(3)
        assert shipping.ship_new() == 0  # the data arrived, the close was never confirmed
        assert dropping.event_ids() == [r.pk for r in rows] and ShipState.current().last_id == 0
        assert "重置" in ShipState.current().last_error or "发送失败" in ShipState.current().last_error
    finally:
        dropping.close()
    good = Collector(pki)
    try:
        siem.GONGKAI_SIEM_SYSLOG = f"127.0.0.1:{good.port}"
        shipping.ship_new()
        received = dropping.event_ids() + good.event_ids()
        assert len(received) > len(set(received))  # at least once: some twice
        assert {r.pk for r in rows} <= set(received)
        assert ShipState.current().last_id == max(received)
    finally:
        good.close()


def test_a_collector_with_a_certificate_from_another_ca_is_refused(siem, tmp_path):
    other = make_pki(tmp_path / "other", label="other")
    impostor = Collector(other)
    try:
        siem.GONGKAI_SIEM_SYSLOG = f"127.0.0.1:{impostor.port}"
        _rows(2)
        assert shipping.ship_new() == 0
        assert impostor.messages == [] and "证书未通过验证" in ShipState.current().last_error
    finally:
        impostor.close()


def test_a_growing_backlog_alerts(siem, mailoutbox):
    from .alerts_helpers import officers

    officers()
    siem.GONGKAI_SIEM_BACKLOG_ALERT = 3
    siem.GONGKAI_SIEM_SYSLOG = f"127.0.0.1:{closed_port()}"
    _rows(3)
    shipping.ship_new()
    alert = Alert.objects.get(kind="siem_backlog")
    assert "尚有" in alert.body and "未送出" in alert.body
    assert [m.subject for m in mailoutbox] == ["【安全告警】操作日志外送积压"]


def test_without_a_collector_nothing_is_sent_and_the_console_says_so(settings, client, make_user, county):
    settings.GONGKAI_SIEM_SYSLOG = ""
    _rows(2)
    assert tasks.ship_audit_log.call_local() == 0 and ShipState.current().last_id == 0
    full_login(client, make_user(county, Role.SYSADMIN, "sys_officer"))
    assert "未配置日志收集服务器" in client.get(reverse("manage:system:index")).content.decode()


def test_a_second_run_while_one_holds_the_lease_sends_nothing(siem, collector):
    from django.utils import timezone
    import datetime as dt

    _rows(2)
    ShipState.current()
    ShipState.objects.filter(pk=1).update(lease_until=timezone.now() + dt.timedelta(minutes=5))
    assert shipping.ship_new() == 0 and collector.messages == []
    ShipState.objects.filter(pk=1).update(lease_until=timezone.now() - dt.timedelta(seconds=1))  # a dead worker's
    assert shipping.ship_new() == 2
