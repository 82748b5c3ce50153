"""The inspection (审查) reads generated reports in every format back cell by cell, and
names the broken rule and cells when one cell is wrong."""
import pytest

from gongkai.domain.annual_report.extract import inspect_blocks
from gongkai.domain.annual_report.tables import REPORT_ROWS, REPORT_ROWS_2019
from gongkai.reports.readers import read_document

from .generate import Report

KINDS = ("html", "docx", "pdf", "txt")


def inspect(report: Report, kind: str, **kwargs) -> dict:
    data = {"html": report.html_bytes, "docx": report.docx_bytes, "pdf": report.pdf_bytes,
            "txt": lambda: report.text().encode("utf-8")}[kind](**kwargs)
    doc = read_document(data, f"report.{kind}")
    return inspect_blocks(doc.blocks, doc.title)


def rules_of(result: dict, severity: str | None = None) -> list[str]:
    return [f["rule"] for f in result["findings"] if severity in (None, f["severity"])]


@pytest.mark.parametrize("fmt", ["2021", "2019"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_cell_round_trips(fmt, kind):
    report = Report(fmt=fmt)
    result = inspect(report, kind)
    assert (result["format"], result["unit"], result["year"]) == (fmt, "青禾县民政局", 2025)
    assert tuple(result["tables"]["applications"]) == (REPORT_ROWS if fmt == "2021" else REPORT_ROWS_2019)
    # Blank cells come back as None, zeros as 0, every other cell as written.
    assert result["tables"] == report.tables
    assert result["tables"]["applications"]["withheld.2"] == [None] * 7
    assert rules_of(result) == ["t3.blank", "t4.blank"]
    blank = next(f for f in result["findings"] if f["rule"] == "t3.blank")
    assert "三.new.科研机构" in blank["cells"] and "三.withheld.3.总计" in blank["cells"]


@pytest.mark.parametrize("kind", ["html", "docx", "txt"])
def test_label_variants_full_width_digits_and_renamed_sections(kind):
    headings = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况", "五、存在的主要问题及整改措施",
                "六、其他需要报告的事项"]
    report = Report(normative_label="规范性文件", fullwidth=True, headings=headings)
    assert "４３" in report.text() and "规范性文件" in report.text()
    result = inspect(report, kind)
    assert result["tables"] == report.tables
    assert rules_of(result, "error") == []
    assert "structure.section_missing" not in rules_of(result)


def test_gbk_web_page_and_year_first_title():
    report = Report(unit="青禾县白沙镇人民政府")
    page = report.html_bytes("gb2312").replace("青禾县白沙镇人民政府2025年".encode("gb18030"),
                                               "2025年度青禾县白沙镇人民政府".encode("gb18030"))
    doc = read_document(page, "report.htm")
    result = inspect_blocks(doc.blocks, doc.title)
    assert (result["unit"], result["year"]) == ("青禾县白沙镇人民政府", 2025)
    assert result["tables"] == report.tables


@pytest.mark.parametrize("kind", KINDS)
def test_one_wrong_detail_cell_is_named(kind):
    report = Report()
    report.tables["applications"]["unavailable.1"][1] = 2      # 商业企业: 1 -> 2, totals unchanged
    result = inspect(report, kind)
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    assert [f["rule"] for f in errors] == ["t3.row_total", "t3.result_sum"]
    row_total, result_sum = errors
    assert "三.unavailable.1.商业企业" in row_total["cells"] and "三.unavailable.1.总计" in row_total["cells"]
    assert "三.unavailable.1.商业企业" in result_sum["cells"] and "三.total.商业企业" in result_sum["cells"]
    assert "总计为7" in row_total["message"] and "=8" in row_total["message"]
    assert result_sum["message"].startswith("商业企业列：（七）总计为3")


def test_wrong_carry_over_breaks_the_official_identity():
    report = Report()
    report.tables["applications"]["carried_out"][0] = 5    # 自然人 3 -> 5, and its row total
    report.tables["applications"]["carried_out"][6] = 6
    report.narrative = {"carried_out": 6}
    result = inspect(report, "html")
    balance = [f for f in result["findings"] if f["rule"] == "t3.balance"]
    assert [f["cells"] for f in balance] == [
        ["三.new.自然人", "三.carried_in.自然人", "三.total.自然人", "三.carried_out.自然人"],
        ["三.new.总计", "三.carried_in.总计", "三.total.总计", "三.carried_out.总计"],
    ]
    assert "一、本年新收(43)+二、上年结转(2)=45" in balance[0]["message"]
    assert "四、结转下年度(5)=47" in balance[0]["message"]


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_wrong_dispute_total(kind):
    report = Report()
    report.tables["disputes"][4] = 3      # 行政复议 总计 2 -> 3
    report.narrative = {"reconsideration": 2}
    result = inspect(report, kind)
    t4 = [f for f in result["findings"] if f["rule"] == "t4.total"]
    assert len(t4) == 1 and t4[0]["severity"] == "error"
    assert t4[0]["cells"] == ["四.行政复议.结果维持", "四.行政复议.结果纠正", "四.行政复议.其他结果",
                              "四.行政复议.尚未审结", "四.行政复议.总计"]
    # The text says 2 cases of 复议; the table now says 3.
    assert [f["cells"] for f in result["findings"] if f["rule"] == "narrative.t4"] == [["四.行政复议.总计"]]


def test_narrative_that_disagrees_with_table_three():
    result = inspect(Report(narrative={"received": 50}), "docx")
    narrative = [f for f in result["findings"] if f["rule"] == "narrative.t3"]
    assert len(narrative) == 1 and narrative[0]["severity"] == "warning"
    assert narrative[0]["cells"] == ["三.new.总计"]
    assert "50件" in narrative[0]["message"] and "48" in narrative[0]["message"]


def test_unreadable_cell_and_missing_tables():
    report = Report()
    page = report.html_bytes().replace(b"<span lang=EN-US style='font-size:10.0pt'>43</span>",
                                       "<span>四十三</span>".encode())
    doc = read_document(page, "r.html")
    result = inspect_blocks(doc.blocks, doc.title)
    unreadable = [f for f in result["findings"] if f["rule"] == "extract.unreadable"]
    assert [(f["cells"], f["severity"]) for f in unreadable] == [(["三.new.自然人"], "error")]
    assert result["tables"]["applications"]["new"][0] is None

    doc = read_document("青禾县民政局2025年政府信息公开工作年度报告\n一、总体情况\n本年度无申请。\n".encode(), "r.txt")
    result = inspect_blocks(doc.blocks, doc.title)
    assert result["format"] == "unknown"
    assert {"structure.t2_missing", "structure.t3_missing", "structure.t4_missing"} <= set(rules_of(result, "error"))
