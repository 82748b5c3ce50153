"""Issue 4, "done when": a clerk builds the annual report from the records, a reviewer signs and
publishes it, and the public reads it on the portal and downloads it — in a real browser."""
import datetime as dt
import io

import pytest
from playwright.sync_api import expect

from gongkai.reports.models import AnnualReport, ReportStatus
from tests.reports.factories import application

from .conftest import shoot
from .test_clerk_reviewer_public import login, logout

pytestmark = pytest.mark.browser


def test_build_sign_publish_and_read(page, seeded, street, street_clerk, street_reviewer):
    from docx import Document

    application(street, dt.date(2025, 3, 2), dt.date(2025, 3, 20))
    application(street, dt.date(2025, 6, 2), dt.date(2025, 6, 9), "withheld.5", "commercial")
    application(street, dt.date(2025, 12, 29))

    login(page, street_clerk.username)
    page.locator("nav.worknav").get_by_role("link", name="年度报告").click()
    page.get_by_role("link", name="填报2025年度业务数据").click()
    page.get_by_label("行政许可本年处理决定数量").fill("12")
    page.get_by_role("button", name="保存").click()
    page.get_by_label("年度", exact=True).first.select_option("2025")
    page.get_by_role("button", name="生成或更新报告").click()
    assert "全部勾稽关系校验通过" in page.locator("#findings").inner_text()
    table = page.locator("#table-applications")
    assert table.locator("th", has_text="申请人情况").get_attribute("colspan") == "7"
    page.get_by_label("本年存在的主要问题").fill("政务新媒体更新频率不高")
    page.get_by_role("button", name="保存正文").click()
    shoot(page, "report-draft")
    page.get_by_role("button", name="提交审核").click()
    assert page.locator("#status").inner_text().startswith("待审核")
    logout(page)

    login(page, street_reviewer.username)
    page.goto("/work/reports/")
    page.get_by_role("link", name="城关街道办事处2025年政府信息公开工作年度报告").click()
    page.get_by_role("button", name="签发并发布").click()
    assert "已签发" in page.locator(".messages").inner_text()
    logout(page)

    report = AnnualReport.objects.get(unit=street, year=2025)
    assert report.status == ReportStatus.PUBLISHED
    page.goto("/reports/")
    page.get_by_role("link", name="城关街道办事处2025年政府信息公开工作年度报告").click()
    expect(page.locator("#table-applications")).to_have_count(1)  # count() alone does not wait for the page the click opens
    assert "政务新媒体更新频率不高" in page.locator("article.annual-report").inner_text()
    shoot(page, "report-portal")
    with page.expect_download() as info:
        page.get_by_role("link", name="Word版").click()
    text = "\n".join(p.text for p in Document(io.BytesIO(open(info.value.path(), "rb").read())).paragraphs)
    assert "城关街道办事处2025年政府信息公开工作年度报告" in text
