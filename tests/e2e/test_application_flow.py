"""Issue 3, "done when": an application filed on-line and one taken at the counter are carried by
the clerk through 补正, extension and a decision to the answer letter — in a real browser."""
import pytest
from django.utils import timezone

from gongkai.applications.models import Application, Status
from gongkai.workdays.services import load_schedule

from .conftest import shoot
from .test_clerk_reviewer_public import ID_NUMBER, login, logout

pytestmark = pytest.mark.browser
DESCRIPTION = "城关街道2026年城乡低保资金发放明细及审批依据"


@pytest.fixture(autouse=True)
def _public_switches(settings):
    settings.GONGKAI_PUBLIC_CAPTCHA = False
    settings.GONGKAI_PUBLIC_RATE_LIMIT = False


@pytest.fixture
def schedule_2027(transactional_db):
    """chinese-calendar stops at 2026; an extended deadline runs into 2027."""
    load_schedule("year,2027\n2027-01-01,休,元旦\n")


def fill_applicant(page, name, description):
    page.get_by_label("自然人", exact=True).check()
    page.get_by_label("申请人姓名或名称").fill(name)
    page.get_by_label("身份证号码或统一社会信用代码").fill(ID_NUMBER)
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("所需信息的名称、文号或特征描述").fill(description)
    page.get_by_label("纸质").check()
    page.get_by_label("自行领取").check()


def due_text(page):
    # count() does not wait: a click returns once the next page has started loading, so wait
    # for its document before asking whether the badge is there (a race under CI load)
    page.wait_for_load_state("domcontentloaded")
    loc = page.locator("#due-on")
    return loc.inner_text() if loc.count() else ""


def decide_granted(page, text="", on_the_spot=False):
    page.locator("summary", has_text="登记办理结果").click()
    page.get_by_label("办理结果").select_option("granted")
    assert page.get_by_label("法律依据").input_value().startswith("第三十六条第（一）项")  # prefilled
    page.get_by_label("答复内容").fill(text or "所申请的信息予以公开，已通过电子邮件发送。")
    if on_the_spot:
        page.get_by_label("当场答复（当面提交并于当日答复）").check()
    page.get_by_role("button", name="登记办理结果").click()
    assert "予以公开" in page.locator("#decision-preview").inner_text()   # shown before it is final
    page.get_by_role("button", name="确认作出答复").click()
    assert "已登记办理结果" in page.locator(".messages").inner_text()
    assert page.locator("#app-status").inner_text() == "已答复"


def test_online_and_counter_applications_to_the_letter(page, seeded, schedule_2027, street, street_clerk,
                                                       street_reviewer):
    from docx import Document

    # 1. the public files on-line and looks the application up
    page.goto("/apply/new/")
    page.get_by_label("向哪个机关申请").select_option(label=street.name)
    fill_applicant(page, "王小明", DESCRIPTION)
    shoot(page, "application-public-form")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/apply/new/done/")
    number = page.locator("#app-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert number and code
    page.goto("/apply/status/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert page.locator("#app-number").inner_text().strip() == number
    assert page.locator("#app-status").inner_text() == "已收到"

    # 2. the clerk: 补正, supplement received, extension
    login(page, "street_clerk")
    page.goto("/work/applications/")
    page.get_by_role("link", name=number).first.click()
    page.wait_for_url("**/work/applications/*/")
    first_due = due_text(page)
    assert first_due.startswith("答复期限 ")
    page.locator("summary", has_text="告知补正").click()
    page.get_by_label("需要补正的事项").fill("请补充说明所需信息的年度和发放批次")
    page.get_by_role("button", name="登记补正告知").click()
    assert page.locator("#app-status").inner_text() == "待补正"
    assert due_text(page) == ""  # the clock stops until the supplement arrives
    page.get_by_role("button", name="登记收到补正").click()
    assert "答复期限已重新计算" in page.locator(".messages").inner_text()
    assert page.locator("#app-status").inner_text() == "办理中"
    after_supplement = due_text(page)
    # received and supplemented the same day (no date may be in the future), so the 20 working days
    # give the same date again; the extension below is what moves it
    assert after_supplement.startswith("答复期限 ")
    page.locator("summary", has_text="申请延期答复").click()
    page.get_by_label("延期理由").fill("需调取多个批次的发放档案，核对工作量大")
    page.get_by_role("button", name="提交延期申请").click()
    assert "待审核人同意" in page.locator("#extension").inner_text()
    logout(page)

    login(page, "street_reviewer")
    page.goto("/work/applications/")
    page.get_by_role("link", name=number).first.click()
    page.wait_for_url("**/work/applications/*/")
    page.get_by_role("button", name="同意延期").click()
    assert "已同意延期" in page.locator(".messages").inner_text()
    extended_due = due_text(page)
    assert extended_due.startswith("答复期限 ") and extended_due > after_supplement
    logout(page)

    login(page, "street_clerk")
    page.goto("/work/applications/")
    page.get_by_role("link", name=number).first.click()
    page.wait_for_url("**/work/applications/*/")
    decide_granted(page, text="所申请信息可以公开，请于工作日到城关街道党政办领取。")
    letter = page.locator("#letters li", has_text="答复告知书（予以公开）")
    assert letter.get_by_role("link", name="Word").count() == 1
    shoot(page, "application-answered")
    with page.expect_download() as dl:
        letter.get_by_role("link", name="Word").click()
    assert dl.value.suggested_filename.endswith(".docx")
    doc = Document(str(dl.value.path()))
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert number in text and "予以公开" in text

    # 3. a counter application, answered on the spot
    page.goto("/work/applications/new/")
    page.get_by_label("提交方式").select_option(label="当面提交")
    fill_applicant(page, "赵大勇", "城关街道2026年老旧小区改造项目清单")
    page.get_by_role("button", name="登记").click()
    page.wait_for_url("**/work/applications/new/done/")
    counter_number = page.locator("#app-number").inner_text().strip()
    page.get_by_role("link", name="查看申请").click()
    decide_granted(page, on_the_spot=True)
    assert "（当场答复）" in page.locator("#decision").inner_text()
    shoot(page, "application-counter-answered")

    online, counter = Application.objects.get(number=number), Application.objects.get(number=counter_number)
    assert online.status == counter.status == Status.ANSWERED
    assert online.channel == "online" and counter.channel == "counter" and counter.on_the_spot
    assert online.received_on == counter.received_on == timezone.localdate()
