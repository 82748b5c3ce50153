"""Issue 12, "done when": the four roles through a 街道 office's first week, in chromium.

The public applies after a mistake (the CAPTCHA is asked again, nothing typed is lost); a clerk
publishes a 公示 with a table pasted from Word (real Word clipboard HTML) and a scanned attachment;
a reviewer is warned that next year's holiday schedule is missing, is refused the extension that
crosses the year boundary with who fixes it and where, and approves it once the system administrator
has entered the year; the applicant reads the outcome on-line and downloads the letters; the supervisor
starts a check of the demo site and ranks the units; and the PDFs of the letters and of the annual
report keep their 落款 on the page of their last paragraph (read back from the PDFs).

The office's day is fixed at 3 December 2026 (a Thursday; the calendar package knows 2026, not 2027),
so that the year boundary is where the issue met it whatever day the test runs.
"""
import datetime as dt
import io
import re
import shutil

import pytest

from gongkai.units.models import Role

from .test_clerk_reviewer_public import ID_NUMBER, PASSWORD
from .test_item_form_editor import PASTE, WORD

pytestmark = pytest.mark.browser
DAY = dt.date(2026, 12, 3)
NEXT_YEAR = DAY.year + 1
DESCRIPTION = "城关街道2026年第四季度临时救助发放明细及审批依据"
NOTICE_TITLE = "城关街道2026年第四季度临时救助发放情况公示"
ITEM_PAGE = re.compile(r"/work/items/\d+/(#[\w-]+)?$")


@pytest.fixture
def office_day(monkeypatch):
    """Every 'today' of the platform (Django's localdate and the domain's China day) is DAY."""
    from django.utils import timezone

    from gongkai.domain import clock

    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: DAY if value is None
                        else real(value, timezone))
    monkeypatch.setattr(clock, "today", lambda: DAY)
    return DAY


@pytest.fixture
def demo_copy(tmp_path, settings):
    from gongkai.watch import demo_site

    root = tmp_path / "demo-site"
    shutil.copytree(demo_site.ROOT, root)
    settings.WATCH_DEMO_SITE_ROOT = root
    return root


