"""Issues 12–13 in chromium: the counter of a limited field, nothing cut on paste, a body pasted
from Word keeps its table on the public page, and the form works without JavaScript."""
import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import Item

from .test_clerk_reviewer_public import login

pytestmark = pytest.mark.browser
WORD = (Path(__file__).resolve().parents[1] / "realdata" / "word" / "clipboard-gongshi-table.html").read_text("utf-8")
PASTE = """(html) => {
  const editor = document.querySelector('.richtext-editor');
  editor.focus();
  const data = new DataTransfer();
  data.setData('text/html', html);
  data.setData('text/plain', '城关街道2026年第四季度临时救助发放情况公示');
  editor.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def _fill_required(page, title):
    page.get_by_label("标题").fill(title)
    page.get_by_label("成文日期").fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())


def test_counter_and_no_cut_and_word_table_reaches_the_portal(page, seeded, street_clerk, street_reviewer):
    login(page, "street_clerk")
    page.goto("/work/items/new/")
    title = page.get_by_label("标题")
    assert title.get_attribute("maxlength") is None
    counter = page.locator("#id_title_count")
    title.fill("城关街道临时救助公示")
    assert counter.inner_text() == "已输入 10 / 300 个字"
    long_title = "城关街道" * 80  # 320 characters: a browser with maxlength would keep 300
    title.fill(long_title)
    assert title.input_value() == long_title
    assert "超出 20 个字" in counter.inner_text()
    assert "over" in (counter.get_attribute("class") or "")
    page.get_by_role("button", name="保存草稿").click()
    assert "最多 300 个字，现在有 320 个字" in page.locator("#error-summary").inner_text()
    assert page.get_by_label("标题").input_value() == long_title  # kept whole for the clerk to shorten

    _fill_required(page, "城关街道2026年第四季度临时救助发放情况公示")
    editor = page.get_by_role("textbox", name="正文")
    editor.evaluate("e => { e.innerHTML = ''; }")
    page.evaluate(PASTE, WORD)
    assert editor.locator("table td").count() == 9 - 1  # 3×3 with the 合计 cell spanning two columns
    assert editor.locator("ol > li").count() == 2 and editor.locator("b").count() >= 1
    assert "mso-" not in editor.inner_html() and "<o:p" not in editor.inner_html()
    page.get_by_role("button", name="保存草稿").click()
    assert "已保存草稿" in page.locator(".messages").inner_text()

    item = Item.objects.get(title="城关街道2026年第四季度临时救助发放情况公示")
    assert "<table>" in item.body and 'colspan="2"' in item.body and "<ol>" in item.body
    services.submit_item(street_clerk, item)
    services.approve_item(street_reviewer, item, opinion="同意")
    services.publish_item(street_clerk, item)
    page.goto(f"/items/{item.pk}/")
    cells = page.locator(".item-body table td")
    assert cells.count() == 8 and cells.filter(has_text="南门社区").is_visible()
    assert page.locator(".item-body table td[colspan='2']").inner_text().strip() == "合计"
    assert page.locator(".item-body ol li").count() == 2


def test_form_works_without_javascript(browser, live_server, seeded, street_clerk):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        login(page, "street_clerk")
        page.goto("/work/items/new/")
        assert page.locator("#id_title_count").inner_text() == "最多 300 个字"
        long_title = "城关街道" * 80
        page.get_by_label("标题").fill(long_title)
        page.get_by_label("成文日期").fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())
        page.get_by_label("正文").fill("一、救助对象\n南门社区 1户\n\n二、监督电话\n0571-88880000")
        page.get_by_role("button", name="保存草稿").click()
        assert "最多 300 个字，现在有 320 个字" in page.locator("#error-summary").inner_text()
        assert page.get_by_label("标题").input_value() == long_title
        page.get_by_label("标题").fill("城关街道临时救助公示")
        page.get_by_role("button", name="保存草稿").click()
        assert "已保存草稿" in page.locator(".messages").inner_text()
        item = Item.objects.get(title="城关街道临时救助公示")
        assert item.body == "<p>一、救助对象<br>南门社区 1户</p><p>二、监督电话<br>0571-88880000</p>"
    finally:
        context.close()
