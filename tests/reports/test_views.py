"""The annual-report workbench and the portal's 年度报告 column, through HTTP."""
import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from gongkai.reports.models import AnnualReport, ReportStatus, YearlyFigures
from tests.conftest import PASSWORD

from .factories import application


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 1, 12))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def built(client, street, street_clerk):
    application(street, dt.date(2025, 3, 2), dt.date(2025, 3, 20))
    application(street, dt.date(2025, 12, 30))
    login(client, street_clerk)
    response = client.post("/work/reports/build/", {"year": 2025})
    report = AnnualReport.objects.get(unit=street, year=2025)
    assert response.status_code == 302 and response["Location"] == f"/work/reports/{report.pk}/"
    return report


def test_clerk_builds_edits_and_submits_then_reviewer_publishes(client, built, street_clerk, street_reviewer):
    page = client.get(f"/work/reports/{built.pk}/").content.decode()
    assert "城关街道办事处2025年政府信息公开工作年度报告" in page and "全部勾稽关系校验通过" in page
    assert 'id="table-applications"' in page
    form = {"overview": built.narrative["overview"], "new_problems": "公开栏更新不及时", "other": built.narrative["other"],
            "other_added": "本年度无其他需要报告的事项。"}
    assert client.post(f"/work/reports/{built.pk}/narrative/", form).status_code == 302
    assert client.post(f"/work/reports/{built.pk}/submit/").status_code == 302
    assert AnnualReport.objects.get(pk=built.pk).status == ReportStatus.SUBMITTED
    assert client.get(f"/reports/{built.pk}/").status_code == 404          # not public before sign-off
    client.logout()
    login(client, street_reviewer)
    response = client.post(f"/work/reports/{built.pk}/publish/", {"reason": ""}, follow=True)
    assert "已签发" in response.content.decode()
    client.logout()
    listing = client.get("/reports/").content.decode()
    assert f"/reports/{built.pk}/" in listing
    public = client.get(f"/reports/{built.pk}/").content.decode()
    assert "本年度无其他需要报告的事项。" in public and "王小明" not in public


def test_wrong_number_in_prose_shows_a_warning_with_cells(client, built):
    form = {"overview": built.narrative["overview"].replace("新收政府信息公开申请2件", "新收政府信息公开申请9件"),
            "other": built.narrative["other"]}
    client.post(f"/work/reports/{built.pk}/narrative/", form)
    page = client.get(f"/work/reports/{built.pk}/").content.decode()
    assert "narrative.t3" in page and "三.new.总计" in page


def test_downloads_open(client, built):
    docx = client.get(f"/work/reports/{built.pk}.docx")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "城关街道办事处2025年政府信息公开工作年度报告" in text
    assert client.get(f"/work/reports/{built.pk}.pdf").content.startswith(b"%PDF")
    workbook = load_workbook(io.BytesIO(client.get(f"/work/reports/{built.pk}.xlsx").content))
    assert len(workbook.sheetnames) >= 3
    assert client.get(f"/work/reports/{built.pk}.exe").status_code == 404


def test_other_units_reports_are_not_found(client, built, town_clerk):
    client.logout()
    login(client, town_clerk)
    assert client.get(f"/work/reports/{built.pk}/").status_code == 404
    assert client.post(f"/work/reports/{built.pk}/submit/").status_code == 404
    assert client.get(f"/work/reports/{built.pk}.docx").status_code == 404


