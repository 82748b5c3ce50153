"""Downloads are named after the document, not an ASCII code (issue 12, smaller items)."""
import datetime as dt
from urllib.parse import unquote

import pytest
from django.utils import timezone

from gongkai.domain.download_names import document_filename
from gongkai.reports.models import AnnualReport
from tests.conftest import PASSWORD
from tests.reports.factories import application


def test_titles_become_safe_file_names():
    assert document_filename("城关街道办事处2025年政府信息公开工作年度报告", "pdf") == \
        "城关街道办事处2025年政府信息公开工作年度报告.pdf"
    assert document_filename('关于"A/B"的通知:草稿?', ".docx") == "关于_A_B_的通知_草稿.docx"
    assert document_filename("", "csv") == "文件.csv"
    assert len(document_filename("长" * 300, "pdf")) == 84


def _filename(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment;") and "filename*=utf-8''" in header
    return unquote(header.split("filename*=utf-8''")[1])


@pytest.mark.django_db
def test_report_and_audit_downloads_carry_their_titles(client, street, street_clerk, street_admin, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 1, 12))
    application(street, dt.date(2025, 3, 2), dt.date(2025, 3, 20))
    client.login(username=street_clerk.username, password=PASSWORD)
    client.post("/work/reports/build/", {"year": 2025})
    report = AnnualReport.objects.get(unit=street, year=2025)
    from django.urls import reverse
    response = client.get(reverse("reports:output", args=[report.pk, "docx"]))
    assert _filename(response) == "城关街道办事处2025年政府信息公开工作年度报告.docx"
    client.logout()
    client.login(username=street_admin.username, password=PASSWORD)
    assert _filename(client.get(reverse("accounts:audit_export"))).startswith("操作日志-")


@pytest.mark.django_db
def test_staff_letter_and_export_downloads_carry_titles(client, street, street_clerk):
    """Staff letter downloads and application exports were still named with codes."""
    from django.urls import reverse

    app = application(street, timezone.localdate() - dt.timedelta(days=2))
    client.login(username=street_clerk.username, password=PASSWORD)
    letter = client.get(reverse("applications:letter", args=[app.pk, "receipt", "pdf"]))
    assert _filename(letter) == f"登记回执（{app.number}）（草稿）.pdf"
    export = client.get(reverse("applications:export", args=["csv"]))
    assert _filename(export) == f"政府信息公开申请台账（{timezone.localdate():%Y-%m-%d}）.csv"
    assert _filename(client.get(reverse("applications:import_template"))) == "依申请公开台账导入模板.xlsx"
