"""Issue 5, "done when": the demo site with injected problems is checked, the findings become
assigned tasks, a clerk marks two fixed in the browser — one really fixed, one not — and the next
check verifies the first and reopens the second."""
import shutil

import pytest
from playwright.sync_api import expect
from django.core import mail

from gongkai.watch import checks, demo_site, lifecycle
from gongkai.watch.models import Finding, FindingStatus, RunKind

from .conftest import shoot
from .test_clerk_reviewer_public import login

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_copy(tmp_path, settings):
    root = tmp_path / "demo-site"
    shutil.copytree(demo_site.ROOT, root)
    settings.WATCH_DEMO_SITE_ROOT = root
    return root


def mark_fixed(page, kind: str, note: str) -> None:
    row = page.locator(f"#findings tr[data-kind='{kind}']")
    row.get_by_label("整改说明").fill(note)
    row.get_by_role("button", name="标记已整改").click()
    assert "已标记为已整改" in page.locator(".messages").inner_text()


def test_daily_check_assign_fix_verify_reopen(page, live_server, demo_copy, street, street_clerk, street_admin,
                                              supervisor):
    street_admin.email, supervisor.email, street_clerk.email = "admin@example.invalid", "sup@example.invalid", \
        "clerk@example.invalid"
    for person in (street_admin, supervisor, street_clerk):
        person.save()
    site = demo_site.register_demo_site(street, f"{live_server.url}/demo-site/")

    run = checks.check_site(site, RunKind.DAILY)
    assert not run.error and run.pages >= 15
    found = {(f.kind, f.url.removeprefix(site.homepage)) for f in Finding.objects.filter(site=site)}
    assert ("hidden_link", "") in found
    assert ("broken_internal", "about/leaders.html") in found
    assert ("column_stale", "news/") in found
    assert ("personal_data", "notice/3.html") in found
    # the look-alikes are not flagged: anti-gambling notice, lottery welfare fund report, live-streamed sports
    flagged = {url for kind, url in found if kind in ("spam_text", "hidden_link", "title_hijack")}
    assert not flagged & {"notice/1.html", "notice/2.html", "news/3.html"}
    # the hidden gambling link alerted the admin and the supervisor at once, with a screenshot
    alerts = [m for m in mail.outbox if "网站守护告警" in m.subject]
    assert alerts and sorted(alerts[0].to) == ["admin@example.invalid", "sup@example.invalid"]

    mail.outbox.clear()
    lifecycle.maintenance(site)
    assert not Finding.objects.filter(site=site, status=FindingStatus.OPEN).exists()
    assert [m.to for m in mail.outbox] == [["clerk@example.invalid"]]

    # the clerk fixes the broken link on the site (the missing page is put back) ...
    (demo_copy / "about" / "leaders.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>领导信息</title></head>"
        "<body><h1>领导信息</h1><p>主任：王某</p></body></html>", encoding="utf-8")
    login(page, street_clerk.username)
    page.locator("nav.worknav").get_by_role("link", name="网站守护").click()
    expect(page.locator("#my-findings")).to_have_count(1)  # count() alone does not wait for the page the click opens
    page.get_by_role("link", name="示范街道门户网站（演示）").click()
    mark_fixed(page, "broken_internal", "已补上领导信息页面")
    # ... and claims the hidden link fixed without touching the page
    mark_fixed(page, "hidden_link", "已删除")
    shoot(page, "watch-site")

    checks.check_site(site, RunKind.DAILY)
    broken = Finding.objects.get(site=site, kind="broken_internal")
    hidden = Finding.objects.get(site=site, kind="hidden_link")
    assert broken.status == FindingStatus.VERIFIED
    assert hidden.status == FindingStatus.REOPENED

    page.goto(f"/work/watch/sites/{site.pk}/?status=all")
    assert page.locator("#findings tr[data-kind='broken_internal'] td.status").inner_text() == "复核通过"
    assert page.locator("#findings tr[data-kind='hidden_link'] td.status").inner_text() == "复核未通过"
    page.locator("#findings tr[data-kind='hidden_link']").get_by_role("link").first.click()
    history = page.locator("#history").inner_text()
    assert "已整改待复核 → 复核未通过" in history and "复核时问题仍然存在" in history
