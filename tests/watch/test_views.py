"""The 网站守护 workbench: scoped lists and dashboards, the registration form's Chinese errors,
marking fixed, 立即检查 through Huey, and the demo site served by the platform."""
import datetime as dt

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from gongkai.domain.watch.findings import Finding as F
from gongkai.units.models import AuditEntry
from gongkai.watch import checks, lifecycle, registration
from gongkai.watch.models import CheckRun, Finding, FindingStatus, Site
from gongkai.watch.run import WatchResult
from tests.conftest import PASSWORD

HOME = "http://127.0.0.1:9/"
BROKEN = F("http://127.0.0.1:9/x.html", "links", "broken_internal", "medium", "404 领导信息",
           referrer="http://127.0.0.1:9/about.html")


@pytest.fixture(autouse=True)
def _no_screenshots(settings):
    settings.WATCH_SCREENSHOTS = False


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def result(*findings):
    now = timezone.now()
    return WatchResult(site=HOME, pages_crawled=3, started=now, finished=now, findings=list(findings))


@pytest.fixture
def site(street, street_admin):
    site = registration.register_site(street_admin, street, {"name": "禾兴街道门户", "homepage": HOME})
    lifecycle.ingest(site, result(BROKEN), CheckRun.objects.create(site=site, kind="daily", started=timezone.now()))
    return site


def test_clerk_sees_own_site_and_not_another_units(client, site, town_clerk, street_clerk):
    page = login(client, street_clerk).get("/work/watch/")
    assert page.status_code == 200 and "禾兴街道门户" in page.content.decode()
    body = client.get(f"/work/watch/sites/{site.pk}/").content.decode()
    assert "站内错链断链" in body and "标记已整改" in body and "立即检查" in body
    client.logout()
    login(client, town_clerk)
    assert "禾兴街道门户" not in client.get("/work/watch/").content.decode()
    assert client.get(f"/work/watch/sites/{site.pk}/").status_code == 404
    finding = Finding.objects.get()
    assert client.get(f"/work/watch/findings/{finding.pk}/").status_code == 404
    assert client.post(f"/work/watch/findings/{finding.pk}/fixed/", {"note": "x"}).status_code == 404
    assert Finding.objects.get().status == FindingStatus.OPEN


def test_supervisor_dashboard_shows_lines_open_work_and_trend(client, site, supervisor, street_clerk):
    finding = Finding.objects.get()
    Finding.objects.filter(pk=finding.pk).update(first_seen=timezone.now() - dt.timedelta(days=3))
    lifecycle.mark_fixed(street_clerk, Finding.objects.get(), "已修复")
    body = login(client, supervisor).get("/work/watch/").content.decode()
    assert "城关街道办事处" in body  # the unit of each site
    assert "站点无法访问（首页不连通率）" in body and "空白栏目" in body and "预警" in body
    assert "<svg class=\"trend\"" in body and "近30天未解决问题数" in body
    assert "3.0天" in body  # median time to fix
    # the supervisor may start a check (issue 12.10) but fixes nothing
    detail = client.get(f"/work/watch/sites/{site.pk}/").content.decode()
    assert "立即检查" in detail and "标记已整改" not in detail


def test_filters_narrow_the_findings_table(client, site, street_clerk):
    login(client, street_clerk)
    assert "站内错链断链" in client.get(f"/work/watch/sites/{site.pk}/?category=links").content.decode()
    body = client.get(f"/work/watch/sites/{site.pk}/?category=privacy").content.decode()
    assert "没有符合条件的问题" in body
    assert "没有符合条件的问题" in client.get(f"/work/watch/sites/{site.pk}/?status=verified").content.decode()


def test_clerk_marks_fixed_with_a_note_and_history_shows_it(client, site, street_clerk):
    login(client, street_clerk)
    finding = Finding.objects.get()
    client.post(f"/work/watch/findings/{finding.pk}/fixed/", {"note": ""})
    assert Finding.objects.get().status == FindingStatus.OPEN
    response = client.post(f"/work/watch/findings/{finding.pk}/fixed/", {"note": "已恢复领导信息页面"}, follow=True)
    assert "已标记为已整改" in response.content.decode()
    assert Finding.objects.get().status == FindingStatus.FIXED
    history = client.get(f"/work/watch/findings/{finding.pk}/").content.decode()
    assert "已恢复领导信息页面" in history and "待处理 → 已整改待复核" in history and "张晓" in history


