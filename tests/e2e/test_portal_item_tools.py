"""Issue 12 (smaller): an item page's 字号 links change the body's size, and 打印 gives the article
alone — no navigation, no breadcrumb, no footer links — with its source address; all without script."""
import datetime as dt

import pytest

from gongkai.catalog.models import Item, ItemStatus

pytestmark = pytest.mark.browser


@pytest.fixture
def item(seeded, street_clerk):
    return Item.objects.create(
        unit=street_clerk.unit, index_no=f"{street_clerk.unit.code}/2026-00901", title="城关街道临时救助发放情况公示",
        publisher=street_clerk.unit.name, written_date=dt.date(2026, 11, 2), published_date=dt.date(2026, 11, 3),
        body="<p>各社区：</p><table><tr><td>南门社区</td><td>1户</td></tr></table>",
        body_text="各社区 南门社区 1户", status=ItemStatus.PUBLISHED, created_by=street_clerk)


def _body_size(page) -> float:
    return page.locator(".item-body").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def test_text_size_links_change_the_body_and_print_view_has_no_navigation(page, item):
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(f"/items/{item.pk}/")
    page.wait_for_load_state("load")
    medium = _body_size(page)
    assert page.get_by_role("navigation", name="主导航").is_visible()

    page.get_by_role("link", name="大号字").click()
    page.wait_for_url(f"**/items/{item.pk}/?size=large")
    page.wait_for_load_state("load")
    large = _body_size(page)
    assert large > medium * 1.2
    assert page.get_by_role("link", name="大号字").get_attribute("aria-current") == "true"

    page.get_by_role("link", name="小号字").click()
    page.wait_for_url(f"**/items/{item.pk}/?size=small")
    page.wait_for_load_state("load")
    assert _body_size(page) < medium

    page.get_by_role("link", name="打印").click()
    page.wait_for_url(f"**/items/{item.pk}/?print=1&size=small")
    page.wait_for_load_state("load")
    assert _body_size(page) < medium  # the chosen size is printed
    assert page.get_by_role("heading", level=1).inner_text() == item.title
    assert page.locator("nav").count() == 0  # neither the main navigation nor the breadcrumb
    assert page.locator(".site-footer a").count() == 0
    source = page.locator("#print-source").inner_text()
    assert source.endswith(f"/items/{item.pk}/") and "?" not in source
    page.emulate_media(media="print")
    assert not page.locator("#print-tools").is_visible()  # the hint is for the screen only
    assert page.locator("#print-source").is_visible() and page.locator(".item-body td").first.is_visible()
    assert page.locator(".site-header").is_visible()  # the site's name heads the printed page
    assert not scripts, scripts
