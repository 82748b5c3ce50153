"""The website report's outputs open and read back (DOCX with python-docx, PDF with pypdf, XLSX
with openpyxl, cells neutralised), and the workbench and portal pages answer by unit and state."""
import io

import pytest
from django.urls import reverse

from gongkai.domain import website_report as wr
from gongkai.sitereports import render, services
from gongkai.sitereports.models import SiteReportStatus
from tests.conftest import PASSWORD

from .conftest import entered_values


@pytest.fixture
def report(registered, street_clerk):
    values = entered_values(weibo_name="=HYPERLINK(\"http://x\")", innovation=["无障碍浏览", "搜索即服务"])
    return services.save_fields(street_clerk, services.build(street_clerk, registered, year=2025), values=values)


@pytest.fixture
def published(report, street_clerk, street_reviewer):
    report = services.submit(street_clerk, report)
    return services.publish(street_reviewer, services.sign(street_reviewer, report))


def test_layout_merges_sections_and_groups(report):
    table = render.layout(report)
    assert table.width == 4
    heads = {cell.text: cell for _r, _c, cell in table.placed if cell.header}
    sections = [name for name in wr.SECTIONS if name in heads]
    assert sections == list(wr.SECTIONS)
    assert heads["办件量"].rowspan == 3 and heads["留言办理"].rowspan == 4
    assert heads["网站名称"].colspan == 2
    values = [cell.text for _r, _c, cell in table.placed if not cell.header]
    assert "5109030018" in values and "5600" in values and "☑搜索即服务  □多语言版本  ☑无障碍浏览  □千人千网  □其他" in values
    assert "陈主任" not in values                                            # 单位负责人 is not printed


def test_docx_opens_with_the_table(report):
    import docx

    document = docx.Document(io.BytesIO(render.docx_bytes(report)))
    assert document.paragraphs[0].text == report.title
    table = document.tables[0]
    texts = {cell.text for row in table.rows for cell in row.cells}
    assert {"信息发布", "政府网站标识码", "5109030018", "5600", "0000-7654321"} <= texts
    assert document.sections[0].page_width.cm == pytest.approx(21, abs=0.01)


def test_pdf_opens_a4_with_text(report):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render.pdf_bytes(report)))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert "政府网站工作年度报表" in text and "5109030018" in text and "互动交流" in text
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)


def test_xlsx_opens_with_numbers_merged_cells_and_neutral_text(report):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(render.xlsx_bytes(report))).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert sheet["A1"].value == report.title
    assert cells[5600].data_type == "n"
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert any(str(r).startswith("A") and r.max_row - r.min_row >= 8 for r in sheet.merged_cells.ranges)


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_clerk_pages_and_outputs(client, report, street_clerk):
    _login(client, street_clerk)
    html = client.get(reverse("sitereports:index")).content.decode()
    assert "城关街道门户网站" in html and "5109030018" in html
    html = client.get(reverse("sitereports:detail", args=[report.pk])).content.decode()
    assert 'name="f_visits"' in html and "全部勾稽关系校验通过" in html
    for fmt in ("docx", "pdf", "xlsx"):
        assert client.get(reverse("sitereports:output", args=[report.pk, fmt])).status_code == 200
    assert client.get(reverse("sitereports:output", args=[report.pk, "exe"])).status_code == 404


def test_form_save_reports_a_bad_value_and_keeps_the_old_one(client, report, street_clerk):
    _login(client, street_clerk)
    response = client.post(reverse("sitereports:save", args=[report.pk]), {"f_visits": "很多"}, follow=True)
    assert "应为不小于0的数" in response.content.decode()
    report.refresh_from_db()
    assert wr.effective(report.fields)["visits"] == 5600
    client.post(reverse("sitereports:save", args=[report.pk]), {"f_visits": "6000", "f_innovation_present": "1"})
    report.refresh_from_db()
    assert wr.effective(report.fields)["visits"] == 6000 and wr.effective(report.fields)["innovation"] is None


def test_another_unit_sees_nothing(client, report, town_clerk):
    _login(client, town_clerk)
    assert client.get(reverse("sitereports:detail", args=[report.pk])).status_code == 404
    assert "城关街道门户网站" not in client.get(reverse("sitereports:index")).content.decode()


def test_portal_shows_only_published_reports(client, report, street_clerk, street_reviewer):
    assert client.get(reverse("sitereports_public:detail", args=[report.pk])).status_code == 404
    assert report.title not in client.get(reverse("sitereports_public:list")).content.decode()
    report = services.publish(street_reviewer, services.sign(street_reviewer, services.submit(street_clerk, report)))
    assert report.status == SiteReportStatus.PUBLISHED
    assert report.title in client.get(reverse("sitereports_public:list")).content.decode()
    html = client.get(reverse("sitereports_public:detail", args=[report.pk])).content.decode()
    assert "5109030018" in html and "陈主任" not in html
    assert client.get(reverse("sitereports_public:output", args=[report.pk, "pdf"])).status_code == 200


def test_supervisor_sees_the_sites_below_but_cannot_build(client, report, supervisor):
    _login(client, supervisor)
    html = client.get(reverse("sitereports:index")).content.decode()
    assert "城关街道门户网站" in html and "草稿" in html and "生成或更新报表" not in html
    assert client.get(reverse("sitereports:detail", args=[report.pk])).status_code == 200
    response = client.post(reverse("sitereports:build"), {"site": report.site_id, "year": 2025}, follow=True)
    assert "您无权" in response.content.decode()


def test_html_table_has_header_scopes_and_spans(client, report, street_clerk):
    _login(client, street_clerk)
    html = client.get(reverse("sitereports:detail", args=[report.pk])).content.decode()
    assert 'id="table-website"' in html
    assert 'scope="rowgroup" rowspan="9">基本信息</th>' in html
    assert 'scope="row" rowspan="3">办件量</th>' in html and 'headers="' in html
