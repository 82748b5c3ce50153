"""Integrity/tamper alerts: e-mail to the unit admin and the supervisors above, with a screenshot
from headless chromium in which the offending element is outlined; no screenshot, still an alert."""
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.units.models import AuditEntry, Role
from gongkai.watch import alerts
from gongkai.watch.models import Finding, Site

PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>首页</title></head><body style='background:#fff'>"
        "<p>禾兴街道办事处</p><div style='height:1500px'></div>"
        "<div id='spam' style='width:300px;height:60px'><a href='http://www.amjs-bet365.top/'>澳门新葡京娱乐城</a></div>"
        "</body></html>").encode()


@pytest.fixture
def local_page():
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers.get("User-Agent", ""))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", seen
    server.shutdown()


@pytest.fixture
def people(street, town, make_user, supervisor):
    supervisor.email = "sup@example.invalid"
    supervisor.save()
    make_user(street, Role.UNIT_ADMIN, email="admin@example.invalid")
    make_user(street, Role.CLERK, email="clerk@example.invalid")
    make_user(town, Role.UNIT_ADMIN, email="town-admin@example.invalid")


def finding(street, url, **kw):
    site = Site.objects.create(unit=street, name="街道门户", homepage=url)
    now = timezone.now()
    return Finding.objects.create(site=site, key="k", url=url, category="integrity", kind="hidden_link",
                                  severity="high", evidence="澳门新葡京娱乐城", first_seen=now, last_seen=now, **kw)


@pytest.mark.browser
def test_alert_carries_a_screenshot_with_the_element_outlined(street, people, local_page):
    from PIL import Image

    url, seen = local_page
    f = finding(street, url, selector="#spam", profile="spider")
    assert alerts.send_alert(f)
    [message] = mail.outbox
    assert sorted(message.to) == ["admin@example.invalid", "sup@example.invalid"]
    assert "搜索引擎爬虫" in message.body and url in message.body and "红框" in message.body
    [(name, png, ctype)] = message.attachments
    assert ctype == "image/png" and name.endswith(".png")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    raw = image.tobytes()
    reds = sum(1 for i in range(0, len(raw), 3) if raw[i] > 200 and raw[i + 1] < 60 and raw[i + 2] < 60)
    assert reds > 500  # the 4px red outline around the scrolled-into-view element
    assert any("Baiduspider" in ua for ua in seen)  # opened with the profile's User-Agent
    f.refresh_from_db()
    assert f.alerted_at and f.screenshot.name.endswith(".png")
    assert not alerts.send_alert(f)  # once only
    assert len(mail.outbox) == 1


def test_screenshot_failure_does_not_lose_the_alert(street, people, monkeypatch):
    from gongkai.watch import screenshot

    def fail(*args, **kwargs):
        raise screenshot.ScreenshotError("截图失败：页面无法打开")

    monkeypatch.setattr(screenshot, "capture", fail)
    f = finding(street, "http://127.0.0.1:9/")
    assert alerts.send_alert(f)
    [message] = mail.outbox
    assert "未附截图：截图失败：页面无法打开" in message.body and not message.attachments
    entry = AuditEntry.objects.get(action="watch.alert")
    assert entry.detail == {"kind": "hidden_link", "recipients": 2, "screenshot": False}
