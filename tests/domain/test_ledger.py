"""Reading an office's Excel ledger (台账): headers, cells, rows, the workbook as a whole."""
import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given, settings, strategies as st

from gongkai.domain import ledger
from gongkai.domain.ledger import CellError, LedgerFileError, parse_date, parse_decision

TODAY = dt.date(2026, 10, 9)
ID_NUMBER = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"
HEADER = ["申请编号", "收到申请日期", "提交方式", "申请人类型", "申请人姓名或名称", "证件号码", "联系电话",
          "电子邮箱", "通信地址", "申请内容", "获取信息的方式", "获取信息的途径", "办理结果", "法律依据", "答复日期"]


def row(**over):
    base = {"申请编号": "", "收到申请日期": "2026-03-05", "提交方式": "当面提交", "申请人类型": "自然人",
            "申请人姓名或名称": "王小明", "证件号码": ID_NUMBER, "联系电话": "13812345678", "电子邮箱": "",
            "通信地址": "", "申请内容": "老旧小区改造批复", "获取信息的方式": "纸质", "获取信息的途径": "自行领取",
            "办理结果": "", "法律依据": "", "答复日期": ""}
    base.update(over)
    return [base[h] for h in HEADER]


def xlsx(*rows, header=HEADER, title=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def excel_serial(day: dt.date) -> int:
    serial = (day - dt.date(1899, 12, 30)).days
    return serial if serial > 60 else serial - 1


# ---------------------------------------------------------------- dates

def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)), st.booleans(), st.booleans())
def test_every_written_form_of_a_date_reads_as_that_date(day, padded, wide):
    y, m, d = day.year, day.month, day.day
    mm, dd = (f"{m:02d}", f"{d:02d}") if padded else (str(m), str(d))
    forms = [f"{y}-{mm}-{dd}", f"{y}/{mm}/{dd}", f"{y}.{mm}.{dd}", f"{y}年{mm}月{dd}日", f" {y}-{mm}-{dd} ",
             f"{y}-{mm}-{dd} 09:30", f"{y}{m:02d}{d:02d}"]
    for text in forms:
        assert parse_date(_full_width(text) if wide else text) == day, text
    assert parse_date(day) == day
    assert parse_date(dt.datetime(y, m, d, 23, 59)) == day
    assert parse_date(excel_serial(day)) == day          # a date cell formatted as a number
    assert parse_date(float(excel_serial(day)) + 0.5) == day  # with a time of day
    assert parse_date(int(f"{y}{m:02d}{d:02d}")) == day  # 20260305 typed as a number


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.none(), st.booleans()))
def test_any_cell_is_a_date_or_a_chinese_message_never_a_crash(value):
    try:
        day = parse_date(value)
    except CellError as exc:
        assert str(exc) and not str(exc).isascii()
    else:
        assert isinstance(day, dt.date)


@pytest.mark.parametrize("value", ["2026-02-30", "2026年13月1日", "3月5日", "下周一", "2026-3", 60, -5, 0])
def test_impossible_or_partial_dates_are_refused(value):
    with pytest.raises(CellError):
        parse_date(value)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_numbers_read_as_text_keep_every_digit(n):
    assert ledger.parse_text(n) == str(n)
    if n < 2**53:
        assert ledger.parse_text(float(n)) == str(n)


# ---------------------------------------------------------------- choices

