"""A clerk enters an item, a reviewer masks personal data and approves, the clerk publishes,
and the public finds it — in a real browser, taking the user guide's screenshots on the way."""
import datetime as dt
import io

import pytest
from django.utils import timezone

from gongkai.catalog.models import Item, ItemStatus
from tests.conftest import PASSWORD

from .conftest import shoot

pytestmark = pytest.mark.browser
ID_NUMBER = "11010519491231002X"


def login(page, username):
    """Password, then the 动态口令 a real authenticator would show (tests/otp_login.py)."""
    from gongkai.units.models import User
    from tests.otp_login import ensure_device, totp_code

    device = ensure_device(User.objects.get(username=username))
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/otp/**")
    page.get_by_label("动态口令").fill(totp_code(device))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url("**/work/")


def logout(page):
    page.get_by_role("button", name="退出").click()


def xlsx_bytes():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["序号", "姓名", "补贴金额（元）"])
    wb.active.append([1, "王某某", 300])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_item_from_draft_to_portal(page, seeded, street_clerk, street_reviewer, tmp_path):
    today = timezone.localdate()
    login(page, "street_clerk")
    shoot(page, "workbench")
    page.get_by_role("link", name="录入信息").click()
    page.get_by_label("标题").fill("城关街道2026年第四季度城乡低保资金发放情况公示")
    page.get_by_label("文号").fill("城关街发〔2026〕31号")
    page.get_by_label("成文日期").fill((today - dt.timedelta(days=2)).isoformat())
    page.get_by_label("主题分类").select_option(label="民政、扶贫、救灾")
    page.get_by_label("社会救助").first.check()
    page.get_by_label("正文").fill(f"经审核，低保对象张某（身份证号{ID_NUMBER}，联系电话13812345678）"
                                   "本季度享受城乡低保待遇。")
    shoot(page, "item-form")
    page.get_by_role("button", name="保存草稿").click()
    assert "已保存草稿" in page.locator(".messages").inner_text()
    item = Item.objects.get(title__startswith="城关街道2026年第四季度")

    attachment = tmp_path / "低保发放明细.xlsx"
    attachment.write_bytes(xlsx_bytes())
    page.locator("#id_file").set_input_files(str(attachment))
    page.get_by_role("button", name="上传").click()
    assert "低保发放明细.xlsx" in page.content()
    page.get_by_role("button", name="提交审核").click()
    assert page.locator("#item-status").inner_text() == "待审核"
    logout(page)

    login(page, "street_reviewer")
    page.get_by_role("link", name=item.title).first.click()
    pii = page.locator("section.pii[aria-labelledby=h-pii]")  # beside it: attachments still being read
    assert "发现 2 处" in pii.inner_text() and "110105********002X" in pii.inner_text()
    assert ID_NUMBER not in pii.inner_text() and "491231002X" not in pii.inner_text()
    assert "1381234567" not in pii.inner_text()  # no fragment of a neighbouring number either
    shoot(page, "review-pii")
    page.get_by_role("button", name="对正文一键脱敏").click()
    assert "已对正文中的2处个人信息进行脱敏" in page.locator(".messages").inner_text()
    page.get_by_label("保密审查意见").fill("经保密审查，不涉及国家秘密，个人信息已脱敏，同意公开。")
    assert page.get_by_label("发布日期").input_value() == timezone.localdate().isoformat()   # not blank
    page.get_by_label("公开栏").check()
    shoot(page, "publish")
    page.get_by_role("button", name="同意发布").click()       # approval and publication in one step
    assert page.locator("#item-status").inner_text() == "已发布"
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and ID_NUMBER not in item.body
    assert sorted(item.channels.values_list("channel", flat=True)) == ["notice_board", "website"]
    logout(page)

    page.goto("/search/?q=低保")
    page.get_by_role("link", name=item.title).first.click()
    body = page.locator("main").inner_text()
    assert item.index_no in body and "城关街发〔2026〕31号" in body and "110105********002X" in body
    assert ID_NUMBER not in page.content()
    shoot(page, "portal-item")
