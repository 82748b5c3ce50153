"""Reading a workbook of yearly figures (年度业务数据) for table 二 of the annual report:
行政许可、行政处罚、行政强制 decisions and 行政事业性收费 (万元), which come from other systems.

One row per unit and year; the columns are found by their header (variants allowed). Every bad
row is reported with its Excel row number; the caller stores nothing unless all rows are good.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .normalize import clean, label_key
from ..ledger import LedgerFileError, parse_text, read_workbook

__all__ = ["COLUMNS", "FiguresFile", "FiguresRow", "LedgerFileError", "parse_figures"]

# key -> (label, header variants)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "unit_code": ("单位代码", ("单位代码", "代码")),
    "year": ("年度", ("年度", "年份")),
    "licensing": ("行政许可", ("行政许可", "行政许可本年处理决定数量", "行政许可处理决定数量")),
    "punishment": ("行政处罚", ("行政处罚", "行政处罚本年处理决定数量", "行政处罚处理决定数量")),
    "enforcement": ("行政强制", ("行政强制", "行政强制本年处理决定数量", "行政强制处理决定数量")),
    "fees_wan_yuan": ("行政事业性收费（万元）", ("行政事业性收费（万元）", "行政事业性收费", "收费金额（万元）",
                                         "行政事业性收费本年收费金额（单位：万元）")),
}
REQUIRED = ("unit_code", "year")
HEADER_KEYS = {label_key(v): key for key, (_, variants) in COLUMNS.items() for v in variants}
FigureValue = str | int | Decimal | None   # unit code, year or count, fee amount; None when unreadable


@dataclass
class FiguresRow:
    number: int                     # Excel row
    values: dict[str, FigureValue] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class FiguresFile:
    rows: list[FiguresRow]

    @property
    def bad(self) -> list[FiguresRow]:
        return [r for r in self.rows if r.errors]


def _count(text: str, label: str, row: FiguresRow) -> int | None:
    try:
        value = int(Decimal(text))
        if value < 0 or Decimal(text) != value:
            raise InvalidOperation
        return value
    except InvalidOperation:
        row.errors.append(f"{label}应为不小于0的整数，实际为“{text}”")
        return None


def _amount(text: str, row: FiguresRow) -> Decimal | None:
    try:
        value = Decimal(text)
        exponent = value.as_tuple().exponent
        if not isinstance(exponent, int) or value < 0 or exponent < -4:  # 'F'/'n' for Infinity/NaN
            raise InvalidOperation
        return value
    except InvalidOperation:
        row.errors.append(f"行政事业性收费应为不小于0、最多4位小数的金额（万元），实际为“{text}”")
        return None


def _row(number: int, cells: tuple[object, ...], columns: dict[str, int], first_year: int,
         last_year: int) -> FiguresRow:
    row = FiguresRow(number)
    for key, index in columns.items():
        text = clean(parse_text(cells[index] if index < len(cells) else None)).replace(",", "")
        label = COLUMNS[key][0]
        if not text:
            if key in REQUIRED:
                row.errors.append(f"缺少{label}")
            continue
        if key == "unit_code":
            row.values[key] = text.upper()
        elif key == "year":
            year = _count(text, label, row)
            if year is not None and not first_year <= year <= last_year:
                row.errors.append(f"年度应在{first_year}至{last_year}之间")
            row.values[key] = year
        elif key == "fees_wan_yuan":
            row.values[key] = _amount(text, row)
        else:
            row.values[key] = _count(text, label, row)
    return row


def parse_figures(data: bytes, first_year: int, last_year: int) -> FiguresFile:
    """Every row of the workbook checked; LedgerFileError when the file or its header is unusable."""
    rows = read_workbook(data)
    _header_number, header = rows[0]
    columns = {HEADER_KEYS[label_key(parse_text(c))]: i for i, c in enumerate(header)
               if label_key(parse_text(c)) in HEADER_KEYS}
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in columns]
    if missing or len(columns) < 3:
        raise LedgerFileError("第一行应为表头，须包含单位代码、年度和至少一项数据列（行政许可、行政处罚、行政强制、"
                              "行政事业性收费（万元））")
    parsed = [_row(n, cells, columns, first_year, last_year) for n, cells in rows[1:]]
    seen: dict[tuple[FigureValue, FigureValue], int] = {}
    for row in parsed:
        key = (row.values.get("unit_code"), row.values.get("year"))
        if None not in key and key in seen:
            row.errors.append(f"与第{seen[key]}行重复（同一单位同一年度）")
        seen.setdefault(key, row.number)
    return FiguresFile(parsed)
