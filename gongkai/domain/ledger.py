"""The Excel ledger (台账) of applications an office kept before the platform: its columns,
how a header row is recognised, and how each cell is read.

An office's 依申请公开台账 is a worksheet with one header row (a title row above it is
allowed) and one application per row. Headers are matched by name, ignoring spaces,
full-width forms, a leading ``*`` and notes in brackets such as （必填）; each column has
the variants offices commonly write (``收到日期`` for 收到申请日期, ``身份证号`` for
证件号码 …). Columns the platform does not know are ignored and reported.

Cells are read leniently and checked strictly:

- dates: an Excel date, an Excel serial number, or text such as ``2026-3-5``,
  ``2026/03/05``, ``2026.03.05``, ``2026年3月5日`` or ``20260305``;
- full-width digits and letters are folded (NFKC), surrounding whitespace dropped;
- choices (提交方式, 申请人类型, 获取信息的方式/途径, 办理结果) accept the platform's
  labels, their common variants and the stored codes; 办理结果 accepts the table 三 forms
  (``予以公开``, ``不予公开-属于国家秘密``, ``（三）1``, ``withheld.1`` …);
- identity numbers and phone numbers are checked by :mod:`gongkai.domain.identity`.

Every problem is a :class:`RowError` with the Excel row number and the column's Chinese
name, so a dry run lists every bad row at once. Nothing here touches a database: checks
against stored applications are the caller's.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import bounded_archive, decisions, identity

__all__ = [
    "APPLICANT_TYPES",
    "CHANNELS",
    "COLUMNS",
    "DELIVERIES",
    "EXAMPLE_MARK",
    "INFO_FORMS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "CellError",
    "Column",
    "Ledger",
    "LedgerFileError",
    "LedgerRow",
    "RowError",
    "match_headers",
    "parse_choice",
    "parse_date",
    "parse_decision",
    "parse_ledger",
    "parse_rows",
    "parse_text",
    "read_workbook",
]

MAX_ROWS = 5000
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024   # a zip bomb is refused before openpyxl opens it
HEADER_SEARCH_ROWS = 10
EXAMPLE_MARK = "示例"   # a row whose 申请编号 begins with this is the template's example: skipped
_EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST = dt.date(2008, 5, 1)  # the 条例 took effect; an earlier receipt day is a typing error


class LedgerFileError(ValueError):
    """The file as a whole cannot be read as a ledger (message in Chinese)."""


class CellError(ValueError):
    """One cell cannot be read (message in Chinese, without the column name)."""


@dataclass(frozen=True)
class Column:
    key: str                 # the Application field it fills
    label: str               # the header the template writes
    required: bool
    variants: tuple[str, ...] = ()
    accepted: str = ""       # for the documentation and the template's notes


# ---------------------------------------------------------------- choices

def _choice(code: str, *names: str) -> tuple[str, tuple[str, ...]]:
    return code, names


CHANNELS = dict((
    _choice("online", "网上申请", "网上", "网络", "网络申请", "互联网", "在线申请", "在线", "网站", "政府网站", "网上提交"),
    _choice("counter", "当面提交", "当面", "当面申请", "现场", "现场申请", "现场提交", "窗口", "窗口提交", "来访"),
    _choice("registered_mail", "信件（挂号信、快递等需签收）", "挂号信", "快递", "邮寄", "信件（挂号信）", "EMS", "邮政快递",
            "信函（挂号）"),
    _choice("ordinary_mail", "信件（平常信函）", "平常信函", "平信", "信函", "信件", "普通信件"),
    _choice("fax", "传真"),
    _choice("email", "电子邮件", "电子邮箱", "邮件", "email", "e-mail"),
))
APPLICANT_TYPES = dict((
    _choice("natural_person", "自然人", "个人", "公民"),
    _choice("commercial", "商业企业", "企业", "公司"),
    _choice("research", "科研机构"),
    _choice("public_welfare", "社会公益组织", "公益组织"),
    _choice("legal_services", "法律服务机构", "律师事务所", "律所"),
    _choice("other_org", "其他", "其他组织", "法人或其他组织", "法人"),
))
INFO_FORMS = dict((
    _choice("paper", "纸质", "纸质文本", "纸面", "纸件"),
    _choice("electronic", "电子", "电子文本", "电子版", "电子数据", "电子文档"),
))
DELIVERIES = dict((
    _choice("pickup", "自行领取", "当面领取", "现场领取", "领取", "自取"),
    _choice("post", "邮寄", "邮递", "快递"),
    _choice("email", "电子邮件", "邮件", "电子邮箱", "email", "e-mail"),
    _choice("online", "网上获取", "网上", "在线获取", "网络"),
))


def _labels(choices: dict[str, tuple[str, ...]]) -> str:
    return "、".join(names[0] for names in choices.values())


COLUMNS: tuple[Column, ...] = (
    Column("number", "申请编号", False, ("编号", "受理编号", "登记编号", "申请号", "件号"),
           "留空则由平台编号；填写的须与已有申请不重复"),
    Column("received_on", "收到申请日期", True,
           ("收到日期", "收到申请时间", "受理日期", "申请日期", "申请时间", "收件日期", "登记日期"),
           "日期，如2026-03-05、2026年3月5日或Excel日期"),
    Column("channel", "提交方式", True, ("申请方式", "申请渠道", "提交渠道", "渠道", "来源"),
           _labels(CHANNELS)),
    Column("applicant_type", "申请人类型", True, ("申请人类别", "申请主体类型", "类型"), _labels(APPLICANT_TYPES)),
    Column("name", "申请人姓名或名称", True, ("申请人", "申请人姓名", "申请人名称", "姓名", "名称", "姓名或名称"),
           "自然人姓名或法人、其他组织名称"),
    Column("id_number", "证件号码", True,
           ("身份证号码或统一社会信用代码", "身份证号码", "身份证号", "统一社会信用代码", "证件号", "身份证件号码"),
           "自然人填18位居民身份证号码，法人或其他组织填统一社会信用代码；请把该列设为文本格式"),
    Column("phone", "联系电话", True, ("电话", "手机", "手机号码", "联系方式", "电话号码"), "手机号码或带区号的固定电话"),
    Column("email", "电子邮箱", False, ("邮箱", "email", "e-mail", "电子邮件地址"), "以电子邮件获取信息的必填"),
    Column("address", "通信地址", False, ("地址", "联系地址", "通讯地址", "邮寄地址"), "以邮寄获取信息的必填"),
    Column("description", "申请内容", True,
           ("所需信息的名称、文号或特征描述", "所需信息", "申请公开内容", "申请公开的内容", "申请事项", "申请信息内容",
            "内容"), "所需信息的名称、文号或特征描述"),
    Column("info_form", "获取信息的方式", False, ("获取方式", "信息形式", "载体形式"),
           f"{_labels(INFO_FORMS)}；留空按纸质"),
    Column("delivery", "获取信息的途径", False, ("获取途径", "提供方式", "获取信息途径"),
           f"{_labels(DELIVERIES)}；留空按自行领取"),
    Column("decision_type", "办理结果", False, ("答复结果", "处理结果", "答复类型", "办理结果类型", "答复情况"),
           "年度报告表三的类型，如予以公开、部分公开、不予公开-属于国家秘密、（三）1；未答复的留空"),
    Column("decision_basis", "法律依据", False, ("依据", "答复依据", "法律依据条款"),
           "如第十四条、第三十六条第（二）项；留空则按办理结果取第一条法定依据"),
    Column("answered_on", "答复日期", False, ("办结日期", "答复时间", "办结时间"), "已答复的必填，与办理结果同时填写"),
    Column("decision_text", "答复内容", False, ("答复摘要", "答复意见", "办理情况"), "可选"),
)
_BY_KEY = {c.key: c for c in COLUMNS}
DATE_KEYS = ("received_on", "answered_on")


# ---------------------------------------------------------------- text normalising

_SPACES = re.compile(r"\s+")
_BRACKET_NOTE = re.compile(r"[(\[][^)\]]*(必填|选填|可选|非必填|可空|格式|如|例)[^)\]]*[)\]]")
_SEPARATORS = re.compile(r"[-_—–―‐~～:：/、·]+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")


def _fold(value: str) -> str:
    """Full-width forms folded (NFKC), all whitespace dropped."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value))


