"""政策解读 in a real browser: a clerk drafts a 行政规范性文件 and its 解读 beside it, submits
both; the reviewer approves the document and the 解读 is released with it (同步审签、同步发布);
the public finds each linked from the other."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalog.models import Item, ItemStatus

from .test_clerk_reviewer_public import login, logout

pytestmark = pytest.mark.browser
TITLE = "关于印发《城关街道社区工作者管理办法》的通知"


def test_policy_document_published_with_its_interpretation(page, seeded, street_clerk, street_reviewer):
    today = timezone.localdate()
    login(page, "street_clerk")
    page.get_by_role("link", name="录入信息").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("文号").fill("城关街发〔2026〕40号")
    page.get_by_label("成文日期").fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_label("主题分类").select_option(label="劳动、人事、监察")
    page.get_by_label("体裁").select_option(label="行政规范性文件")
    page.get_by_label("正文").fill("第一条 为加强社区工作者队伍建设，制定本办法。")
    page.get_by_role("button", name="保存草稿").click()
    assert "已保存草稿" in page.locator(".messages").inner_text()
    assert "本文件须同步发布政策解读" in page.locator("#interpretations").inner_text()
    document = Item.objects.get(title=TITLE)

    page.get_by_role("link", name="录入政策解读").click()
    assert page.get_by_label("标题").input_value() == "《城关街道社区工作者管理办法》政策解读"
    assert page.get_by_label(TITLE, exact=False).is_checked()          # the document it explains
    page.get_by_label("解读形式").select_option(label="图片解读（图解、图表、漫画）")
    page.get_by_label("正文").fill("一图读懂：社区工作者的招聘、待遇和考核。")
    page.get_by_role("button", name="保存草稿").click()
    assert "已保存政策解读草稿" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="提交审核").click()
    assert page.locator("#item-status").inner_text() == "待审核"
    page.locator("#interp-documents").get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="提交审核").click()
    assert page.locator("#item-status").inner_text() == "待审核"
    logout(page)

    login(page, "street_reviewer")
    page.goto(f"/work/items/{document.pk}/")
    assert "将与本文件同步审核、同步发布" in page.locator("#interp-sync").inner_text()
    page.get_by_label("保密审查意见").fill("经保密审查，不涉及国家秘密，同意与解读同步公开。")
    page.get_by_role("button", name="同意发布").click()
    assert "政策解读已同步发布" in page.locator(".messages").inner_text()
    assert page.locator("#item-status").inner_text() == "已发布"
    interp = Item.objects.get(interpretation__isnull=False)
    assert interp.status == ItemStatus.PUBLISHED and interp.published_date == today
    logout(page)

    page.goto(f"/items/{document.pk}/")
    page.locator("#related-interpretations").get_by_role("link", name=interp.title).click()
    assert "相关文件" in page.locator("main").inner_text()
    page.locator("#related-documents").get_by_role("link", name=TITLE).click()
    assert "城关街发〔2026〕40号" in page.locator("main").inner_text()
    assert page.locator("script").count() == 0