def test_check_now_enqueues_a_run(client, site, street_clerk, monkeypatch):
    monkeypatch.setattr(checks, "_run_watch", lambda config, **kw: result())
    login(client, street_clerk)
    HUEY.immediate = True
    try:
        client.post(f"/work/watch/sites/{site.pk}/check/")
    finally:
        HUEY.immediate = False
    run = CheckRun.objects.get(kind="manual")
    assert run.requested_by == street_clerk and run.finished
    assert Finding.objects.get().status == FindingStatus.OPEN  # not marked fixed: a clean check leaves it open
    assert AuditEntry.objects.filter(action="watch.check.request").exists()


def test_registration_form_reports_bad_input_in_chinese(client, street_admin, street_clerk):
    login(client, street_admin)
    data = {"name": "门户", "homepage": "ftp:/x", "max_pages": 100, "max_depth": 3, "concurrency": 4,
            "requests_per_second": 5, "external": "skip", "wording_rules": "攻府", "columns": "要闻|http://a/|bogus",
            "is_active": "on"}
    body = client.post("/work/watch/sites/new/", data).content.decode()
    assert "不是有效的网址" in body and "错误写法=正确写法" in body and "栏目类型“bogus”无效" in body
    assert not Site.objects.exists()
    data.update(homepage="http://127.0.0.1:8000/demo-site/", wording_rules="攻府=政府",
                columns="动态要闻|http://127.0.0.1:8000/demo-site/news/|news")
    response = client.post("/work/watch/sites/new/", data)
    site = Site.objects.get()
    assert response.status_code == 302 and site.unit == street_admin.unit
    assert [(c.name, c.klass) for c in site.columns.all()] == [("动态要闻", "news")]
    client.logout()
    login(client, street_clerk)
    client.post("/work/watch/sites/new/", data | {"name": "第二个"})
    assert Site.objects.count() == 1


def test_demo_site_is_served_with_dates_and_a_gbk_page(client, db):  # the 404 page names the government (db)
    home = client.get("/demo-site/")
    text = home.content.decode()
    assert home.status_code == 200 and "%%DATE" not in text
    assert (timezone.localdate() - dt.timedelta(days=2)).isoformat() in text
    gbk = client.get("/demo-site/policy/1.html").content
    assert "物业管理办法".encode("gbk") in gbk and b'charset="gbk"' in gbk
    assert client.get("/demo-site/about/leaders.html").status_code == 404  # the injected broken link
    assert client.get("/demo-site/../settings.py").status_code == 404
    assert client.get("/demo-site/%2e%2e/demo_site.py").status_code == 404


def test_a_supervisor_above_the_unit_may_start_a_check_and_another_unit_may_not(
        client, site, supervisor, town_clerk, monkeypatch):
    """Issue 12.10: the county supervisor could see a red line but not start a check."""
    monkeypatch.setattr(checks, "_run_watch", lambda config, **kw: result())
    login(client, supervisor)
    assert "立即检查" in client.get(f"/work/watch/sites/{site.pk}/").content.decode()
    HUEY.immediate = True
    try:
        client.post(f"/work/watch/sites/{site.pk}/check/")
        client.logout()
        login(client, town_clerk)
        client.post(f"/work/watch/sites/{site.pk}/check/")
    finally:
        HUEY.immediate = False
    assert list(CheckRun.objects.filter(kind="manual").values_list("requested_by", flat=True)) == [supervisor.pk]


def test_the_demo_site_follows_the_address_the_demo_serves_on(street):
    from gongkai.watch import demo_site

    site = demo_site.register_demo_site(street, "http://127.0.0.1:8000/demo-site/")
    assert demo_site.never_checked_demo_sites() == [site]
    demo_site.rehome_demo_sites("http://127.0.0.1:8123/demo-site/")
    site.refresh_from_db()
    assert site.homepage == site.start_urls == "http://127.0.0.1:8123/demo-site/"
    assert {c.url for c in site.columns.all()} >= {"http://127.0.0.1:8123/demo-site/news/"}


def test_a_findings_visitor_identity_is_in_words(client, site, street_clerk):
    """Issue 12.11: 访问方式 read "browser"."""
    finding = Finding.objects.get()
    html = login(client, street_clerk).get(f"/work/watch/findings/{finding.pk}/").content.decode()
    assert html.split('id="finding-profile">')[1].startswith("普通浏览器访问")
