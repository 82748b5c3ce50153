"""Issue 12 item 15 and "accessibility of the workbench", in headless chromium: each role's landing
page, one navigation bar, axe-core (the pinned axe-playwright-python package, no CDN) on every
workbench page at 1280 and 390 px, a form used with the keyboard alone, and the ranking's 总分 on
screen at 1280 px."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.assessment import services as assessment
from gongkai.catalog import services as catalog
from tests.reports.factories import application

from .test_accessibility import violations
from .test_clerk_reviewer_public import login

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


@pytest.fixture
def world(seeded, county, street, town, street_clerk, street_reviewer, street_admin, supervisor):
    app = application(street, TODAY - dt.timedelta(days=25))
    app.due_on, app.assigned_to = TODAY, street_clerk
    app.save(update_fields=["due_on", "assigned_to"])
    item = catalog.create_item(street_clerk, title="城关街道2026年12月城乡低保发放情况公示", written_date=TODAY,
                               body="<p>各社区：现将低保发放情况公示如下。</p>")
    catalog.submit_item(street_clerk, item)
    scheme = assessment.create_scheme(supervisor, county, year=TODAY.year)
    return {"app": app, "item": item, "scheme": scheme, "street": street}


def staff_pages(w) -> dict[str, str]:
    return {
        "workbench": reverse("workbench:home"), "items": reverse("catalog:items"),
        "item": reverse("catalog:item", args=[w["item"].pk]), "item_new": reverse("catalog:item_new"),
        "applications": reverse("applications:list"), "application": reverse("applications:detail", args=[w["app"].pk]),
        "statistics": reverse("applications:statistics"), "disputes": reverse("disputes:list"),
        "reports": reverse("reports:index"), "report_inspection": reverse("reports:inspect"),
        "watch": reverse("watch:index"), "assessment": reverse("assessment:index"),
        "duties": reverse("duties:index"), "workplan": reverse("workplan:mine"),
    }


def supervisor_pages(w) -> dict[str, str]:
    return {
        "workbench": reverse("workbench:home"),
        "ranking": reverse("assessment:ranking", args=[w["scheme"].pk]),
        "scorecard": reverse("assessment:scorecard", args=[w["scheme"].pk, w["street"].pk]),
        "audit_log": reverse("accounts:audit"),
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_or_critical_violation_on_workbench_pages(page, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for username, pages in (("street_clerk", staff_pages(world)), ("supervisor", supervisor_pages(world))):
        login(page, username)
        for name, url in pages.items():
            page.goto(url)
            assert page.locator("nav").filter(has=page.locator("ul.nav")).count() == 1, (username, name)
            if bad := violations(page):
                found[f"{username}:{name}"] = bad
        page.get_by_role("button", name="退出").click()
    assert found == {}


def test_each_role_lands_on_what_it_must_do_today(page, world):
    login(page, "street_clerk")
    due = page.locator("#wb-due")
    assert "今天到期" in due.inner_text() and "我承办" in due.inner_text()
    due.get_by_role("link", name=f"申请{world['app'].number}").click()
    page.wait_for_url(f"**/work/applications/{world['app'].pk}/")
    page.get_by_role("button", name="退出").click()

    login(page, "street_reviewer")
    page.locator("#wb-review").get_by_role("link", name=world["item"].title).click()
    page.get_by_label("保密审查意见").fill("经保密审查，不涉及国家秘密，同意公开。")
    page.get_by_role("button", name="同意发布").click()
    assert page.locator("#item-status").inner_text() == "已发布"
    page.get_by_role("button", name="退出").click()

    login(page, "supervisor")
    units = page.locator("#wb-units")
    assert "城关街道办事处" in units.inner_text() and "3个工作日内到期" in units.inner_text()


def test_a_form_works_with_the_keyboard_alone(page, world):
    """Tab from the top of the page to the 加减分 form, type, and submit with Enter."""
    login(page, "supervisor")
    page.goto(reverse("assessment:scorecard", args=[world["scheme"].pk, world["street"].pk]))
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "points":
            break
    else:
        pytest.fail("the 加减分 field cannot be reached with Tab")
    page.keyboard.type("-1.5")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.type("未按要求报送信息公开工作台账")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "登记加减分"
    page.keyboard.press("Enter")
    assert "加减分已登记" in page.locator(".messages").inner_text()


def test_the_ranking_shows_the_total_and_the_curve_at_1280(page, world):
    login(page, "supervisor")
    page.goto(reverse("assessment:ranking", args=[world["scheme"].pk]))
    total = page.locator("#ranking td.total").first
    box = total.bounding_box()
    assert box and box["x"] + box["width"] <= 1280, "总分 is off-screen"
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    rules = page.locator("#rule-proactive_timely").inner_text()
    assert "不高于80%得0分" in rules and "如90%得7.5分" in rules


def test_the_phone_navigation_is_one_row_not_a_fifth_of_the_screen(page, world):
    """At 390×844 the portal's nav grid took four rows (a fifth of the first screen); it is one
    scrolling row now, with CSS only, and every link is still there."""
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/", reverse("workbench:home")):
        if url != "/":
            login(page, "street_clerk")
        page.goto(url)
        nav = page.locator("header nav ul.nav").first
        assert nav.bounding_box()["height"] <= 50, url
        assert nav.locator("a").count() >= 9
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