def _key(value: str) -> str:
    """A header or choice as compared: folded, lower-case, without quotes and separators."""
    return _SEPARATORS.sub("", _QUOTES.sub("", _fold(value))).lower()


def _header_key(value: object) -> str:
    text = _fold(str(value or "")).lstrip("*").rstrip("*")
    text = _BRACKET_NOTE.sub("", text)
    return _key(text)


# ---------------------------------------------------------------- cells

def parse_text(value: object) -> str:
    """A cell as text: numbers Excel stored without decimals written as integers, whitespace at
    the ends dropped (inside a text, line breaks are kept)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip()


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME_TAIL = re.compile(r"(?:T|\s)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def parse_date(value: object) -> dt.date:
    """A date cell: an Excel date, an Excel serial number, or a written date; else CellError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError("不是日期")
    if isinstance(value, int) and 19000101 <= value <= 99991231:
        value = str(value)  # 20260305 typed into a number cell
    elif isinstance(value, (int, float)):
        if value != value or not 1 <= value < 2958466:  # NaN, or outside Excel's calendar
            raise CellError(f"不是日期：{value}")
        serial = int(value)
        if serial == 60:
            raise CellError("1900年2月29日不存在（Excel日期序号60）")
        if serial < 60:
            serial += 1  # Excel counts the non-existent 1900-02-29
        return _EXCEL_EPOCH + dt.timedelta(days=serial)
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        raise CellError("未填写")
    text = _TIME_TAIL.sub("", text).strip()
    m = _DATE_TEXT.fullmatch(text) or _DATE_COMPACT.fullmatch(text)
    if not m:
        raise CellError(f"“{text[:30]}”不是日期，请写成2026-03-05或2026年3月5日")
    year, month, day = map(int, m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"“{text[:30]}”不是有效日期") from None