@pytest.fixture
def queue(tmp_path):
    """A task queue of the test's own: nothing queued or locked by an earlier run is in the way."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    original = HUEY.storage
    HUEY.storage = SqliteStorage("gongkai", filename=str(tmp_path / "huey.sqlite3"))
    try:
        yield HUEY
    finally:
        HUEY.storage = original


def sign_in(page, username, lands="**/work/"):
    """Password, then the 动态口令 (tests/otp_login.py); waits for the landing page."""
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
    page.wait_for_url(lands)
    page.wait_for_load_state("load")


def logout(page):
    """Leave the session (the 三员's console has a header of its own): a fresh browser state."""
    page.context.clear_cookies()


def click_and_load(page, locator, url="**"):
    """Click, then wait for the next page's document: never read it before it has arrived."""
    with page.expect_navigation(url=url):
        locator.click()
    page.wait_for_load_state("load")


def answer_captcha(page):
    label = page.locator("label[for='id_captcha']").inner_text()
    numerals = "零一二三四五六七八九十"
    a, b = re.search(r"验证码：(.)加(.)等于几", label).groups()
    page.get_by_label(label).fill(str(numerals.index(a) + numerals.index(b)))


def open_application(page, number):
    page.goto("/work/applications/")
    page.wait_for_load_state("load")
    click_and_load(page, page.get_by_role("link", name=number).first, "**/work/applications/*/")


def assert_signature_with_last_paragraph(pdf: bytes, app, slug):
    """The letter's 落款 (and the line under it) on the page of its last paragraph."""
    from tests.applications.test_letter_layout import _closing
    from tests.reports.pdf_pages import Pages

    pages = Pages(pdf)
    last_paragraph, signature, after = _closing(app, slug)
    assert signature, f"{slug}: no 落款"
    page = pages.page_of(last_paragraph[-20:], last=True)
    for line in signature + after:
        assert pages.page_of(line, last=True) == page, f"{slug}: {line} not on page {page} of {len(pages)}"


def scanned_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (900, 1200), 250)
    draw = ImageDraw.Draw(image)
    for y in range(120, 1100, 48):  # ruled lines of a scanned form
        draw.line((80, y, 820, y), fill=40, width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_clerks_first_week(page, live_server, seeded, office_day, demo_copy, queue, county, street, town, street_clerk,
                             street_reviewer, supervisor, make_user):
    from gongkai.applications.handling import letters
    from gongkai.applications.models import Application, Status
    from gongkai.catalog.models import Item, ItemStatus
    from gongkai.reports.models import ReportStatus
    from gongkai.watch import demo_site
    from gongkai.workdays import readiness
    from tests.reports.pdf_pages import Pages
    from tests.reports.test_pdf_layout import LAST_PARAGRAPH, REALISTIC
    from tests.reports.test_render import make_report

    assert readiness.current(DAY).missing_year == NEXT_YEAR, "the calendar package now knows 2027: move DAY"
    make_user(county, Role.SYSADMIN, "sys_calendar", full_name="周系统")

    # ---- Monday: the public applies, makes a mistake, and is asked the CAPTCHA again
    page.goto("/apply/new/")
    page.get_by_label("向哪个机关申请").select_option(label=street.name)
    page.get_by_label("自然人", exact=True).check()
    page.get_by_label("申请人姓名或名称").fill("王小明")
    page.get_by_label("身份证号码或统一社会信用代码").fill(ID_NUMBER[:-1] + "3")  # a wrong check digit
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("所需信息的名称、文号或特征描述").fill(DESCRIPTION)
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("网上获取").check()
    answer_captcha(page)
    click_and_load(page, page.get_by_role("button", name="提交申请"), "**/apply/new/")
    assert page.locator("#error-summary").is_visible()
    assert "身份证号码" in page.locator("#error-summary").inner_text()
    label = page.locator("label[for='id_captcha']").inner_text()
    assert re.fullmatch(r"验证码：.加.等于几？", label), label  # a question again, not a bare "验证码:"
    assert page.get_by_label("所需信息的名称、文号或特征描述").input_value() == DESCRIPTION  # nothing lost
    assert page.get_by_label("申请人姓名或名称").input_value() == "王小明"
    assert page.get_by_label("网上获取").is_checked() and page.get_by_label(label).input_value() == ""
    page.get_by_label("身份证号码或统一社会信用代码").fill(ID_NUMBER)
    answer_captcha(page)
    click_and_load(page, page.get_by_role("button", name="提交申请"), "**/apply/new/done/")
    number = page.locator("#app-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    app = Application.objects.get(number=number)
    assert app.received_on == DAY and app.due_on == dt.date(2026, 12, 31)

    # ---- the clerk: 补正 (its letter numbered), the supplement arrives, an extension is asked for
    sign_in(page, street_clerk.username)
    open_application(page, number)
    page.locator("summary", has_text="告知补正").click()
    page.get_by_label("需要补正的事项").fill("请写明所需发放明细的月份和社区")
    click_and_load(page, page.get_by_role("button", name="登记补正告知"))
    assert page.locator("#app-status").inner_text() == "待补正"
    click_and_load(page, page.locator("#letters li", has_text="补正").get_by_role("button", name="编发文号"))
    page.get_by_role("button", name="登记收到补正").click()
    page.wait_for_load_state("load")
    assert "答复期限已重新计算" in page.locator(".messages").inner_text()
    page.locator("summary", has_text="申请延期答复").click()
    page.get_by_label("延期理由").fill("需调取四个社区的发放档案并逐户核对")
    click_and_load(page, page.get_by_role("button", name="提交延期申请"))
    assert "待审核人同意" in page.locator("#extension").inner_text()

    # ---- the clerk publishes a 公示: a table pasted from Word, a scanned list, its 公示期
    page.goto("/work/items/new/")
    page.wait_for_load_state("load")
    page.get_by_label("标题").fill(NOTICE_TITLE)
    page.get_by_label("成文日期").fill((DAY - dt.timedelta(days=1)).isoformat())
    page.get_by_label("公示期开始").fill((DAY + dt.timedelta(days=1)).isoformat())
    page.get_by_label("公示期结束").fill((DAY + dt.timedelta(days=7)).isoformat())
    editor = page.get_by_role("textbox", name="正文")
    editor.evaluate("e => { e.innerHTML = ''; }")
    page.evaluate(PASTE, WORD)
    assert editor.locator("table td").count() == 8
    click_and_load(page, page.get_by_role("button", name="保存草稿"), ITEM_PAGE)
    assert "已保存草稿" in page.locator(".messages").inner_text()
    page.locator("input#id_file").set_input_files(
        {"name": "临时救助对象名单（扫描件）.png", "mimeType": "image/png", "buffer": scanned_png()})
    click_and_load(page, page.get_by_role("button", name="上传"), ITEM_PAGE)
    assert "临时救助对象名单（扫描件）.png" in page.locator("section[aria-labelledby='h-att']").inner_text()
    click_and_load(page, page.get_by_role("button", name="提交审核"), ITEM_PAGE)
    item = Item.objects.get(title=NOTICE_TITLE)
    assert item.status == ItemStatus.SUBMITTED
    logout(page)

    # ---- Tuesday: the reviewer is warned, refused with who and where, the admin enters 2027, approved
    sign_in(page, street_reviewer.username)
    warning = page.locator("#calendar-warning")
    assert f"{NEXT_YEAR}年的节假日安排尚未录入" in warning.inner_text() and "周系统" in warning.inner_text()
    click_and_load(page, page.locator("#wb-review").get_by_role("link", name=NOTICE_TITLE), ITEM_PAGE)
    assert "扫描件" in page.locator("section[aria-labelledby='h-unchecked']").inner_text()  # the guard cannot read it
    page.get_by_label("保密审查意见").fill("经审核，可以公开。")
    page.get_by_label("带个人信息提示发布的理由").fill("已人工核对扫描件，名单仅含姓名和社区，未含身份证号和电话")
    click_and_load(page, page.get_by_role("button", name="同意发布"), ITEM_PAGE)
    assert page.locator("#item-status").inner_text() == "已发布"

    open_application(page, number)
    click_and_load(page, page.get_by_role("button", name="同意延期"))
    refusal = page.locator(".messages").inner_text()
    assert f"{NEXT_YEAR}年的节假日安排尚未录入" in refusal and "系统管理员" in refusal
    assert "工作日历 → 节假日安排" in refusal
    assert "待审核人同意" in page.locator("#extension").inner_text()
    logout(page)

    sign_in(page, "sys_calendar", lands="**")
    page.goto("/manage/system/calendar/")
    page.wait_for_load_state("load")
    assert f"{NEXT_YEAR}年的安排尚未录入" in page.locator("#calendar-state").inner_text()
    page.get_by_label("或直接粘贴").fill(f"year,{NEXT_YEAR}\n{NEXT_YEAR}-01-01,休,元旦\n"
                                       f"{NEXT_YEAR}-02-15,休,春节\n{NEXT_YEAR}-02-16,休,春节\n")
    page.get_by_label("依据").fill(f"国务院办公厅关于{NEXT_YEAR}年部分节假日安排的通知")
    click_and_load(page, page.get_by_role("button", name="录入"), "**/manage/system/calendar/")
    assert f"已录入{NEXT_YEAR}年的节假日安排" in page.locator(".messages").inner_text()
    logout(page)

    sign_in(page, street_reviewer.username)
    assert page.locator("#calendar-warning").count() == 0
    open_application(page, number)
    click_and_load(page, page.get_by_role("button", name="同意延期"))
    assert "已同意延期" in page.locator(".messages").inner_text()
    app.refresh_from_db()
    assert app.due_on.year == NEXT_YEAR
    logout(page)

    # ---- the clerk answers (preview, then confirm) and numbers the letter
    sign_in(page, street_clerk.username)
    open_application(page, number)
    page.locator("summary", has_text="登记办理结果").click()
    page.get_by_label("办理结果").select_option("granted")
    page.get_by_label("答复内容").fill("所申请的临时救助发放明细予以公开，电子文件已上传至本平台，可在网上下载。")
    click_and_load(page, page.get_by_role("button", name="登记办理结果"))
    assert "予以公开" in page.locator("#decision-preview").inner_text()
    click_and_load(page, page.get_by_role("button", name="确认作出答复"))
    assert page.locator("#app-status").inner_text() == "已答复"
    drafts = page.locator("#letters").get_by_role("button", name="编发文号")
    drafts.first.wait_for()
    while drafts.count():  # the 延期答复告知书 and the 答复告知书
        click_and_load(page, drafts.first)
    logout(page)

    # ---- the applicant reads the outcome and downloads the letters (网上送达)
    page.goto("/apply/status/")
    page.wait_for_load_state("load")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    click_and_load(page, page.get_by_role("button", name="查询"))
    assert page.locator("#outcome-decision").inner_text().startswith("予以公开")
    assert page.locator("#outcome-date").inner_text() == "2026年12月3日"
    assert "电子文件已上传至本平台" in page.locator("#outcome-text").inner_text()
    app = Application.objects.get(number=number)
    assert app.status == Status.ANSWERED
    links = page.locator("#outcome-letters a")
    titles = links.all_inner_texts()
    assert any("补正" in t for t in titles) and any("延期" in t for t in titles), titles
    assert any(t.startswith("答复告知书") for t in titles), titles
    for number_ in range(links.count()):
        link = links.nth(number_)
        slug = link.get_attribute("href").rsplit("/", 1)[1].removesuffix(".pdf")
        with page.expect_download() as dl:
            link.click()
        assert dl.value.suggested_filename.endswith(".pdf")
        assert re.search(r"[\u4e00-\u9fff]", dl.value.suggested_filename)  # named after the letter
        assert_signature_with_last_paragraph(dl.value.path().read_bytes(), app, slug)
    assert {letter.slug for letter in letters.available(app)} >= {"supplement"}

    # ---- the public reads the 公示: the Word table, the scan, the 公示期
    page.goto(f"/items/{item.pk}/")
    page.wait_for_load_state("load")
    assert page.locator(".item-body table td").count() == 8
    assert page.locator(".item-body table td[colspan='2']").inner_text().strip() == "合计"
    assert page.get_by_role("link", name="临时救助对象名单（扫描件）.png").count() == 1
    assert page.locator("#notice-ended").count() == 0  # published before its 公示期

    # ---- Friday: the supervisor starts a check of the street's site and ranks the units
    site = demo_site.register_demo_site(street, f"{live_server.url}/demo-site/")
    site.max_pages = 8  # the homepage and its first links: enough to see the check run, quick enough here
    site.save(update_fields=["max_pages"])
    report = make_report("2021", unit=street, narrative=REALISTIC, year=2025, status=ReportStatus.PUBLISHED,
                         published_at=dt.datetime(2026, 1, 20, 10, 0, tzinfo=dt.UTC))
    report.save()
    sign_in(page, supervisor.username)
    page.goto(f"/work/watch/sites/{site.pk}/")
    page.wait_for_load_state("load")
    waiting = {t.id for t in queue.pending()}
    click_and_load(page, page.get_by_role("button", name="立即检查"), f"**/work/watch/sites/{site.pk}/")
    assert "已安排立即检查" in page.locator(".messages").inner_text()
    queued = [t for t in queue.pending() if t.id not in waiting and t.name.endswith("run_check")]
    assert len(queued) == 1 and queued[0].args[0] == site.pk
    queue.execute(queued[0])  # what the task consumer does with it
    page.reload()
    page.wait_for_load_state("load")
    assert site.runs.filter(kind="manual", requested_by=supervisor).exists()
    assert "尚未检查" not in page.locator("main").inner_text()

    page.goto("/work/assessment/")
    page.wait_for_load_state("load")
    page.get_by_label("考核年度").fill(str(DAY.year))
    click_and_load(page, page.get_by_role("button", name="按默认指标建立方案"))
    assert "已按默认指标建立考核方案" in page.locator(".messages").inner_text()
    click_and_load(page, page.get_by_role("button", name="保存方案"), re.compile(r"/work/assessment/\d+/$"))
    ranking = page.locator("#ranking")
    for unit in (street, town):
        row = ranking.locator(f'tr[data-unit="{unit.pk}"]')
        assert row.count() == 1 and re.fullmatch(r"\d+(\.\d+)?", row.locator("td.total").inner_text().strip())
    box = ranking.locator("td.total").first.bounding_box()
    assert box["x"] + box["width"] <= 1280  # 总分 on the screen at 1280 px, not off to the right

    # ---- the annual report's PDF, from the portal: 落款 with the last paragraph, four pages at most
    page.goto(f"/reports/{report.pk}/")
    page.wait_for_load_state("load")
    with page.expect_download() as dl:
        page.get_by_role("link", name="PDF版").click()
    pages = Pages(dl.value.path().read_bytes())
    last = pages.page_of(LAST_PARAGRAPH, last=True)
    assert pages.page_of(street.name + "2026年1月20日", last=True) == last == len(pages) <= 4
