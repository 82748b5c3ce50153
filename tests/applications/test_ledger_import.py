"""Importing an office's Excel ledger (台账): dry run, all-or-nothing import, the workbench pages."""
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from gongkai.applications.handling import codes
from gongkai.applications.ledger import ledger_import
from gongkai.applications.handling import services
from gongkai.applications.models import Application, NumberCounter, Status
from gongkai.domain import ledger
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

from .conftest import CREDIT_CODE, ID_NUMBER

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 9)
HEADER = [c.label for c in ledger.COLUMNS]


def ledger_row(**over):
    """One ledger row as an office writes it, by column label."""
    base = {"收到申请日期": "2026-09-28", "提交方式": "当面提交", "申请人类型": "自然人", "申请人姓名或名称": "王小明",
            "证件号码": ID_NUMBER, "联系电话": "138 1234 5678", "申请内容": "老旧小区改造项目的批复文件"}
    base.update(over)
    return [base.get(h, "") for h in HEADER]


def ledger_file(*rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def mixed_ledger() -> bytes:
    """An answered application with its own number, an open one, and one from a company."""
    return ledger_file(
        ledger_row(申请编号="T1100-2026-0007", 收到申请日期="2026年9月1日", 办理结果="予以公开", 答复日期="2026.09.15", 答复内容="已提供"),
        ledger_row(申请内容="2026年低保名单", 获取信息的方式="电子", 获取信息的途径="电子邮件", 电子邮箱="wxm@example.com"),
        ledger_row(申请人类型="商业企业", 申请人姓名或名称="示范公司", 证件号码=CREDIT_CODE, 收到申请日期=dt.datetime(2026, 9, 30), 办理结果="（三）4", 法律依据="第十五条", 答复日期="2026-10-08"),
    )


@pytest.fixture(autouse=True)
def _today(today):
    today(TODAY)


def snapshot():
    return (list(Application.objects.values_list("number", flat=True)),
            list(NumberCounter.objects.values_list("year", "last")),
            AuditEntry.objects.count())


def test_import_stores_every_row_with_numbers_status_and_clock(street, street_clerk):
    report = ledger_import.import_ledger(street_clerk, street, mixed_ledger())
    assert report.ok and report.imported == 3 and (report.answered, report.open) == (2, 1)
    apps = {a.description if a.applicant_type == "natural_person" else "company": a
            for a in Application.objects.all()}
    kept = Application.objects.get(number="T1100-2026-0007")
    assert kept.status == Status.ANSWERED and kept.decision_type == "granted"
    assert kept.answered_on == dt.date(2026, 9, 15) and kept.decision_text == "已提供"
    assert kept.decision_basis == "《中华人民共和国政府信息公开条例》第三十六条第（一）项"  # the default, warned about
    assert any(w.row == 2 and w.column == "法律依据" for w in report.warnings)
    open_app = apps["2026年低保名单"]
    assert open_app.status == Status.RECEIVED and open_app.due_on == dt.date(2026, 10, 30)
    assert open_app.phone == "13812345678" and open_app.delivery == "email"
    company = apps["company"]
    assert company.decision_type == "withheld.4" and company.id_number == CREDIT_CODE
    assert company.decision_basis == "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项"
    for app in Application.objects.all():
        assert app.created_by == app.assigned_to == street_clerk and app.unit == street
    # the kept number moved the counter on: numbers given now never collide with it
    assert {open_app.number, company.number} == {"T1100-2026-0008", "T1100-2026-0009"}
    later = services.register_at_counter(street_clerk, data={
        "channel": "counter", "received_on": TODAY, "applicant_type": "natural_person", "name": "李四",
        "id_number": ID_NUMBER, "phone": "13812345678", "email": "", "address": "", "description": "别的",
        "info_form": "paper", "delivery": "pickup"}, submission_key=codes.new_token()).application
    assert later.number == "T1100-2026-0010"
    entry = AuditEntry.objects.get(action="application.import")
    assert entry.actor == street_clerk and entry.unit == street
    assert entry.detail == {"count": 3, "answered": 2, "open": 1}  # counts only, no personal data
    assert AuditEntry.objects.filter(target_type="applications.application").count() == 1  # only the later one


def test_dry_run_reports_every_bad_row_and_stores_nothing(street, street_clerk):
    data = ledger_file(
        ledger_row(),
        ledger_row(收到申请日期="2026-13-01"),
        ledger_row(证件号码="110105194912310021", 联系电话="12345"),
        ledger_row(申请内容="另一件", 办理结果="不予公开"),
        ledger_row(),                                                   # the first row again
        ledger_row(申请内容="第五件", 收到申请日期="2026-12-01"),  # after today
    )
    before = snapshot()
    report = ledger_import.dry_run(street, data)
    assert snapshot() == before
    assert not report.ok and report.total == 6 and report.good == 1
    assert report.bad_rows == [3, 4, 5, 6, 7]
    found = {(e.row, e.column) for e in report.errors}
    assert {(3, "收到申请日期"), (4, "证件号码"), (4, "联系电话"), (5, "办理结果"), (6, ""), (7, "收到申请日期")} <= found
    assert "第2行" in next(e.message for e in report.errors if e.row == 6)
    refused = ledger_import.import_ledger(street_clerk, street, data)  # the import refuses the file whole
    assert refused.bad_rows == report.bad_rows and refused.imported == 0
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_failure_on_the_last_row_leaves_the_database_unchanged(street, street_clerk):
    good = [ledger_row(申请内容=f"第{n}件") for n in range(1, 40)]
    before = snapshot()
    report = ledger_import.import_ledger(street_clerk, street, ledger_file(*good, ledger_row(提交方式="信鸽")))
    assert report.bad_rows == [41] and report.imported == 0
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_save_failing_on_the_last_row_rolls_back_every_row(street, street_clerk, monkeypatch):
    """The database itself refuses the last row, after a first batch of rows was written."""
    rows = [ledger_row(申请内容=f"第{n}件") for n in range(ledger_import.BATCH + 10)]
    check = ledger_import._check

    def check_then_clash(unit, data):  # e.g. the same number registered on another connection meanwhile
        report, good = check(unit, data)
        good[0][1].number = good[-1][1].number = "CLASH-1"
        return report, good

    monkeypatch.setattr(ledger_import, "_check", check_then_clash)
    before = snapshot()
    report = ledger_import.import_ledger(street_clerk, street, ledger_file(*rows))
    assert report.file_error and "未导入任何数据" in report.file_error and not report.imported
    assert snapshot() == before


def test_duplicates_of_stored_applications_are_refused(street, street_clerk):
    ledger_import.import_ledger(street_clerk, street, ledger_file(ledger_row(申请编号="TZ-2026-1")))
    report = ledger_import.dry_run(street, ledger_file(
        ledger_row(申请编号="tz-2026-1", 申请内容="其他"),   # the same number
        ledger_row(申请内容="老旧小区改造项目的批复文件 "),      # same day, ID and content
        ledger_row(申请内容="新的一件"),
    ))
    messages = {e.row: e.message for e in report.errors}
    assert report.bad_rows == [2, 3]
    assert "已被平台上的申请使用" in messages[2] and "TZ-2026-1" in messages[3]


def test_only_staff_of_the_unit_import(street, town_clerk, supervisor, street_reviewer):
    data = ledger_file(ledger_row())
    for outsider in (town_clerk, supervisor):
        with pytest.raises(ledger_import.LedgerImportError, match="无权"):
            ledger_import.import_ledger(outsider, street, data)
    assert not Application.objects.exists()
    assert ledger_import.import_ledger(street_reviewer, street, data).imported == 1


def test_file_level_problems_are_reported_not_raised(street):
    assert "不是Excel" in ledger_import.dry_run(street, b"name,phone\n").file_error
    report = ledger_import.dry_run(street, ledger_file(header=["收到申请日期", "申请人姓名或名称"]))
    assert "缺少必填列" in report.file_error or "未找到表头" in report.file_error


def test_the_template_has_the_documented_header_and_an_example_that_is_skipped(street):
    book = openpyxl.load_workbook(io.BytesIO(ledger_import.template_workbook()))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["A2"].value.startswith("示例")
    assert book["填写说明"]["A2"].value == "申请编号"
    # the example itself is a valid row: with its mark removed it passes the dry run
    sheet["A2"] = None
    out = io.BytesIO()
    book.save(out)
    assert ledger_import.dry_run(street, out.getvalue()).ok
    assert "没有数据行" in ledger_import.dry_run(street, ledger_import.template_workbook()).file_error


# ---------------------------------------------------------------- the workbench


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def upload(client, data: bytes, name="台账.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("applications:import"), {"file": file})


def test_clerk_uploads_sees_the_report_then_confirms(client, street_clerk):
    login(client, street_clerk)
    page = client.get(reverse("applications:import")).content.decode()
    assert "下载台账模板" in page and "证件号码" in page
    bad = upload(client, ledger_file(ledger_row(), ledger_row(提交方式="信鸽"), ledger_row(联系电话="")))
    html = bad.content.decode()
    assert bad.status_code == 200 and "第3行" in html and "第4行" in html and "信鸽" in html
    assert "确认导入</button>" not in html
    assert client.post(reverse("applications:import_confirm")).status_code == 302  # nothing pending
    assert not Application.objects.exists()

    ok = upload(client, mixed_ledger()).content.decode()
    assert "确认导入</button>" in ok and "未填写法律依据" in ok and not Application.objects.exists()
    done = client.post(reverse("applications:import_confirm"), follow=True).content.decode()
    assert "已导入3件申请" in done and Application.objects.count() == 3
    again = client.post(reverse("applications:import_confirm"), follow=True).content.decode()
    assert "没有待导入的台账" in again and Application.objects.count() == 3

    upload(client, ledger_file(ledger_row(申请内容="新的一件")))   # checked, waiting …
    upload(client, ledger_file(ledger_row(提交方式="信鸽")))       # … replaced by a bad file
    client.post(reverse("applications:import_confirm"))
    assert Application.objects.count() == 3  # the file that waited is not imported behind the user's back


def test_a_file_that_is_no_workbook_gets_a_message_on_the_field(client, street_clerk):
    login(client, street_clerk)
    response = upload(client, b"%PDF-1.4 not a ledger", name="台账.xlsx")
    assert response.status_code == 200 and "不是Excel工作簿" in response.content.decode()


def test_supervisor_cannot_import_and_template_downloads(client, supervisor, street):
    login(client, supervisor)
    assert client.get(reverse("applications:import")).status_code == 302
    assert client.post(reverse("applications:import_confirm")).status_code == 302
    response = client.get(reverse("applications:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]["B1"].value == "收到申请日期"