def _lookup(choices: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table = {}
    for code, names in choices.items():
        table[_key(code)] = code
        for name in names:
            table.setdefault(_key(name), code)
    return table


_LOOKUPS: dict[int, dict[str, str]] = {}


def parse_choice(value: object, choices: dict[str, tuple[str, ...]]) -> str:
    """A label, a variant or a code of ``choices`` as its code; else CellError listing the labels."""
    text = parse_text(value)
    if not text:
        raise CellError("未填写")
    table = _LOOKUPS.setdefault(id(choices), _lookup(choices))
    key = _key(text)
    if key in table:
        return table[key]
    raise CellError(f"“{text[:30]}”不是可选的值（可填：{_labels(choices)}）")


_CN_NUMERALS = "一二三四五六"


def _decision_lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    for kind in decisions.DECISION_TYPES:
        group, code = kind.group, kind.code
        numeral = _CN_NUMERALS[decisions.GROUPS.index(group)]
        head = f"({numeral})"
        keys = {code, kind.title, f"{group.name}{kind.name}", f"{head}{group.name}{kind.name}"}
        if "." in code:
            n = code.split(".")[1]
            keys |= {f"{head}{n}", f"{head}{n}.", f"{head}{n}{kind.name}", f"{head}{n}.{kind.name}",
                     f"{head}{group.name}{n}", f"{head}{group.name}{n}.{kind.name}", f"{group.name}{n}",
                     f"{group.name}{n}.{kind.name}", kind.row_label, f"{head}{kind.row_label}"}
        else:  # 予以公开, 部分公开: the group is the row
            keys |= {group.label, head, f"{head}{group.name}", group.name}
        for k in keys:
            table[_key(k).replace(".", "")] = code
        names.setdefault(_key(kind.name), []).append(code)
    for name, codes in names.items():  # a row name alone, where it is unique (属于国家秘密)
        if len(codes) == 1:
            table.setdefault(name.replace(".", ""), codes[0])
    return table


_DECISIONS = _decision_lookup()


def parse_decision(value: object) -> str:
    """办理结果 as a table 三 row code (``granted``, ``withheld.1`` …); else CellError."""
    text = parse_text(value)
    if not text:
        raise CellError("未填写")
    key = _key(text).replace(".", "")
    if key in _DECISIONS:
        return _DECISIONS[key]
    for group in decisions.GROUPS:
        if key in (_key(group.name), _key(group.label)):
            examples = "、".join(f"{group.name}-{t.name}" for t in decisions.DECISION_TYPES if t.group is group)
            raise CellError(f"“{text[:30]}”须写明具体情形：{examples}")
    raise CellError(f"“{text[:30]}”不是年度报告表三的办理结果（如：予以公开、部分公开、不予公开-属于国家秘密、（三）1）")


# ---------------------------------------------------------------- headers

def match_headers(cells: Iterable[object]) -> tuple[dict[str, int], list[str], list[str]]:
    """(column key → 0-based index, headers not recognised, problems) for one header row.
    A column written twice is a problem; a column not recognised is only listed."""
    table: dict[str, str] = {}
    for col in COLUMNS:
        for name in (col.label, *col.variants):
            table.setdefault(_header_key(name), col.key)
    found: dict[str, int] = {}
    unknown: list[str] = []
    problems: list[str] = []
    for i, cell in enumerate(cells):
        text = parse_text(cell)
        if not text:
            continue
        key = table.get(_header_key(text))
        if key is None:
            if _header_key(text) not in ("序号", "no", "备注"):
                unknown.append(text)
        elif key in found:
            problems.append(f"“{_BY_KEY[key].label}”列出现了两次（第{found[key] + 1}列和第{i + 1}列）")
        else:
            found[key] = i
    return found, unknown, problems


# ---------------------------------------------------------------- rows

@dataclass(frozen=True)
class RowError:
    row: int                 # the Excel row number (1-based, as Excel shows it)
    column: str              # the column's Chinese name; "" for the row as a whole
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class LedgerRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)      # Application field → value
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.row, _BY_KEY[key].label if key in _BY_KEY else key, message))

    def warn(self, key: str, message: str) -> None:
        self.warnings.append(RowError(self.row, _BY_KEY[key].label if key in _BY_KEY else key, message))


