"""Identity and contact checks for the application form."""
import datetime as dt

import pytest
from stdnum.cn import uscc

from gongkai.domain.identity import (
    IdentityError, id_birth_date, mask_id_number, validate_credit_code, validate_id_number, validate_mobile,
    validate_phone)
from gongkai.domain.pii import mask_value

# GB 11643's own example number (birth date 1949-12-31, check character X).
GB_EXAMPLE_ID = "11010519491231002X"


def with_uscc_check(first17):
    return first17 + uscc.calc_check_digit(first17)


@pytest.mark.parametrize("value,normal", [
    (GB_EXAMPLE_ID, GB_EXAMPLE_ID),
    ("11010519491231002x", GB_EXAMPLE_ID),                      # lower-case check character
    ("１１０１０５１９４９１２３１００２Ｘ", GB_EXAMPLE_ID),      # full-width, from a Chinese IME
    (" 110105 19491231 002X ", GB_EXAMPLE_ID),
])
def test_valid_id_numbers_are_normalised(value, normal):
    assert validate_id_number(value) == normal
    assert id_birth_date(normal) == dt.date(1949, 12, 31)


@pytest.mark.parametrize("value,message", [
    ("", "请填写"),
    ("110105491231002", "18位"),                 # legacy 15-digit number
    ("11010519491231002", "应为18位"),
    ("1101051949123100XX", "前17位应为数字"),
    ("01010519491231002X", "地址码"),
    ("110105194902300021", "出生日期"),           # 30 February
    ("110105189912310021", "出生日期"),           # before 1900
    ("110105194912310021", "校验位"),
])
def test_bad_id_numbers_get_a_chinese_message(value, message):
    with pytest.raises(IdentityError, match=message):
        validate_id_number(value)


def test_id_number_born_in_the_future_is_refused():
    with pytest.raises(IdentityError, match="出生日期"):
        validate_id_number(GB_EXAMPLE_ID, today=dt.date(1949, 12, 30))


@pytest.mark.parametrize("value", [
    "91350100M000100Y43",                       # a published example code
    "91110000600037341l",                       # lower-case input
    with_uscc_check("N2330102MA2B3C4D5"),       # 登记管理部门 N: letters in the first two places are valid
    with_uscc_check("5144010050000000X"),
])
def test_valid_credit_codes(value):
    assert validate_credit_code(value) == value.upper()


@pytest.mark.parametrize("value,message", [
    ("", "请填写"),
    ("91350100M000100Y4", "应为18位"),
    ("91350100M000100Y4O", "不允许的字符：O"),
    ("91AB0100M000100Y43", "行政区划码"),
    ("91350100M000100Y44", "校验位"),
])
def test_bad_credit_codes(value, message):
    with pytest.raises(IdentityError, match=message):
        validate_credit_code(value)


@pytest.mark.parametrize("value,normal", [
    ("13812345678", "13812345678"),
    ("+86 138-1234-5678", "13812345678"),
    ("0571-87654321", "0571-87654321"),
    ("（010）62345678", "010-62345678"),
    ("010-62345678转123", "010-62345678转123"),
    ("0931 8123456", "0931-8123456"),
    ("400-123-4567", "400-1234567"),
])
def test_phone_numbers(value, normal):
    assert validate_phone(value) == normal


@pytest.mark.parametrize("value,message", [
    ("", "请填写"),
    ("87654321", "区号"),
    ("010-6234567", "应为8位"),
    ("12812345678", "格式不正确"),
    ("138123456789", "格式不正确"),
    ("abc", "格式不正确"),
])
def test_bad_phone_numbers(value, message):
    with pytest.raises(IdentityError, match=message):
        validate_phone(value)


def test_mobile_only():
    assert validate_mobile("8613812345678") == "13812345678"
    with pytest.raises(IdentityError, match="11位"):
        validate_mobile("0571-87654321")


def test_masking_is_the_platforms_rule():
    assert mask_id_number(GB_EXAMPLE_ID) == mask_value("id_card", GB_EXAMPLE_ID)
    assert mask_id_number(GB_EXAMPLE_ID) == "110105********002X"
