"""Issue 15 point 3, "done when": the 2025 政府网站工作年度报表 is built from the records, its other
figures imported from one workbook and corrected on the form, checked and submitted by a clerk,
signed and published by a reviewer, and read on the portal — in a real browser."""
import io

import pytest
from openpyxl import Workbook

from gongkai.domain import website_report as wr
from gongkai.sitereports import services
from gongkai.sitereports.models import SiteReportStatus, WebsiteReport
from gongkai.watch.models import Site
from tests.sitereports.conftest import entered_values

from .conftest import shoot
from .test_clerk_reviewer_public import login, logout

pytestmark = pytest.mark.browser
TITLE = "城关街道门户网站2025年政府网站工作年度报表"


def _workbook(tmp_path):
    tpl = wr.template_for(2025)
    values = entered_values(visits=5000)
    columns = [(k, h) for k, h in wr.workbook_columns(tpl) if k in values or k in ("site_code", "year")]
    book = Workbook()
    book.active.append([h for _k, h in columns])
    book.active.append(["5109030018", 2025] + [("是" if values[k] else "否") if isinstance(values[k], bool)
                                               else values[k] for k, _h in columns[2:]])
    path = tmp_path / "figures.xlsx"
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_build_import_check_sign_publish_and_read(page, seeded, street, street_clerk, street_reviewer,
                                                  street_admin, tmp_path):
    site = Site.objects.create(unit=street, name="城关街道门户网站", homepage="https://cg.example.gov.cn/")
    services.save_registration(street_admin, site, site_code="5109030018", site_type="政府门户网站",
                               icp_no="蜀ICP备0001号", police_no="川公网安备0001号")

    login(page, street_clerk.username)
    page.locator("nav.worknav").get_by_role("link", name="网站年度报表").click()
    page.get_by_label("年度").select_option("2025")
    page.get_by_role("button", name="生成或更新报表").click()
    assert "required.missing" in page.locator("#findings").inner_text()
    page.goto("/work/sitereports/import/")
    page.get_by_label("填报数据（.xlsx）").set_input_files(str(_workbook(tmp_path)))
    page.get_by_role("button", name="上传").click()
    assert "已导入1行" in page.locator(".messages").inner_text()
    page.get_by_role("link", name=TITLE).click()
    assert "全部勾稽关系校验通过" in page.locator("#findings").inner_text()
    page.get_by_label("基本信息·网站总访问量（次）").fill("5600")
    page.get_by_role("button", name="保存填报数据").click()
    assert "已保存" in page.locator(".messages").inner_text()
    table = page.locator("#table-website")
    assert table.locator("th", has_text="信息发布").first.get_attribute("rowspan") == "4"
    assert "5600" in table.inner_text()
    shoot(page, "site-report-draft")
    page.get_by_role("button", name="校验并提交签发").click()
    assert page.locator("#status").inner_text().startswith("已校验待签发")
    logout(page)

    login(page, street_reviewer.username)
    page.goto("/work/sitereports/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="审核签发").click()
    assert page.locator("#status").inner_text().startswith("已签发待发布")
    page.get_by_role("button", name="在门户网站发布").click()
    assert "已在门户网站" in page.locator(".messages").inner_text()
    logout(page)

    report = WebsiteReport.objects.get(site=site, year=2025)
    assert report.status == SiteReportStatus.PUBLISHED and report.signed_by == street_reviewer
    assert report.submitted_by == street_clerk
    page.goto("/")
    page.locator("#home-site-reports").click()
    page.get_by_role("link", name=TITLE).click()
    text = page.locator("#table-website").inner_text()
    assert "5109030018" in text and "5600" in text and "互动交流" in text
    shoot(page, "site-report-portal")
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel表格").click()
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    assert sheet["A1"].value == TITLE
