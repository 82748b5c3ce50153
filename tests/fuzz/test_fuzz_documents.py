"""Fuzzing the document parsers: DOCX, XLSX, PDF, text and HTML extraction, the report inspection,
the bomb guard. Mutations of small valid seeds (bytes flipped, parts replaced by fuzzed XML) and
arbitrary bytes; each target checks its own properties (tests/fuzz/targets.py)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from . import targets
from .conftest import fuzz

xml_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(["<w:p>", "</w:p>", "<w:t>", "</w:t>", "<w:tbl>", "</w:tbl>", "<w:tr>", "<w:tc>",
                              "</w:tc>", "</w:tr>", "<row>", "<c r=\"A1\" t=\"s\"><v>0</v></c>", "</row>",
                              "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", "&a;", "<?xml version=\"1.0\"?>", "\x00",
                              "\ud800", "身份证", "<w:gridSpan w:val=\"9999\"/>", "<w:vMerge/>"]), max_size=60)
    .map("".join),
)


def mutate(seed: bytes):
    """The seed with up to 8 byte ranges overwritten, cut short, or extended."""
    patch = st.tuples(st.integers(0, len(seed) - 1), st.binary(min_size=1, max_size=16))
    return st.tuples(st.lists(patch, max_size=8), st.integers(1, len(seed))).map(
        lambda p: _apply(seed, *p))


def _apply(seed: bytes, patches, cut) -> bytes:
    data = bytearray(seed)
    for at, chunk in patches:
        data[at:at + len(chunk)] = chunk
    return bytes(data[:cut]) if cut < len(data) // 2 else bytes(data)


@fuzz
@given(data=st.data())
def test_docx_bytes(data):
    targets.text_extraction(data.draw(mutate(targets.seed_docx())), "a.docx")


@fuzz
@given(xml=xml_text)
def test_docx_document_xml(xml):
    body = xml.encode("utf-8", "surrogatepass")
    docx = targets.with_part(targets.seed_docx(), "word/document.xml", body)
    targets.text_extraction(docx, "a.docx")
    targets.report_reading(docx, "report.docx")


@fuzz
@given(data=st.data())
def test_xlsx_bytes(data):
    targets.text_extraction(data.draw(mutate(targets.seed_xlsx())), "a.xlsx")


@fuzz
@given(xml=xml_text)
def test_xlsx_sheet_xml(xml):
    body = xml.encode("utf-8", "surrogatepass")
    targets.text_extraction(targets.with_part(targets.seed_xlsx(), "xl/worksheets/sheet1.xml", body), "a.xlsx")


@fuzz
@given(data=st.data())
def test_pdf_bytes(data):
    pdf = data.draw(mutate(targets.seed_pdf()))
    targets.text_extraction(pdf, "a.pdf")
    targets.report_reading(pdf, "report.pdf")


@fuzz
@given(raw=st.binary(max_size=2000))
def test_arbitrary_bytes_under_every_name(raw):
    for name in ("a.pdf", "a.docx", "a.xlsx", "a.html", "a.txt", "a"):
        targets.text_extraction(raw, name)
    targets.archive_guard(raw)


@fuzz
@given(raw=st.binary(max_size=2000))
def test_arbitrary_bytes_as_a_pdf_or_zip(raw):
    targets.text_extraction(b"%PDF-1.4\n" + raw, "a.pdf")
    targets.text_extraction(b"PK\x03\x04" + raw, "a.docx")
    targets.archive_guard(b"%PDF-1.4\n" + raw)


@fuzz
@given(text=st.text(max_size=3000))
def test_report_text(text):
    targets.report_text(text)


report_lines = st.lists(st.one_of(
    st.sampled_from(["城关街道2025年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况",
                     "三、收到和处理政府信息公开申请情况", "本年新收政府信息公开申请数量\t12\t3\t0\t0\t0\t0\t15",
                     "申请人情况\t自然人\t法人或其他组织", "（一）予以公开\t1\t2", "行政复议\t0\t0\t0\t0\t0",
                     "| 规章 | 0 | 0 | 0 |", "第二十条第（一）项", "合计 99999999999999999999", "- — /"]),
    st.text(alphabet="0123456789 \t|-—/．.０１２３", max_size=40)), max_size=40).map("\n".join)


@fuzz
@given(text=report_lines)
def test_report_text_shaped_like_a_report(text):
    targets.report_text(text)
    targets.report_reading(("<html><body><table><tr><td>" + text.replace("\t", "</td><td>").replace(
        "\n", "</td></tr><tr><td>") + "</td></tr></table></body></html>").encode(), "report.html")


@fuzz
@given(html=st.one_of(st.text(max_size=2000), st.lists(st.sampled_from([
    "<a href='", "'>", "</a>", "<meta http-equiv=refresh content='0;url=", "<title>", "</title>",
    "<iframe src=", "<script>", "</script>", "<table>", "<td rowspan=99999 colspan=-3>", "javascript:",
    "http://[::1", "//evil", "\x00", "&#0;", "&#x110000;", "<base href=", "\"", " style='display:none'>",
]), max_size=80).map("".join)))
def test_watch_html(html):
    targets.watch_html(html)
    targets.report_reading(html.encode("utf-8", "surrogatepass"), "report.html")