def test_figures_form_refuses_bad_input_and_keeps_nothing(client, street, street_clerk):
    login(client, street_clerk)
    response = client.post("/work/reports/figures/2025/", {"licensing": "-3", "punishment": "2", "enforcement": "0",
                                                           "fees_wan_yuan": "abc"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not YearlyFigures.objects.exists()
    client.post("/work/reports/figures/2025/", {"licensing": "3", "punishment": "2", "enforcement": "0",
                                                "fees_wan_yuan": "0.5"})
    assert YearlyFigures.objects.get(unit=street, year=2025).licensing == 3


def test_supervisor_sees_the_board_and_the_rollup(client, built, county, supervisor, town):
    application(town, dt.date(2025, 5, 5), dt.date(2025, 5, 6))
    client.logout()
    login(client, supervisor)
    board = client.get("/work/reports/?year=2025").content.decode()
    assert 'id="board"' in board and "河口镇人民政府" in board and "城关街道办事处" in board
    page = client.get(f"/work/reports/rollup/?year=2025&unit={county.pk}")
    assert page.status_code == 200 and 'id="table-applications"' in page.content.decode()
    xlsx = client.get(f"/work/reports/rollup/?year=2025&unit={county.pk}&format=xlsx")
    assert xlsx.status_code == 200 and load_workbook(io.BytesIO(xlsx.content))
    assert client.post("/work/reports/build/", {"year": 2025}).status_code == 302   # refused with a message
    assert not AnnualReport.objects.filter(unit=county).exists()


def test_archive_of_a_2016_report(client, street, street_reviewer):
    login(client, street_reviewer)
    from django.core.files.uploadedfile import SimpleUploadedFile
    upload = SimpleUploadedFile("2016.txt", "城关街道2016年政府信息公开工作年度报告\n一、概述".encode())
    response = client.post("/work/reports/archive/", {"year": 2016, "title": "", "file": upload})
    report = AnnualReport.objects.get(unit=street, year=2016)
    assert response.status_code == 302 and report.format == "archive" and report.status == ReportStatus.PUBLISHED
    client.logout()
    assert "（存档原文）" in client.get("/reports/").content.decode()
    assert client.get(f"/reports/{report.pk}/").status_code == 200


def test_api_lists_only_published_reports_with_their_tables(client, built, street_clerk, street_reviewer):
    assert client.get("/api/v1/reports").json()["items"] == []
    assert client.get(f"/api/v1/reports/{built.pk}").status_code == 404
    client.post(f"/work/reports/{built.pk}/submit/")
    client.logout()
    login(client, street_reviewer)
    client.post(f"/work/reports/{built.pk}/publish/", {"reason": ""})
    client.logout()
    [summary] = client.get("/api/v1/reports").json()["items"]
    assert summary["unit"] == "城关街道办事处" and summary["year"] == 2025
    detail = client.get(f"/api/v1/reports/{built.pk}").json()
    assert detail["tables"]["applications"]["new"][6] == 2 and len(detail["tables"]["disputes"]) == 15


def test_signing_ten_months_late_is_warned_before_and_said_after(client, built, street_reviewer, monkeypatch):
    """Issue 12.8: a 街道 report due 31 January signed in November gave no warning."""
    client.post(f"/work/reports/{built.pk}/submit/")
    late_day = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: late_day.date())
    monkeypatch.setattr(timezone, "now", lambda: late_day)
    client.logout()
    login(client, street_reviewer)
    page = client.get(f"/work/reports/{built.pk}/").content.decode()
    warning = page.split('id="late-warning"')[1].split("</p>")[0]
    assert "法定发布期限为2026年1月31日" in warning and "逾期293天" in warning
    done = client.post(f"/work/reports/{built.pk}/publish/", {"reason": ""}, follow=True).content.decode()
    assert "本报告逾期293天发布" in done
    assert "逾期293天发布" in done.split('id="deadline"')[1].split("</td>")[0]


def test_a_report_signed_in_time_shows_its_deadline_without_a_warning(client, built, street_reviewer):
    client.post(f"/work/reports/{built.pk}/submit/")
    client.logout()
    login(client, street_reviewer)
    page = client.get(f"/work/reports/{built.pk}/").content.decode()
    assert 'id="late-warning"' not in page and "2026年1月31日" in page.split('id="deadline"')[1]


def test_portal_lists_each_report_once_with_a_year_filter(client, built, street, street_clerk, street_reviewer):
    """Issue 12.8: a report published by the module and as an item showed in two lists with two dates."""
    from gongkai.catalog.models import Category, Item, ItemStatus

    client.post(f"/work/reports/{built.pk}/submit/")
    client.logout()
    login(client, street_reviewer)
    client.post(f"/work/reports/{built.pk}/publish/", {"reason": ""})
    genre = Category.objects.filter(scheme="genre", name="报告").first()
    for year in (2025, 2023):  # the same 2025 report, also posted as an item; and an older one
        item = Item.objects.create(unit=street, title=f"城关街道办事处{year}年政府信息公开工作年度报告",
                                   status=ItemStatus.PUBLISHED, published_date=dt.date(year + 1, 1, 20),
                                   written_date=dt.date(year + 1, 1, 15), genre=genre, created_by=street_clerk,
                                   index_no=f"T1100/{year + 1}-0000{year % 10}")
    listing = client.get("/reports/").content.decode()
    table = listing.split('id="annual-reports"')[1]
    assert table.count("城关街道办事处2025年政府信息公开工作年度报告") == 1
    assert f"/reports/{built.pk}/" in table and f"/items/{item.pk}/" in table
    assert listing.count('id="annual-reports"') == 1
    only_2023 = client.get("/reports/?year=2023").content.decode().split('id="annual-reports"')[1]
    assert "2023年政府信息公开" in only_2023 and "2025年政府信息公开" not in only_2023
