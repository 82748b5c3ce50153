"""axe-core in headless chromium: no serious or critical violation on the public pages,
on a desktop and on a phone-sized screen; and the pages work with JavaScript off."""
import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from gongkai.catalog import services

from .conftest import shoot

pytestmark = pytest.mark.browser
BLOCKING = {"serious", "critical"}


@pytest.fixture
def published(seeded, street_clerk, street_reviewer):
    from gongkai.catalog.models import Category

    item = services.create_item(
        street_clerk, title="城关街道关于做好2026年精准扶贫资金公示工作的通知", doc_number="城关街发〔2026〕9号",
        written_date=timezone.localdate() - dt.timedelta(days=5),
        topic=Category.objects.get(scheme="topic", name="民政、扶贫、救灾"),
        categories=list(Category.objects.filter(scheme="domain", name="扶贫")),
        body="<p>各社区：为做好精准扶贫资金公示工作，现将有关事项通知如下。</p><table><tr><th>项目</th><th>金额（元）</th></tr>"
             "<tr><td>产业扶贫</td><td>120000</td></tr></table>")
    services.submit_item(street_clerk, item)
    services.approve_item(street_reviewer, item, opinion="同意")
    return services.publish_item(street_clerk, item)


def pages(item):
    return {"home": "/", "catalog": f"/catalog/?year={item.published_date.year}",
            "item": f"/items/{item.pk}/", "search": "/search/?q=扶贫", "guide": "/guide/"}


def violations(page):
    result = Axe().run(page)
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in result.response["violations"] if v["impact"] in BLOCKING]


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_violations(page, published, width):
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for name, url in pages(published).items():
        page.goto(url)
        assert page.locator("h1").count() == 1, name
        if bad := violations(page):
            found[name] = bad
        if width == 390 and name in ("home", "item"):
            shoot(page, f"portal-{name}-phone")
    assert found == {}


def test_search_works_without_javascript(browser, live_server, published):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto("/")
    page.get_by_role("searchbox").first.fill("扶贫")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url("**/search/**")
    hit = page.locator("mark", has_text="扶贫").first
    assert hit.is_visible()
    page.get_by_role("link", name=published.title).first.click()
    assert published.index_no in page.locator("main").inner_text()
    context.close()


def test_the_checker_itself_catches_a_broken_page(page):
    page.set_content('<html><body><main><input type="text"><img src="x.png"></main></body></html>')
    assert {v[0] for v in violations(page)} >= {"label", "image-alt"}
