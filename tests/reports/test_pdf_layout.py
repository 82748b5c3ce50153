"""The annual report PDF follows 公文 layout (GB/T 9704-2012), read back from the PDF itself:
A4 with the standard margins, each table heading on the page of its table's first rows, the
落款 on the page of the last paragraph, and no page left mostly empty."""
from __future__ import annotations

import datetime as dt

import pytest

from gongkai.domain.annual_report.draft import SECTION_TITLES
from gongkai.reports.render.pdf import pdf_bytes

from .pdf_pages import MM, Pages
from .test_render import NARRATIVE, make_report

TEXT_TOP_MM, TEXT_BOTTOM_MM = 37, 297 - 35

# The length of a real 街道 report: an overview of five parts, the problems, other matters.
OVERVIEW = "\n".join([
    "2025年，城关街道办事处以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》"
    "和上级关于政务公开工作的部署要求，围绕街道中心工作，不断深化政务公开，提升政务服务水平。",
    "（一）主动公开。2025年，城关街道办事处通过政府网站主动公开政府信息120条，其中规范性文件2件、"
    "财政预决算信息6条、社会救助信息38条、政策解读10篇，全年未发生公开不及时、不准确的情况。",
    "（二）依申请公开。全年收到政府信息公开申请48件，上年结转3件，均在法定期限内答复，"
    "其中予以公开30件、部分公开5件、不予公开4件、无法提供6件、不予处理1件、结转下年度4件。",
    "（三）政府信息管理。严格执行公开前保密审查制度，建立信息发布台账，定期清理过期失效信息。",
    "（四）平台建设。优化政府信息公开专栏栏目设置，完善基层政务公开标准目录，"
    "在便民服务中心设置政府信息公开查阅点，方便群众查阅。",
    "（五）监督保障。将政务公开纳入年度绩效考核，开展政务公开业务培训2次，接受社会评议，"
    "全年未发生因政府信息公开工作引发的责任追究情况。",
])
REALISTIC = dict(NARRATIVE, overview=OVERVIEW,
                 other="本年度未发出信息处理费收费通知，未收取信息处理费。\n"
                       "落实上级年度政务公开工作要点情况良好，人大代表建议和政协提案办理结果均已按要求公开。")
LAST_PARAGRAPH = "人大代表建议和政协提案办理结果均已按要求公开。"

# the first header cell of each table, as printed
TABLE_FIRST_CELL = {"proactive": "信息内容", "applications": "申请人情况", "disputes": "行政复议"}


@pytest.fixture(scope="module", params=["2021", "2019"])
def report_pdf(request):
    report = make_report(request.param, narrative=REALISTIC, published_at=dt.datetime(2026, 1, 20, 10, 0))
    return report, Pages(pdf_bytes(report))


def test_a4_with_the_gbt_9704_text_block(report_pdf):
    report, pages = report_pdf
    box = pages.reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (210, 297)
    for number in range(1, len(pages) + 1):
        assert pages.lowest_text_mm(number) <= TEXT_BOTTOM_MM + 1      # nothing in the bottom margin


def test_each_table_heading_is_on_the_page_of_its_table(report_pdf):
    report, pages = report_pdf
    for key, first_cell in TABLE_FIRST_CELL.items():
        heading = pages.page_of(SECTION_TITLES[key])
        assert pages.page_of(first_cell) == heading, f"{SECTION_TITLES[key]} on page {heading}"


def test_a_table_running_on_repeats_its_header_rows(report_pdf):
    report, pages = report_pdf
    first = pages.page_of(SECTION_TITLES["applications"])
    last = pages.page_of("四、结转下年度继续办理", last=True)
    for number in range(first + 1, last + 1):
        assert "申请人情况" in pages.texts[number - 1], f"page {number} has no header rows"


def test_the_signature_is_on_the_page_of_the_last_paragraph(report_pdf):
    report, pages = report_pdf
    last = pages.page_of(LAST_PARAGRAPH, last=True)
    assert pages.page_of(report.unit.name + "2026年1月20日", last=True) == last
    assert last == len(pages)


def test_no_more_pages_than_needed(report_pdf):
    report, pages = report_pdf
    assert len(pages) <= 4
    for number in range(1, len(pages)):
        # every page but the last is filled to within a quarter of its text block
        filled = (pages.lowest_text_mm(number) - TEXT_TOP_MM) / (TEXT_BOTTOM_MM - TEXT_TOP_MM)
        assert filled > 0.75, f"page {number} is only {filled:.0%} full"
