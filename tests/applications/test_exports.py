"""Masked CSV and XLSX exports of the workbench list: no full identity or phone number, only
the user's own unit (a supervisor: the sub-tree), the list's filters, and an audit entry."""
import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gongkai.applications.handling import codes
from gongkai.applications.ledger import exports
from gongkai.applications.handling import services
from gongkai.units.models import AuditEntry
from tests.applications.conftest import CREDIT_CODE, ID_NUMBER
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOWN_ID = "440300198001011233"  # another valid number, only in the town's application


@pytest.fixture
def apps(counter_app, town_clerk, applicant, today):
    today(dt.date(2026, 11, 20))
    mine = counter_app(dt.date(2026, 9, 28))
    org = counter_app(dt.date(2026, 11, 16), applicant_type="commercial", name="=HYPERLINK(\"x\")示范公司",
                      id_number=CREDIT_CODE, phone="0571-87654321")
    town = services.register_at_counter(town_clerk, data=applicant(channel="counter", received_on=dt.date(2026, 11, 2),
                                                              name="镇里的申请人", id_number=TOWN_ID),
                                        submission_key=codes.new_token()).application
    return mine, org, town


def download(client, user, fmt, **query):
    client.login(username=user.username, password=PASSWORD)
    response = client.get(f"/work/applications/export.{fmt}", query)
    assert response.status_code == 200
    return response


def csv_rows(response):
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt, read", [("csv", csv_rows), ("xlsx", xlsx_rows)])
def test_export_is_masked_and_scoped_to_the_unit(client, apps, street_clerk, fmt, read):
    mine, org, town = apps
    response = download(client, street_clerk, fmt)
    rows = read(response)
    assert rows[0] == exports.COLUMNS
    by_number = {r[0]: r for r in rows[1:]}
    assert set(by_number) == {mine.number, org.number}  # the town's application is not there
    person = by_number[mine.number]
    assert person[1] == "城关街道办事处" and person[2] == "2026-09-28" and person[3] == "当面提交"
    assert person[5] == "王小明" and person[8] == "已收到" and person[9] == "2026-10-30"
    assert person[6] == "110***********002X" and person[7] == "138****5678"
    company = by_number[org.number]
    assert company[6] == "913***********0Y43" and company[7] == "057*****4321"
    assert company[5].startswith("'=")  # would be a formula in Excel otherwise
    flat = "".join("".join(r) for r in rows)
    for secret in (ID_NUMBER, CREDIT_CODE, TOWN_ID, "13812345678", "87654321", "19491231", "19800101", "镇里的申请人"):
        assert secret not in flat
        assert fmt != "csv" or secret.encode() not in response.content
    entry = AuditEntry.objects.get(action="application.export")
    assert entry.actor_id == street_clerk.pk and entry.detail == {"format": fmt, "rows": 2, "queue": "open"}
    assert "王小明" not in str(entry.detail) and entry.action_label == "导出申请台账"


def test_export_follows_the_list_filters(client, apps, supervisor, street):
    mine, org, town = apps
    rows = csv_rows(download(client, supervisor, "csv"))
    assert {r[0] for r in rows[1:]} == {mine.number, org.number, town.number}  # the county sees its sub-tree
    rows = csv_rows(download(client, supervisor, "csv", unit=street.pk))
    assert {r[0] for r in rows[1:]} == {mine.number, org.number}
    rows = csv_rows(download(client, supervisor, "csv", queue="overdue"))  # today 20 Nov: only 28 Sep's is late
    assert [r[0] for r in rows[1:]] == [mine.number]


def test_answered_application_shows_decision_and_answer_date(client, counter_app, street_clerk, today):
    today(dt.date(2026, 10, 20))
    app = counter_app(dt.date(2026, 9, 28))
    services.record_decision(street_clerk, app, decision_code="unavailable.1", basis="第三十六条第（四）项",
                             answered_on=dt.date(2026, 10, 20))
    rows = csv_rows(download(client, street_clerk, "csv", queue="all"))  # unknown queue: the open one
    assert len(rows) == 1  # answered: not in the open queue
    content = exports.to_csv(type(app).objects.filter(pk=app.pk))
    row = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1]
    assert row[8] == "已答复" and row[10] == "无法提供——本机关不掌握相关政府信息" and row[11] == "2026-10-20"


def test_export_needs_login_and_a_known_format(client, apps, street_clerk):
    assert client.get("/work/applications/export.csv").status_code == 302
    client.login(username=street_clerk.username, password=PASSWORD)
    assert client.get("/work/applications/export.pdf").status_code == 404
    assert not AuditEntry.objects.filter(action="application.export").exists()
