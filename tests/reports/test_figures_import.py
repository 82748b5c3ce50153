"""Yearly figures of many units from one workbook: all rows good, or nothing stored."""
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from gongkai.domain.annual_report.yearly_figures import parse_figures
from gongkai.reports import services
from gongkai.reports.models import YearlyFigures
from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

HEADER = ["单位代码", "年度", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）"]


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 1, 12))


def workbook(*rows, header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_parser_reports_every_bad_row():
    data = workbook(["T1100", 2025, 3, 1, 0, "1.5"], ["T1200", "２０２５", -1, "x", 0, "0.12345"],
                    ["T1100", 2025, 1, 1, 1, 0], ["", 2030, 1, 1, 1, 0])
    parsed = parse_figures(data, 2019, 2025)
    assert [r.number for r in parsed.bad] == [3, 4, 5]
    assert parsed.rows[0].values["fees_wan_yuan"] == parsed.rows[0].values["fees_wan_yuan"].__class__("1.5")
    assert parsed.rows[1].values["year"] == 2025              # full-width digits read
    assert any("行政许可" in e for e in parsed.rows[1].errors) and any("4位小数" in e for e in parsed.rows[1].errors)
    assert any("重复" in e for e in parsed.rows[2].errors)
    assert any("缺少单位代码" in e for e in parsed.rows[3].errors) and any("年度应在" in e for e in parsed.rows[3].errors)


def test_supervisor_imports_for_units_below_all_or_nothing(street, town, supervisor, street_clerk):
    bad = workbook(["T1100", 2025, 3, 1, 0, 1], ["T1200", 2025, 2, 0, 0, 0], ["T9999", 2025, 1, 1, 1, 1])
    parsed = services.import_figures(supervisor, bad)
    assert [r.number for r in parsed.bad] == [4] and not YearlyFigures.objects.exists()
    good = workbook(["T1100", 2025, 3, 1, 0, 1], ["T1200", 2025, 2, 0, 0, 0])
    services.import_figures(supervisor, good)
    assert YearlyFigures.objects.get(unit=town, year=2025).licensing == 2
    assert AuditEntry.objects.filter(action="report.figures_import").count() == 1
    # a clerk may import only for the own unit
    parsed = services.import_figures(street_clerk, workbook(["T1200", 2025, 9, 0, 0, 0]))
    assert "无权" in parsed.bad[0].errors[0] and YearlyFigures.objects.get(unit=town).licensing == 2


def test_import_page_shows_errors_and_template(client, street, street_clerk):
    assert client.login(username=street_clerk.username, password=PASSWORD)
    page = client.post("/work/reports/figures/import/", {
        "file": SimpleUploadedFile("f.xlsx", workbook(["T1100", 2025, "many", 0, 0, 0]))}).content.decode()
    assert 'id="bad-rows"' in page and "行政许可应为不小于0的整数" in page
    page = client.post("/work/reports/figures/import/", {
        "file": SimpleUploadedFile("f.txt", b"not a workbook")}).content.decode()
    assert "不是Excel工作簿" in page
    response = client.post("/work/reports/figures/import/", {
        "file": SimpleUploadedFile("f.xlsx", workbook(["T1100", 2025, 5, 0, 0, "0.3"]))})
    assert response.status_code == 302 and YearlyFigures.objects.get(unit=street).licensing == 5
    assert client.get("/work/reports/figures/template.xlsx").status_code == 200


@pytest.mark.parametrize("amount", ["Infinity", "-inf", "NaN", "sNaN"])
def test_an_amount_that_is_not_a_finite_number_is_a_row_error_not_a_crash(amount):
    # before: "Infinity" reached `exponent < -4` with exponent 'F' and raised TypeError (a 500)
    parsed = parse_figures(workbook(["T1100", 2025, 1, 0, 0, amount]), 2019, 2025)
    assert [r.number for r in parsed.bad] == [2]
    assert any("4位小数" in e for e in parsed.rows[0].errors)
