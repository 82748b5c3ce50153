"""Inspecting (审查) anyone's published report from the workbench page."""
import copy

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.units.models import AuditEntry
from tests.conftest import PASSWORD

from .generate import Report


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _broken() -> Report:
    report = Report()
    tables = copy.deepcopy(report.tables)
    tables["applications"]["granted"][0] += 1          # one wrong cell
    return report.copy(tables=tables)


def test_upload_names_the_broken_rule_and_cells(client, supervisor):
    _login(client, supervisor)
    files = [SimpleUploadedFile("good.html", Report().html_bytes()),
             SimpleUploadedFile("bad.docx", _broken().docx_bytes())]
    page = client.post("/work/reports/inspect/", {"files": files}).content.decode()
    assert "good.html" in page and "bad.docx" in page
    assert "t3.row_total" in page and "三.granted.自然人" in page
    assert 'id="table-applications"' in page
    entry = AuditEntry.objects.get(action="report.audit")
    assert entry.detail == {"files": 2, "with_errors": 1}


def test_pasted_text_and_unreadable_files(client, street_clerk):
    _login(client, street_clerk)
    page = client.post("/work/reports/inspect/", {
        "text": Report().text(), "files": [SimpleUploadedFile("x.xlsx", b"PK\x03\x04not really")]}).content.decode()
    assert "粘贴的文本.txt" in page and "无法读取的文件" in page and "x.xlsx" in page


def test_empty_form_is_refused_with_a_message(client, street_clerk):
    _login(client, street_clerk)
    page = client.post("/work/reports/inspect/", {}).content.decode()
    assert "请上传报告文件、粘贴报告全文或报告网址" in page
    assert not AuditEntry.objects.filter(action="report.audit").exists()


def test_anonymous_users_are_sent_to_log_in(client, db):
    assert client.get("/work/reports/inspect/").status_code == 302


def test_api_inspects_uploaded_reports(client, supervisor):
    _login(client, supervisor)
    response = client.post("/api/v1/work/reports/inspect", {
        "files": [SimpleUploadedFile("bad.html", _broken().html_bytes())]})
    assert response.status_code == 200
    [report] = response.json()["reports"]
    assert report["format"] == "2021" and report["unit"] == "青禾县民政局" and report["year"] == 2025
    assert len(report["tables"]["applications"]["granted"]) == 7
    assert any(f["rule"] == "t3.row_total" and f["severity"] == "error" for f in report["findings"])


def test_api_inspection_needs_a_staff_session(client, db):
    response = client.post("/api/v1/work/reports/inspect", {"files": [SimpleUploadedFile("a.html", b"<p>x</p>")]})
    assert response.status_code == 401


def test_a_report_on_a_monitored_site_is_fetched_by_its_url(client, street_clerk, street):
    from gongkai.watch.models import Site as WatchedSite
    from tests.watch.localsite import Route, Site

    with Site({"/xxgk/2025nb.html": Route(_broken().html_bytes())}) as server:
        # a server on 127.0.0.1 is internal: registered so by a 系统管理员 (the outbound guard)
        WatchedSite.objects.create(unit=street, name="街道网站", homepage=server.url("/"), internal=True)
        _login(client, street_clerk)
        page = client.post("/work/reports/inspect/", {"url": server.url("/xxgk/2025nb.html")}).content.decode()
        assert "2025nb.html" in page and "t3.row_total" in page
        # any other address is refused, and nothing is fetched from it
        other = server.url("/xxgk/2025nb.html").replace("127.0.0.1", "localhost")
        page = client.post("/work/reports/inspect/", {"url": other}).content.decode()
        assert "只能审查网站守护中登记的" in page
        assert len(server.requests) == 1


def test_numbers_not_read_into_a_cell_are_listed_with_page_table_and_row(client, supervisor):
    """A real report (黄陂 2020, Word → PDF) prints a row that is not in the official table 二: the page
    lists its numbers with the page, the table and the row, instead of dropping them."""
    from pathlib import Path

    pdf = Path(__file__).resolve().parents[1] / "realdata" / "reports" / "word" / "huangpi_street_2020.pdf"
    _login(client, supervisor)
    page = client.post("/work/reports/inspect/", {
        "files": [SimpleUploadedFile("huangpi.pdf", pdf.read_bytes())]}).content.decode()
    assert "未能读入单元格的数字（3个）" in page
    assert "<td>第1页</td><td>表格1</td><td>其他主动公开文件" in page
    assert "extract.unplaced" in page
    [report] = client.post("/api/v1/work/reports/inspect", {
        "files": [SimpleUploadedFile("huangpi.pdf", pdf.read_bytes())]}).json()["reports"]
    assert [(u["page"], u["table"], u["text"]) for u in report["unreadable"]] == [(1, 1, "0")] * 3


def test_the_old_audit_path_redirects_permanently_to_the_inspection_page(client, street_clerk):
    _login(client, street_clerk)
    response = client.get("/work/reports/audit/")
    assert (response.status_code, response["Location"]) == (301, "/work/reports/inspect/")
    assert "审查年度报告" in client.get(response["Location"]).content.decode()


def test_the_old_api_path_still_inspects_and_is_marked_deprecated(client, supervisor):
    _login(client, supervisor)
    response = client.post("/api/v1/work/reports/audit", {
        "files": [SimpleUploadedFile("bad.html", _broken().html_bytes())]})
    assert response.status_code == 200
    [report] = response.json()["reports"]
    assert any(f["rule"] == "t3.row_total" and f["severity"] == "error" for f in report["findings"])
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/work/reports/audit"]["post"]["deprecated"] is True
    assert not paths["/api/v1/work/reports/inspect"]["post"].get("deprecated")
