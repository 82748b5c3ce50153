"""Checks on an applicant's identity and contact details, with messages in
Chinese for the form.

- 居民身份证号码 (resident ID number, GB 11643-1999): 18 characters, a
  plausible birth date, the MOD 11-2 check character. The region code is only
  checked for its first digit (1–8, as ``gongkai.domain.pii`` does): numbers
  keep the code of a county that has since been renamed or merged, so a
  lookup in a current region list would refuse real people.
- 统一社会信用代码 (unified social credit code, GB 32100-2015): 18
  characters from the code's alphabet (digits and capitals without I O Z S V),
  positions 3–8 an administrative-division code, the MOD 31 check character.
  The first two positions (登记管理部门 and 机构类别) may be letters (e.g. N
  for 农业农村 registrations), which ``stdnum.cn.uscc.validate`` refuses, so
  only its check-character function is used.
- Phone numbers: a mainland mobile number, or a landline with its area code.

Each validator returns the number in a normal form (ASCII, no separators,
upper-case check character) or raises ``IdentityError``.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from stdnum.cn import ric, uscc

from . import clock

from .pii import ID_CARD, mask_value

__all__ = [
    "IdentityError",
    "id_birth_date",
    "mask_credit_code",
    "mask_id_number",
    "validate_credit_code",
    "validate_id_number",
    "validate_mobile",
    "validate_phone",
]

_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")
_SEPARATORS = re.compile(r"[\s\-－—–()（）]")
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
# Area codes: 010 and 02X have three digits and 8-digit numbers; the others four.
_LANDLINE = re.compile(r"(0(?:10|2\d)|0[3-9]\d{2})([2-9]\d{6,7})(?:(?:转|ext\.?|x|#)(\d{1,6}))?", re.I)
_SERVICE = re.compile(r"([48]00)(\d{7})")


class IdentityError(ValueError):
    """An identity number or phone number that cannot be right."""


def _normal(value: str) -> str:
    """Full-width characters folded (IME input), spaces and dashes dropped."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def id_birth_date(number: str) -> dt.date | None:
    """The birth date in an 18-digit ID number, None when it is no date."""
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str, today: dt.date | None = None) -> str:
    """A resident ID number (居民身份证号码), normalised; else IdentityError."""
    number = _normal(value)
    if not number:
        raise IdentityError("请填写居民身份证号码")
    if len(number) == 15 and number.isdigit():
        raise IdentityError("请填写18位居民身份证号码（15位旧号码已停止使用）")
    if len(number) != 18:
        raise IdentityError(f"居民身份证号码应为18位，现为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdentityError("居民身份证号码前17位应为数字，最后一位为数字或X")
    if number[0] not in "12345678":
        raise IdentityError("居民身份证号码的地址码不正确")
    born = id_birth_date(number)
    if born is None or not dt.date(1900, 1, 1) <= born <= (today or clock.today()):
        raise IdentityError("居民身份证号码中的出生日期不正确")
    if ric.calc_check_digit(number) != number[17]:
        raise IdentityError("居民身份证号码校验位不正确，请核对是否输错")
    return number


def validate_credit_code(value: str) -> str:
    """A unified social credit code (统一社会信用代码), normalised; else IdentityError."""
    code = _normal(value)
    if not code:
        raise IdentityError("请填写统一社会信用代码")
    if len(code) != 18:
        raise IdentityError(f"统一社会信用代码应为18位，现为{len(code)}位")
    bad = sorted({c for c in code if c not in _USCC_ALPHABET})
    if bad:
        raise IdentityError(f"统一社会信用代码含有不允许的字符：{'、'.join(bad)}（不使用I、O、Z、S、V）")
    if not code[2:8].isdigit():
        raise IdentityError("统一社会信用代码第3至8位应为行政区划码（数字）")
    if uscc.calc_check_digit(code[:17]) != code[17]:
        raise IdentityError("统一社会信用代码校验位不正确，请核对是否输错")
    return code


def validate_mobile(value: str) -> str:
    """A mainland mobile number (11 digits beginning 13–19), +86 allowed."""
    m = _MOBILE.fullmatch(_normal(value))
    if not m:
        raise IdentityError("手机号码应为以1开头的11位数字")
    return m.group(1)


def validate_phone(value: str) -> str:
    """A mobile number, or a landline with area code (optionally 转 extension),
    or a 400/800 service number. Returns ``13812345678``, ``0571-87654321``,
    ``010-62345678转123`` or ``400-1234567``."""
    text = _normal(value)
    if not text:
        raise IdentityError("请填写联系电话")
    mobile = _MOBILE.fullmatch(text)
    if mobile:
        return mobile.group(1)
    landline = _LANDLINE.fullmatch(text)
    if landline:
        area, local, ext = landline.groups()
        if len(area) == 3 and len(local) != 8:
            raise IdentityError(f"区号{area}的固定电话号码应为8位")
        return f"{area}-{local}" + (f"转{ext}" if ext else "")
    service = _SERVICE.fullmatch(text)
    if service:
        return "-".join(service.groups())
    if text.isdigit() and len(text) in (7, 8):
        raise IdentityError("固定电话请加区号，例如0571-87654321")
    raise IdentityError("联系电话格式不正确：请填写11位手机号码或带区号的固定电话")


def mask_id_number(value: str) -> str:
    """An ID number as exports and letters show it, by the platform's one masking rule."""
    return mask_value(ID_CARD, value)


CREDIT_CODE_KEEP_FIRST, CREDIT_CODE_KEEP_LAST = 3, 4


def mask_credit_code(code: str) -> str:
    """统一社会信用代码 with only its first 3 and last 4 characters shown."""
    code = (code or "").strip()
    first, last = CREDIT_CODE_KEEP_FIRST, CREDIT_CODE_KEEP_LAST
    if len(code) <= first + last:
        return "*" * len(code)
    return code[:first] + "*" * (len(code) - first - last) + code[-last:]
