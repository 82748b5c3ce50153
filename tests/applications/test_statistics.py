"""Table 三 of a unit and year from the stored applications: carry-over across 31 December, the
identities of domain.md §2.6, the workbench page (scoping, labels, header cells) and the XLSX."""
import datetime as dt
import io
import itertools

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.applications.handling import services
from gongkai.applications.ledger import statistics
from gongkai.applications.models import Application, Status
from gongkai.domain.annual_report.application_table import COLUMNS, RESULT_ROWS
from gongkai.domain.decisions import REPORT_ROWS, ROW_LABELS
from tests.conftest import PASSWORD

from .conftest import ID_NUMBER

pytestmark = pytest.mark.django_db
D = dt.date
_serial = itertools.count(1)
NP, BIZ = COLUMNS.index("natural_person"), COLUMNS.index("commercial")


def record(unit, received, answered=None, decision="", applicant_type="natural_person"):
    """An application as the table sees it (the intake and answer services are tested elsewhere)."""
    n = next(_serial)
    return Application.objects.create(
        unit=unit, number=f"{unit.code}-{received.year}-{n:04d}", query_code_hash="x", submission_key=f"k{n}",
        channel="counter", received_on=received, applicant_type=applicant_type, name="王小明",
        id_number=ID_NUMBER, phone="13812345678", description="x", info_form="electronic", delivery="pickup",
        status=Status.ANSWERED if answered else Status.IN_PROGRESS, answered_on=answered, decision_type=decision)


def assert_identities(table):
    for row in REPORT_ROWS:
        assert table[row][6] == sum(table[row][:6]), row
    for c in range(7):
        assert table["total"][c] == sum(table[r][c] for r in RESULT_ROWS)
        assert table["new"][c] + table["carried_in"][c] == table["total"][c] + table["carried_out"][c]


@pytest.fixture
def street_records(street):
    return [
        record(street, D(2025, 12, 30), D(2026, 1, 2), "granted"),         # open on 31 Dec, answered 2 Jan
        record(street, D(2025, 12, 1), D(2025, 12, 31), "partial"),         # answered on 31 Dec
        record(street, D(2025, 7, 1), None, applicant_type="commercial"),   # open over two year ends
        record(street, D(2026, 3, 2), D(2026, 3, 10), "withheld.6"),
        record(street, D(2026, 4, 1), D(2026, 4, 2), "other.1", applicant_type="commercial"),
        record(street, D(2026, 11, 2), None),
    ]


def test_carry_over_links_consecutive_years_and_identities_hold(street_records, street, town):
    record(town, D(2026, 5, 5), D(2026, 5, 6), "granted")  # another unit's: not in the street's table
    t2025 = statistics.table_three([street.pk], 2025)
    t2026 = statistics.table_three([street.pk], 2026)
    assert_identities(t2025)
    assert_identities(t2026)
    assert t2025["new"][6] == 3 and t2025["partial"][NP] == 1
    assert t2025["carried_out"][NP] == 1 and t2025["carried_out"][BIZ] == 1
    assert t2026["carried_in"] == t2025["carried_out"]
    assert t2026["granted"][NP] == 1                     # counted in the year it was answered
    assert t2026["withheld.6"][NP] == 1 and t2026["other.1"][BIZ] == 1
    assert t2026["new"][6] == 3 and t2026["total"][6] == 3
    assert t2026["carried_out"] == [1, 1, 0, 0, 0, 0, 2]
    both = statistics.table_three([street.pk, town.pk], 2026)
    assert both["granted"][6] == 2 and both["new"][6] == 4


def test_answers_recorded_by_the_service_are_counted(counter_app, street_clerk, street):
    app = counter_app(D(2026, 9, 28))
    services.record_decision(street_clerk, app, decision_code="unavailable.1", basis="第三十六条第（四）项", answered_on=D(2026,
                                                                                                                 10, 9))
    table = statistics.table_three([street.pk], 2026)
    assert table["unavailable.1"] == [1, 0, 0, 0, 0, 0, 1] and table["carried_out"][6] == 0


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _cells(html, row):
    part = html.split(f'data-row="{row}"')[1].split("</tr>")[0]
    return [int(x.split("<")[0]) for x in part.split('<td class="num">')[1:]]