@pytest.mark.parametrize("text,code", [
    ("予以公开", "granted"), ("（一）予以公开", "granted"), ("部分公开", "partial"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial"),
    ("不予公开-属于国家秘密", "withheld.1"), ("不予公开——属于国家秘密", "withheld.1"), ("（三）1", "withheld.1"),
    ("(三)1.属于国家秘密", "withheld.1"), ("属于国家秘密", "withheld.1"), ("withheld.1", "withheld.1"),
    ("（三）3", "withheld.3"), ("危及“三安全一稳定”", "withheld.3"), ("无法提供-本机关不掌握相关政府信息", "unavailable.1"),
    ("（四）1", "unavailable.1"), ("（五）2", "not_processed.2"), ("不予处理：重复申请", "not_processed.2"),
    ("（六）1", "other.1"), ("（六）3", "other.3"), (" 予以公开 ", "granted"),
])
def test_table_three_labels_read_as_decision_codes(text, code):
    assert parse_decision(text) == code


def test_a_group_without_its_row_asks_for_the_row():
    with pytest.raises(CellError, match="须写明具体情形.*不予公开-属于国家秘密"):
        parse_decision("不予公开")
    with pytest.raises(CellError, match="不是年度报告表三"):
        parse_decision("同意")


@pytest.mark.parametrize("text,code", [("当面", "counter"), ("网上申请", "online"), ("挂号信", "registered_mail"),
                                       ("平信", "ordinary_mail"), ("ＥＭＡＩＬ", "email"), ("fax", "fax")])
def test_channel_variants(text, code):
    assert ledger.parse_choice(text, ledger.CHANNELS) == code


def test_an_unknown_choice_lists_what_is_accepted():
    with pytest.raises(CellError, match="网上申请、当面提交"):
        ledger.parse_choice("信鸽", ledger.CHANNELS)


# ---------------------------------------------------------------- headers and file

def test_headers_match_variants_and_notes():
    found, unknown, problems = ledger.match_headers(
        ["序号", "收到日期（必填）", "*申请方式", " 申 请 人 ", "身份证号", "电话", "申请公开内容", "经办人"])
    assert found == {"received_on": 1, "channel": 2, "name": 3, "id_number": 4, "phone": 5, "description": 6}
    assert unknown == ["经办人"] and problems == []
    _, _, problems = ledger.match_headers(["收到日期", "受理日期", "申请人"])
    assert problems and "两次" in problems[0]


def test_title_row_above_header_and_every_bad_row_reported():
    data = xlsx(row(), row(收到申请日期="2026-02-30", 证件号码="110105194912310021"), row(),
                row(提交方式="信鸽", 办理结果="予以公开"), title="城关街道2026年依申请公开台账")
    parsed = ledger.parse_ledger(data, TODAY)
    assert parsed.header_row == 2
    bad = {(e.row, e.column) for e in parsed.errors}
    assert (4, "收到申请日期") in bad and (4, "证件号码") in bad
    assert (6, "提交方式") in bad and (6, "答复日期") in bad  # a decision needs its answer date
    assert (5, "") in bad  # duplicate of row 3
    assert 3 not in {r for r, _ in bad}


def test_decision_rules_and_default_basis():
    answered = row(办理结果="（三）1", 答复日期="2026年3月20日")
    org = row(申请人类型="商业企业", 证件号码=CREDIT_CODE, 申请内容="别的内容", 办理结果="予以公开", 法律依据="第十四条", 答复日期="2026-03-20")
    free = row(申请内容="第三件", 办理结果="（六）3", 答复日期="2026-03-20")
    early = row(申请内容="第四件", 办理结果="予以公开", 答复日期="2026-03-01")
    parsed = ledger.parse_ledger(xlsx(answered, org, free, early), TODAY)
    first, second, third, fourth = parsed.rows
    assert first.ok and first.values["decision_type"] == "withheld.1"
    assert first.values["decision_basis"] == "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"
    assert [w.column for w in first.warnings] == ["法律依据"]
    assert [e.column for e in second.errors] == ["法律依据"]  # 第十四条 is no basis for 予以公开
    assert [e.column for e in third.errors] == ["法律依据"]   # 其他 needs the office's own basis
    assert "早于收到申请日期" in fourth.errors[0].message


def test_id_number_stored_as_number_is_refused():
    parsed = ledger.parse_ledger(xlsx(row(证件号码=110105194912310020)), TODAY)
    assert "文本格式" in parsed.rows[0].errors[0].message


def test_example_row_and_blank_rows_are_skipped():
    data = xlsx(row(申请编号="示例（此行导入时忽略）"), [None] * len(HEADER), row(申请编号="TZ-1"))
    parsed = ledger.parse_ledger(data, TODAY)
    assert [r.row for r in parsed.rows] == [4] and parsed.rows[0].values["number"] == "TZ-1"


@pytest.mark.parametrize("data,message", [
    (b"", "空"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    ("申请人,电话\n".encode(), "不是Excel"),
    (b"PK\x03\x04garbage", "损坏"),
])
def test_unusable_files_get_a_clear_message(data, message):
    with pytest.raises(LedgerFileError, match=message):
        ledger.parse_ledger(data, TODAY)


def test_missing_columns_empty_sheets_and_too_many_rows():
    with pytest.raises(LedgerFileError, match="缺少必填列：提交方式、申请人类型"):
        ledger.parse_ledger(xlsx(header=["收到申请日期", "申请人姓名或名称", "证件号码", "联系电话", "申请内容"]), TODAY)
    with pytest.raises(LedgerFileError, match="没有数据行"):
        ledger.parse_ledger(xlsx(), TODAY)
    with pytest.raises(LedgerFileError, match="未找到表头"):
        ledger.parse_ledger(xlsx(header=["a", "b"]), TODAY)
    book = openpyxl.Workbook()
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(LedgerFileError, match="空"):
        ledger.parse_ledger(out.getvalue(), TODAY)
    rows = [(1, tuple(HEADER))] + [(n, tuple(row(申请内容=f"第{n}件"))) for n in range(2, ledger.MAX_ROWS + 3)]
    with pytest.raises(LedgerFileError, match="超过5000行"):
        ledger.parse_rows(rows, TODAY)
    assert len(ledger.parse_rows(rows[:ledger.MAX_ROWS + 1], TODAY).rows) == ledger.MAX_ROWS


def test_documented_columns_cover_every_required_application_field():
    keys = {c.key for c in ledger.COLUMNS if c.required}
    assert keys == {"received_on", "channel", "applicant_type", "name", "id_number", "phone", "description"}
    assert len({c.label for c in ledger.COLUMNS}) == len(ledger.COLUMNS)


@pytest.mark.parametrize("written,stored", [
    ("第十五条", "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项"),
    ("条例第十五条", "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项"),
    ("《政府信息公开条例》第三十二条", "《中华人民共和国政府信息公开条例》第三十二条、第三十六条第（三）项"),
    ("第十五条、第三十六条第(三)项", "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项"),
])
def test_short_citations_of_a_refusal_ground_are_accepted(written, stored):
    parsed = ledger.parse_ledger(xlsx(row(办理结果="（三）4", 法律依据=written, 答复日期="2026-03-20")),
                                 TODAY)
    assert parsed.rows[0].ok and parsed.rows[0].values["decision_basis"] == stored