@dataclass
class Ledger:
    rows: list[LedgerRow]
    header_row: int
    unknown_headers: list[str]

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def warnings(self) -> list[RowError]:
        return [w for r in self.rows for w in r.warnings]


def _check_identity(row: LedgerRow, today: dt.date) -> None:
    values = row.values
    kind = values.get("applicant_type")
    if kind and "id_number" in values:
        organisation = decisions.applicant_type(kind).is_organisation
        try:
            values["id_number"] = (identity.validate_credit_code(values["id_number"]) if organisation
                                   else identity.validate_id_number(values["id_number"], today=today))
        except identity.IdentityError as exc:
            row.error("id_number", str(exc))
    if values.get("phone"):
        try:
            values["phone"] = identity.validate_phone(values["phone"])
        except identity.IdentityError as exc:
            row.error("phone", str(exc))


def _check_decision(row: LedgerRow, today: dt.date) -> None:
    v = row.values
    received, answered, code = v.get("received_on"), v.get("answered_on"), v.get("decision_type")
    if code and not answered and "answered_on" not in row_error_keys(row):
        row.error("answered_on", "填写了办理结果的，须填写答复日期")
    if answered and not code and "decision_type" not in row_error_keys(row):
        row.error("decision_type", "填写了答复日期的，须填写办理结果")
    if answered:
        if answered > today:
            row.error("answered_on", "答复日期不能晚于今天")
        elif received and answered < received:
            row.error("answered_on", "答复日期不能早于收到申请日期")
    if not code:
        if v.get("decision_basis"):
            row.error("decision_basis", "未填写办理结果，不能只填写法律依据")
        return
    kind = decisions.decision_type(code)
    basis = v.get("decision_basis", "")
    if not basis:
        if kind.basis_required_text:
            row.error("decision_basis", f"“{kind.title}”须写明法律依据")
            return
        v["decision_basis"] = kind.bases[0].full
        row.warn("decision_basis", f"未填写法律依据，按“{kind.title}”取{kind.bases[0].full}")
        return
    cited = _match_basis(kind, basis)
    if cited is not None:
        v["decision_basis"] = cited.full
        return
    try:
        cited = decisions.validate_basis(code, basis)
    except ValueError as exc:
        row.error("decision_basis", str(exc))
    else:
        v["decision_basis"] = cited.full if cited in kind.bases else cited.citation


_REGULATION_PREFIX = re.compile(r"^(《[^》]*》|条例|政府信息公开条例)")