def test_page_shows_the_official_table_of_the_users_unit(client, street_clerk, street_records):
    html = login(client, street_clerk).get(reverse("applications:statistics") + "?year=2026").content.decode()
    for key in ("new", "carried_in", "granted", "withheld.8", "other.3", "total", "carried_out"):
        assert ROW_LABELS[key] in html
    assert '<th scope="row" rowspan="22">三、本年度办理结果</th>' in html
    assert '<th scope="row" rowspan="8">（三）不予公开</th>' in html
    assert "第一项加第二项之和，等于第三项加第四项之和" in html and '<th scope="colgroup" colspan="5">法人或其他组织</th>' in html
    assert _cells(html, "new") == [2, 1, 0, 0, 0, 0, 3]
    assert _cells(html, "carried_in") == [1, 1, 0, 0, 0, 0, 2]
    assert _cells(html, "carried_out") == [1, 1, 0, 0, 0, 0, 2]


def test_a_unit_cannot_see_another_units_table(client, street_clerk, town, street_records):
    record(town, D(2026, 5, 5), D(2026, 5, 6), "granted")
    response = login(client, street_clerk).get(reverse("applications:statistics") + f"?year=2026&unit={town.pk}")
    html = response.content.decode()
    assert response.status_code == 200 and "无权查看该单位" in html and 'id="table-three"' not in html
    xlsx = client.get(reverse("applications:statistics_xlsx") + f"?year=2026&unit={town.pk}")
    assert xlsx.status_code == 302 and "spreadsheet" not in xlsx.get("Content-Type", "")


def test_supervisor_sees_one_unit_or_the_whole_subtree_summed(client, supervisor, street, town, street_records):
    record(town, D(2026, 5, 5), D(2026, 5, 6), "granted", applicant_type="research")
    login(client, supervisor)
    url = reverse("applications:statistics")
    summed = client.get(url + "?year=2026&unit=all").content.decode()
    assert "全部单位合计" in summed and _cells(summed, "granted") == [1, 0, 1, 0, 0, 0, 2]
    town_only = client.get(url + f"?year=2026&unit={town.pk}").content.decode()
    assert _cells(town_only, "new") == [0, 0, 1, 0, 0, 0, 1] and _cells(town_only, "carried_in")[6] == 0


@pytest.mark.parametrize("year, message", [("abc", "请输入四位数的年份"), ("2007", "年份不能早于2008年"),
                                           ("2999", "年份不能晚于")])
def test_bad_year_is_explained_on_the_field(client, street_clerk, year, message):
    response = login(client, street_clerk).get(reverse("applications:statistics") + f"?year={year}")
    html = response.content.decode()
    assert response.status_code == 200 and message in html.split('id="row-year"')[1]
    assert 'id="table-three"' not in html


def test_xlsx_has_the_labels_merged_cells_and_numbers(client, street_admin, street_records):
    response = login(client, street_admin).get(reverse("applications:statistics_xlsx") + "?year=2026")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {sheet.cell(r, c).value: r for r in range(1, sheet.max_row + 1) for c in (1, 2, 3)
            if isinstance(sheet.cell(r, c).value, str)}
    merged = {str(m) for m in sheet.merged_cells.ranges}
    assert "2026年收到和处理政府信息公开申请情况" in sheet["A1"].value
    assert sheet["A3"].value.startswith("（本列数据的勾稽关系") and "A3:C5" in merged
    assert sheet["D3"].value == "申请人情况" and "D3:J3" in merged
    results = rows["三、本年度办理结果"]
    assert f"A{results}:A{results + 21}" in merged   # 21 result rows and （七）总计
    r = rows[ROW_LABELS["new"]]
    assert [sheet.cell(r, c).value for c in range(4, 11)] == [2, 1, 0, 0, 0, 0, 3]
    r = rows[ROW_LABELS["carried_out"]]
    assert [sheet.cell(r, c).value for c in range(4, 11)] == [1, 1, 0, 0, 0, 0, 2]
    r = rows["6.属于四类过程性信息"]
    assert sheet.cell(r, 4).value == 1 and sheet.cell(r, 10).value == 1
