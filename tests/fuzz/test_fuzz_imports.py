"""Fuzzing the import parsers: the Excel ledger (bytes and cells) and the holiday CSV."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from . import targets
from .conftest import fuzz
from .test_fuzz_documents import mutate, xml_text

HEADERS = ["申请编号", "收到申请日期", "申请人姓名", "证件号码", "联系电话", "申请内容", "办理结果", "提交方式",
           "申请人类型", "获取信息的方式", "答复日期", "*收到日期（必填）", "身份证号"]
cell = st.one_of(st.none(), st.text(max_size=30), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                 st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.sampled_from(HEADERS),
                 st.sampled_from(["予以公开", "不予公开-属于国家秘密", "（三）1", "withheld.1", "2026年3月5日",
                                  "20260305", "2026.02.30", "44000", "13812345678", "11010519491231002X", "示例"]))


@fuzz
@given(data=st.data())
def test_ledger_bytes(data):
    targets.ledger_import(data.draw(mutate(targets.seed_xlsx())))


@fuzz
@given(xml=xml_text)
def test_ledger_sheet_xml(xml):
    body = xml.encode("utf-8", "surrogatepass")
    targets.ledger_import(targets.with_part(targets.seed_xlsx(), "xl/worksheets/sheet1.xml", body))


@fuzz
@given(rows=st.lists(st.lists(cell, max_size=14), max_size=30),
       header=st.lists(st.sampled_from(HEADERS), min_size=3, max_size=13))
def test_ledger_cells(rows, header):
    targets.ledger_cells([header] + rows)
    targets.ledger_cells(rows)


csv_line = st.one_of(
    st.text(max_size=60),
    st.tuples(st.one_of(st.dates().map(str), st.text(max_size=12)),
              st.sampled_from(["holiday", "workday", "休", "班", "HOLIDAY", "x", ""]),
              st.text(max_size=20)).map(",".join),
    st.integers(-5000, 5000).map(lambda y: f"year,{y}"),
    st.sampled_from(["#comment", "date,kind,note", "日期,类型", "\ufeffyear,2027", "\"2027-01-01\",休,\"元\"\"旦\"",
                     "\x00", "\"unterminated", "a" * 200_000]),
)


@fuzz
@given(lines=st.lists(csv_line, max_size=30), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_holiday_csv(lines, newline):
    targets.holiday_csv(newline.join(lines))