def _match_basis(kind: decisions.DecisionType, text: str) -> decisions.LegalBasis | None:
    """A ledger's short citation of one of the type's bases: ``第十五条`` or ``条例第十五条`` for
    ``第十五条、第三十六条第（三）项`` (the ground of a refusal without the clause that answers)."""
    short = _REGULATION_PREFIX.sub("", _fold(text)).rstrip("。；;,，")
    for basis in kind.bases:
        if basis.regulation != decisions.REGULATION or basis.citation.startswith("《"):
            continue
        if short in (_fold(basis.citation), _fold(basis.citation.split("、")[0])):
            return basis
    return None


def row_error_keys(row: LedgerRow) -> set[str]:
    return {next((c.key for c in COLUMNS if c.label == e.column), e.column) for e in row.errors}


def parse_row(number: int, cells: dict[str, object], today: dt.date) -> LedgerRow:
    """One data row (``cells``: column key → raw cell value) into Application field values."""
    row = LedgerRow(number)
    v = row.values
    for col in COLUMNS:
        raw = cells.get(col.key)
        text = parse_text(raw)
        if not text:
            if col.required:
                row.error(col.key, "必填，未填写")
            continue
        try:
            if col.key in DATE_KEYS:
                v[col.key] = parse_date(raw)
            elif col.key == "channel":
                v[col.key] = parse_choice(raw, CHANNELS)
            elif col.key == "applicant_type":
                v[col.key] = parse_choice(raw, APPLICANT_TYPES)
            elif col.key == "info_form":
                v[col.key] = parse_choice(raw, INFO_FORMS)
            elif col.key == "delivery":
                v[col.key] = parse_choice(raw, DELIVERIES)
            elif col.key == "decision_type":
                v[col.key] = parse_decision(raw)
            elif (col.key == "id_number" and isinstance(raw, float)) or (
                    col.key == "id_number" and isinstance(raw, int) and len(str(raw)) > 15):
                raise CellError("被Excel存成了数字，后几位可能已丢失；请把该列设为文本格式后重新填写")
            elif col.key in ("number", "id_number", "phone", "email"):
                v[col.key] = _fold(text)
            elif col.key == "decision_basis":
                v[col.key] = unicodedata.normalize("NFKC", text).replace("(", "（").replace(")", "）")
            else:
                v[col.key] = text
        except CellError as exc:
            row.error(col.key, str(exc))
    v.setdefault("info_form", "paper")
    v.setdefault("delivery", "pickup")
    if v.get("number"):
        v["number"] = v["number"].upper()
    if v.get("received_on") and v["received_on"] > today:
        row.error("received_on", "收到申请日期不能晚于今天")
    elif v.get("received_on") and v["received_on"] < EARLIEST:
        row.error("received_on", "收到申请日期早于2008年5月1日（条例施行之日），请核对")
    _check_identity(row, today)
    if v.get("delivery") == "email" and not v.get("email"):
        row.error("email", "选择以电子邮件获取信息的，须填写电子邮箱")
    if v.get("delivery") == "post" and not v.get("address"):
        row.error("address", "选择邮寄的，须填写通信地址")
    _check_decision(row, today)
    return row


def _duplicate_key(values: Mapping[str, Any]) -> tuple[dt.date, str, str] | None:
    if not all(values.get(k) for k in ("received_on", "id_number", "description")):
        return None
    return values["received_on"], values["id_number"], _key(values["description"])


def mark_duplicates(rows: list[LedgerRow]) -> None:
    """Rows of one file that repeat an earlier row's 申请编号, or its 收到申请日期, 证件号码 and
    申请内容, are errors (the first occurrence stays)."""
    numbers: dict[str, int] = {}
    keys: dict[tuple[dt.date, str, str], int] = {}
    for row in rows:
        number = row.values.get("number")
        if number:
            if number in numbers:
                row.error("number", f"与第{numbers[number]}行的申请编号重复")
            else:
                numbers[number] = row.row
        key = _duplicate_key(row.values)
        if key:
            if key in keys:
                row.errors.append(RowError(row.row, "", f"与第{keys[key]}行重复（收到申请日期、证件号码和申请内容相同）"))
            else:
                keys[key] = row.row


def duplicate_key(values: Mapping[str, Any]) -> tuple[dt.date, str, str] | None:
    """What makes two applications the same one: receipt day, identity number, content."""
    return _duplicate_key(values)


def description_key(text: str) -> str:
    return _key(text)


