"""政务咨询 in a real browser: a citizen asks (CAPTCHA on), a clerk answers and chooses to publish,
the reviewer approves (the unit wants review), the citizen finds the answer with the query code and
in the FAQ search; a clerk transfers one message and converts another into an application."""
import re

import pytest
from django.utils import timezone

from gongkai.applications.handling import codes
from gongkai.applications.models import Application
from gongkai.consult import services
from gongkai.consult.models import ConsultationPolicy, Message, Status

from .test_clerk_reviewer_public import ID_NUMBER, login, logout

pytestmark = pytest.mark.browser
SUBJECT = "城关街道老年助餐点在哪里"


def answer_captcha(page):
    label = page.locator("label[for='id_captcha']").inner_text()
    a, b = re.search(r"验证码：(.)加(.)等于几", label).groups()
    numerals = "零一二三四五六七八九十"
    page.get_by_label(label).fill(str(numerals.index(a) + numerals.index(b)))


@pytest.fixture(autouse=True)
def _public_switches(settings):
    settings.GONGKAI_PUBLIC_CAPTCHA = True
    settings.GONGKAI_PUBLIC_RATE_LIMIT = False


def test_citizen_asks_clerk_answers_reviewer_approves_citizen_finds(page, seeded, street, street_clerk,
                                                                   street_reviewer):
    ConsultationPolicy.objects.create(unit=street, review_before_publication=True)
    page.goto("/consult/")
    page.get_by_role("link", name="我要留言").click()
    page.get_by_label("向哪个单位留言").select_option(label=street.name)
    page.get_by_label("标题").fill(SUBJECT)
    page.get_by_label("留言内容").fill("我是王小明，电话13812345678。家里老人行动不便，请问街道的老年助餐点在哪里？")
    page.get_by_label("姓名（可不填）").fill("王小明")
    page.get_by_label("联系方式").fill("13812345678")
    answer_captcha(page)
    page.get_by_role("button", name="提交留言").click()
    number = page.locator("#message-number").inner_text()
    code = page.locator("#query-code").inner_text()
    assert Message.objects.get(number=number).unit == street

    login(page, "street_clerk")
    page.goto("/work/consult/")
    page.get_by_role("link", name=number).click()
    assert "王小明" in page.locator("#asker").inner_text()
    page.get_by_label("答复内容").fill("您好！城关街道老年助餐点设在幸福里社区服务站一楼，王小明您可电话13812345678预约送餐。")
    page.get_by_role("button", name="答复", exact=True).click()
    assert "已答复" in page.locator("#message-status").inner_text()
    page.get_by_label("公开（隐去个人信息）").check()
    page.get_by_role("button", name="保存").click()
    assert page.locator("#publication").inner_text().startswith("待审核公开")
    logout(page)

    login(page, "street_reviewer")
    page.goto(f"/work/consult/{Message.objects.get(number=number).pk}/")
    page.get_by_label("同意公开", exact=True).check()
    page.get_by_role("button", name="提交审核意见").click()
    assert page.locator("#publication").inner_text().startswith("已公开")
    logout(page)

    page.goto("/consult/lookup/")
    page.get_by_label("留言编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert page.locator("#lookup-status").inner_text() == "已答复"

    page.goto("/consult/")
    page.get_by_role("link", name="常见问题").click()
    page.get_by_label("搜索常见问题").fill("助餐")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name=SUBJECT).click()
    main = page.locator("main").inner_text()
    assert "幸福里社区服务站" in main
    assert "王小明" not in main and "13812345678" not in main
    assert page.locator("script").count() == 0


def test_clerk_transfers_one_and_converts_another(page, seeded, street, town, street_clerk):
    def ask(subject, body):
        return services.ask(unit=street, subject=subject, body=body, contact="13812345678", name="王小明",
                            token=codes.new_token()).message
    wrong = ask("河口镇渡口何时恢复", "河口镇的渡口什么时候恢复通行？")
    record = ask("要一份低保名单", "请提供城关街道2025年第四季度低保对象公示名单。")
    login(page, "street_clerk")
    page.goto(f"/work/consult/{wrong.pk}/")
    page.get_by_label("转办至").select_option(label=town.name)
    page.get_by_label("转办理由").fill("渡口由河口镇管理")
    page.get_by_role("button", name="转办").click()
    assert "已转办" in page.locator(".messages").inner_text()
    wrong.refresh_from_db()
    assert wrong.unit == town and wrong.transfers.get().reason == "渡口由河口镇管理"

    page.goto(f"/work/consult/{record.pk}/")
    form = page.locator("#convert-form")
    form.get_by_label("身份证号码或统一社会信用代码").fill(ID_NUMBER)
    form.get_by_label("联系电话").fill("13812345678")
    form.get_by_role("button", name="转为申请").click()
    assert "已转为政府信息公开申请" in page.locator(".messages").inner_text()
    app = Application.objects.get()
    assert page.locator("#converted-application").inner_text() == app.number
    record.refresh_from_db()
    assert record.status == Status.CONVERTED and app.description.startswith("请提供城关街道2025年第四季度")
    assert app.received_on == timezone.localdate()      # 第三十一条(三): the day of the conversion
