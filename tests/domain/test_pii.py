"""The personal-data guard: what it must find, what it must leave alone, and
how it masks. Check digits here are computed from the spec's formulas, not
with the library the implementation uses."""
import datetime as dt

import pytest
from hypothesis import assume, given, settings, strategies as st

from gongkai.domain.pii import DEFAULT_MASK_RULE, Finding, MaskRule, find_pii, mask_html, mask_text, mask_value

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
FULL_WIDTH = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")
SETTINGS = settings(max_examples=150, deadline=None)


def id_check(body17: str) -> str:
    """GB 11643 ISO 7064 MOD 11-2, as written in spec watch.md §4.3."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(body17, ID_WEIGHTS)) % 11]


def with_id_check(body17: str) -> str:
    return body17 + id_check(body17)


def luhn_check(body: str) -> str:
    total = 0
    for i, d in enumerate(reversed(body)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str(-total % 10)


def is_valid_id18(number: str) -> bool:
    if len(number) != 18:      # a 16- or 17-digit card can hold a date at [6:14] too
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return (number[0] in "12345678" and dt.date(1900, 1, 1) <= born <= dt.date.today()
            and id_check(number[:17]) == number[17])


# Valid numbers used by the table tests below (checked by test_fixture_numbers_are_valid).
ID_A = "360426199101010071"      # python-stdnum's doctest
ID_X = "38064219921117061X"      # spec §4.3
ID_B = "350102199001011238"
ID_LUHN = "620102199001010257"   # a 甘肃 ID number that also passes Luhn, like a UnionPay 62 card
CARD_19 = "6222021234567890128"  # UnionPay, Luhn-valid
CARD_16 = "6228480012345671"


def test_fixture_numbers_are_valid():
    for number in (ID_A, ID_X, ID_B, ID_LUHN):
        assert is_valid_id18(number), number
    assert not is_valid_id18(CARD_16[:6] + "19900101" + CARD_16[14:])   # a date inside, 16 digits
    assert luhn_check(ID_LUHN[:-1]) == ID_LUHN[-1]
    for card in (CARD_19, CARD_16):
        assert luhn_check(card[:-1]) == card[-1], card


# --- property tests ----------------------------------------------------------

@st.composite
def id_numbers(draw):
    region = draw(st.integers(100000, 899999))
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)))
    return with_id_check(f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}")


@st.composite
def ocr_variants(draw, number: str):
    """``number`` as a scan may render it: some full-width digits, a lower-case
    x, up to four spaces or dashes inside."""
    chars = list(number)
    if chars[-1] == "X" and draw(st.booleans()):
        chars[-1] = "x"
    widen = draw(st.sets(st.integers(0, len(chars) - 1)))
    chars = [c.translate(FULL_WIDTH) if i in widen else c for i, c in enumerate(chars)]
    cuts = draw(st.sets(st.integers(1, len(chars) - 1), max_size=4))
    seps = draw(st.lists(st.sampled_from([" ", "-", "\u3000", "－"]), min_size=4, max_size=4))
    out = []
    for i, c in enumerate(chars):
        if i in cuts:
            out.append(seps[len(out) % 4])
        out.append(c)
    return "".join(out)


ID_BEFORE = st.sampled_from(["", "身份证号：", "公民身份号码", "申请人张三（身份证", "户主 "])
ID_AFTER = st.sampled_from(["", "，", "）", "。现予公示", " 男"])


@SETTINGS
@given(data=st.data(), number=id_numbers(), before=ID_BEFORE, after=ID_AFTER)
def test_any_valid_id_number_is_found_however_it_is_written(data, number, before, after):
    written = data.draw(st.one_of(st.just(number), ocr_variants(number)))
    text = before + written + after
    assert find_pii(text) == [Finding("id_card", len(before), len(before) + len(written), written,
                                      number[:6] + "*" * 8 + number[-4:])]


@SETTINGS
@given(data=st.data(), number=id_numbers(), before=ID_BEFORE, after=ID_AFTER)
def test_an_id_number_with_a_wrong_check_digit_is_not_an_id(data, number, before, after):
    wrong = number[:17] + data.draw(st.sampled_from([c for c in "0123456789X" if c != number[17]]))
    assert find_pii(before + wrong + after) == []
    # Split up, a part may be something else on its own, but the whole is no ID.
    spaced = data.draw(ocr_variants(wrong))
    whole = (len(before), len(before) + len(spaced))
    assert not [f for f in find_pii(before + spaced + after) if (f.start, f.end) == whole]


@st.composite
def card_numbers(draw):
    length = draw(st.integers(16, 19))
    body = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=length - 1, max_size=length - 1)))
    return body + luhn_check(body)


@SETTINGS
@given(number=card_numbers(), grouped=st.booleans(),
       before=st.sampled_from(["银行卡号：", "卡号", "开户行：示范县农商银行，账号 ", "社保卡账户"]))
def test_a_luhn_valid_card_number_next_to_bank_words_is_found(number, grouped, before):
    assume(not is_valid_id18(number))  # an ID number has priority; tested elsewhere
    written = " ".join(number[i:i + 4] for i in range(0, len(number), 4)) if grouped else number
    text = before + written + "。"
    expected = number[:6] + "*" * (len(number) - 10) + number[-4:]
    assert find_pii(text) == [Finding("bank_card", len(before), len(before) + len(written), written, expected)]


@SETTINGS
@given(number=id_numbers(), first=st.integers(0, 6), last=st.integers(0, 4),
       char=st.sampled_from(["*", "#", "●", "×"]))
def test_masking_never_shows_the_birth_date(number, first, last, char):
    rule = MaskRule(id_card_first=first, id_card_last=last, char=char)
    text = f"户主身份证号{number}，家庭人口三人"
    masked_text, findings = mask_text(text, rule)
    masked = findings[0].masked
    assert masked == number[:first] + char * (18 - first - last) + number[18 - last:]
    assert masked[6:14] == char * 8
    assert number[6:14] not in masked_text
    assert masked_text == f"户主身份证号{masked}，家庭人口三人"


@pytest.mark.parametrize("first,last", [(7, 4), (6, 5), (8, 0)])
def test_a_rule_that_would_show_birth_digits_is_refused(first, last):
    with pytest.raises(ValueError, match="birth"):
        MaskRule(id_card_first=first, id_card_last=last)


def test_a_legacy_15_digit_id_keeps_its_birth_date_hidden():
    # 15 digits: region 350100, born 1980-01-01 as 800101, sequence 234.
    assert mask_value("id_card", "350100800101234") == "350100******234"
    assert find_pii("身份证号350100800101234")[0].masked == "350100******234"


# --- look-alikes -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "联系电话：138****1234",
    "身份证号：350102********1234",
    "身份证号：3501021990****1238",
    "银行卡号：6222 **** **** 0128",
    "统一社会信用代码：91350100M000100Y43",
    "统一社会信用代码：913501001234567890",      # all digits, region 9x, not an ID
    "统一社会信用代码：123501007000012345",      # 事业单位 code: no birth date in it
    "索引号：11420105/2026-00012",
    "根据《示范县人民政府关于印发……的通知》（示政发〔2026〕12号）",
    "补助金额合计1,234,567.89元",
    "年度预算13800000000元",
    "年度预算 13800000000 万元",
    "¥13900000000",
    "项目总投资：人民币13900000000元",
    "联系电话：0591-87654321",
    "联系电话：(0591)8765432",
    "联系电话：（0591）87654321，传真0591－87654322",
    "服务热线：400-800-1234",
    "服务热线：4008001234",
    "办理时限：2026-01-02至2026-03-31",
    "成文日期：2026年1月2日，发布日期20260105",
    "附件编号：123456789012345678901234",
    "编号：138123456789",                       # 12 digits starting like a mobile
    "电话：1381234567",                          # 10 digits
    "增长率0.13812345678",
    "出生日期错误的号码：350102199013011235",      # check digit right, month 13
    "出生日期错误的号码：" + with_id_check("35010220990101123"),  # born in 2099
    "出生日期错误的号码：" + with_id_check("35010218991231123"),  # born in 1899
    "区划代码错误的号码：" + with_id_check("95010219900101123"),  # no region starts with 9
    "营业执照注册号：350100800101234",             # 15 digits with a date inside, after 注册号
    "订单 6222021234567890129",                   # Luhn fails
    "流水号4367421234567897",                     # Visa-like prefix, Luhn fails
    "12 34 56 78 90 12 34 56 78 90 12 34",        # a row of small numbers
    "https://www.example.gov.cn/art/2026/1/2/art_12345_138123456789.html",
])
def test_look_alikes_are_not_flagged(text):
    assert find_pii(text) == []


def test_an_id_number_wins_over_a_bank_card_of_the_same_length():
    findings = find_pii(f"银行卡号：{ID_LUHN}")
    assert [(f.kind, f.value, f.masked) for f in findings] == [("id_card", ID_LUHN, "620102********0257")]


def test_an_id_shaped_number_with_a_wrong_check_digit_is_not_a_card_without_bank_words():
    # A mistyped 甘肃 (62) ID number that happens to pass Luhn.
    body = "620102199001011"
    for tail in (f"{a}{b}{c}" for a in "0123456789" for b in "0123456789" for c in "0123456789"):
        number = body + tail
        if luhn_check(number[:-1]) == number[-1] and not is_valid_id18(number):
            break
    assert find_pii(f"身份证号：{number}") == []
    assert [f.kind for f in find_pii(f"卡号：{number}")] == ["bank_card"]


@pytest.mark.parametrize("text,expected", [
    # A 低保 公示 roll row as it comes out of a spreadsheet.
    (f"1\t张三\t男\t城关街道柳树社区\t{ID_A}\t3人\t1,260元\t13912345678",
     [("id_card", ID_A, "360426********0071"), ("mobile", "13912345678", "139****5678")]),
    # A 通知 with the office landline, a 文号 and an 索引号: only the person's mobile.
    ("各村（居）委会：根据示政发〔2026〕12号文件要求，请于2026年3月31日前报送材料。"
     "咨询电话：0591-87654321，联系人：李明 13812345678。索引号：11420105/2026-00012",
     [("mobile", "13812345678", "138****5678")]),
    # A subsidy notice naming the account.
    ("补贴资金1,260元已打入户主社保卡，开户行：示范县农商银行，卡号：6222 0212 3456 7890 128。",
     [("bank_card", "6222 0212 3456 7890 128", "622202*********0128")]),
    (f"张三{CARD_16}李四{CARD_19}",
     [("bank_card", CARD_16, "622848******5671"), ("bank_card", CARD_19, "622202*********0128")]),
    # OCR'd scan: full-width digits, a space, lower-case x.
    ("身份证号码：３８０６４２ １９９２１１１７０６１ｘ",
     [("id_card", "３８０６４２ １９９２１１１７０６１ｘ", "380642********061X")]),
    ("联系电话：+86 139 1234 5678；备用 86-13812345678",
     [("mobile", "+86 139 1234 5678", "+86 139****5678"), ("mobile", "86-13812345678", "86-138****5678")]),
    ("电话138-1234-5678，邮箱13912345678@example.com",
     [("mobile", "138-1234-5678", "138****5678"), ("mobile", "13912345678", "139****5678")]),
    # PDF text joins table cells with spaces.
    (f"1 张三 {ID_A} 13912345678 2 李四 {ID_X} 13812345678",
     [("id_card", ID_A, "360426********0071"), ("mobile", "13912345678", "139****5678"),
      ("id_card", ID_X, "380642********061X"), ("mobile", "13812345678", "138****5678")]),
])
def test_realistic_sentences(text, expected):
    findings = find_pii(text)
    assert [(f.kind, f.value, f.masked) for f in findings] == expected
    for f in findings:
        assert text[f.start:f.end] == f.value


def test_mask_text_replaces_each_number_and_drops_separators_inside_it():
    text = f"户主张三，身份证号 {ID_A[:6]} {ID_A[6:14]} {ID_A[14:]}，电话138 1234 5678。"
    masked, findings = mask_text(text)
    assert masked == "户主张三，身份证号 360426********0071，电话138****5678。"
    assert [f.kind for f in findings] == ["id_card", "mobile"]


def test_a_county_rule_changes_the_format():
    yongan = MaskRule(id_card_first=2, id_card_last=3)  # 永安市 2023: 35*************123
    masked, _ = mask_text(f"身份证{ID_B}电话13812345678", yongan)
    assert masked == "身份证35*************238电话138****5678"
    assert mask_value("bank_card", CARD_19, MaskRule(bank_card_first=0, char="#")) == "#" * 15 + "0128"


@pytest.mark.parametrize("kwargs", [
    {"mobile_first": 7, "mobile_last": 4},
    {"bank_card_first": 10, "bank_card_last": 6},
    {"char": "**"}, {"char": "0"}, {"char": " "},
    {"id_card_first": -1},
])
def test_bad_rules_are_refused(kwargs):
    with pytest.raises(ValueError):
        MaskRule(**kwargs)


def test_mask_value_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind"):
        mask_value("passport", "E12345678")


def test_default_rule_matches_the_spec():
    assert mask_value("id_card", ID_A) == "360426********0071"
    assert mask_value("mobile", "13812341234") == "138****1234"
    assert mask_value("bank_card", CARD_16) == "622848******5671"
    assert DEFAULT_MASK_RULE.char == "*"


# --- HTML --------------------------------------------------------------------

@pytest.mark.parametrize("html,expected,count", [
    ('<p title="张三 13812345678">联系人：张三 13812345678</p>',
     '<p title="张三 13812345678">联系人：张三 138****5678</p>', 1),
    ('<a href="tel:13812345678">13812345678</a>', '<a href="tel:13812345678">138****5678</a>', 1),
    # Word splits a number across runs: the markup stays, the digits go.
    (f'<p>身份证号：<span style="x">{ID_A[:6]}</span><span>{ID_A[6:]}</span></p>',
     '<p>身份证号：<span style="x">360426</span><span>********0071</span></p>', 1),
    ("<td>138&nbsp;1234&nbsp;5678</td>", "<td>138&nbsp;****&nbsp;5678</td>", 1),
    # Cells are separate texts, never one long number.
    ("<tr><td>13812345678</td><td>13912345678</td></tr>",
     "<tr><td>138****5678</td><td>139****5678</td></tr>", 2),
    ('<script>var phone = "13812345678";</script><style>.x{}</style><!-- 13812345678 -->',
     '<script>var phone = "13812345678";</script><style>.x{}</style><!-- 13812345678 -->', 0),
    ("<p>咨询电话：0591-87654321</p>", "<p>咨询电话：0591-87654321</p>", 0),
    ("纯文本 13812345678 没有标签", "纯文本 138****5678 没有标签", 1),
])
def test_mask_html_touches_text_nodes_only(html, expected, count):
    assert mask_html(html) == (expected, count)


# --- speed -------------------------------------------------------------------

def test_a_megabyte_of_text_is_scanned_whole():
    """Every number in a megabyte is found (the speed is measured by bench/pii.py, not here: a
    wall-clock bound fails on a loaded machine)."""
    row = (f"城关街道2026年第3批低保公示：张三，身份证号{ID_A}，电话13812345678，"
           "金额1,234.50元，索引号11420105/2026-00012，咨询电话0591-87654321。\n")
    text = row * (1_000_000 // len(row))
    assert len(find_pii(text)) == 2 * (1_000_000 // len(row))