# ---------------------------------------------------------------- the workbook

def read_workbook(data: bytes) -> list[tuple[int, tuple[object, ...]]]:
    """(Excel row number, cells) of the first worksheet's non-empty rows; LedgerFileError for a
    file that is not an .xlsx workbook, is empty, or has more than MAX_ROWS rows."""
    if not data:
        raise LedgerFileError("文件是空的")
    if len(data) > MAX_FILE_BYTES:
        raise LedgerFileError(f"文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB，请分成多个文件导入")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise LedgerFileError("这是旧版Excel（.xls）文件，请在Excel中“另存为”Excel工作簿（.xlsx）后再导入")
    if not data.startswith(b"PK"):
        raise LedgerFileError("文件不是Excel工作簿（.xlsx），请上传.xlsx格式的台账")
    # The zip-bomb guard inflates every entry once, bounded, before openpyxl sees the file.
    try:
        bounded_archive.check_zip(data, bounded_archive.DEFAULT_LIMITS.with_(max_total_bytes=MAX_UNCOMPRESSED_BYTES))
    except bounded_archive.LimitExceeded as exc:
        raise LedgerFileError(f"{exc}；请分成多个文件导入") from None
    except bounded_archive.ArchiveDamaged as exc:
        raise LedgerFileError(f"文件已损坏或不是Excel工作簿（.xlsx）：{exc}") from None
    import openpyxl  # imported here: the rest of the module stays usable without it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a zip that is no workbook
        raise LedgerFileError("文件不是有效的Excel工作簿（.xlsx），请在Excel中打开并另存为.xlsx后再导入") from None
    try:
        if not book.worksheets:
            raise LedgerFileError("工作簿中没有工作表")
        rows: list[tuple[int, tuple[object, ...]]] = []
        for number, cells in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            if any(parse_text(c) for c in cells):
                rows.append((number, tuple(cells)))
                if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                    break
    except LedgerFileError:
        raise
    # A read-only workbook parses the sheet while it is iterated: a damaged sheet fails here
    # (found by tests/fuzz), with any of the XML parser's or openpyxl's errors.
    except Exception:
        raise LedgerFileError("工作表内容已损坏，无法读取；请在Excel中打开并另存为.xlsx后再导入") from None
    finally:
        book.close()
    if not rows:
        raise LedgerFileError("第一个工作表是空的，请把台账放在第一个工作表")
    return rows


def parse_rows(rows: list[tuple[int, tuple[object, ...]]], today: dt.date) -> Ledger:
    """The ledger in ``rows`` (from read_workbook): the header found among the first rows, then
    every data row parsed and checked, duplicates within the file marked."""
    best: tuple[int, dict[str, int], list[str], list[str]] | None = None
    for i, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found, unknown, problems = match_headers(cells)
        if len(found) >= 3:  # the first row naming three known columns; a title row above is skipped
            best = (i, found, unknown, problems)
            break
    if best is None:
        raise LedgerFileError("未找到表头行：请使用平台的台账模板，表头须包含"
                              + "、".join(c.label for c in COLUMNS if c.required))
    index, found, unknown, problems = best
    if problems:
        raise LedgerFileError("；".join(problems))
    missing = [c.label for c in COLUMNS if c.required and c.key not in found]
    if missing:
        raise LedgerFileError(f"缺少必填列：{'、'.join(missing)}（表头在第{rows[index][0]}行）")
    data_rows = []
    for number, cells in rows[index + 1:]:
        values = {key: (cells[i] if i < len(cells) else None) for key, i in found.items()}
        if parse_text(values.get("number")).startswith(EXAMPLE_MARK):
            continue
        if not any(parse_text(v) for v in values.values()):
            continue  # only columns the platform does not read are filled
        data_rows.append((number, values))
    if not data_rows:
        raise LedgerFileError("台账中没有数据行")
    if len(data_rows) > MAX_ROWS:
        raise LedgerFileError(f"台账超过{MAX_ROWS}行，请分成多个文件导入")
    parsed = [parse_row(number, values, today) for number, values in data_rows]
    mark_duplicates(parsed)
    return Ledger(parsed, rows[index][0], unknown)


def parse_ledger(data: bytes, today: dt.date) -> Ledger:
    return parse_rows(read_workbook(data), today)
