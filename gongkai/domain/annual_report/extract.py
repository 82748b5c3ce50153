"""From a published report's paragraphs and table grids to its tables, its
format (2021 / 2019), its unit and year, and the findings of an inspection.

The input is what ``gongkai.reports.readers`` produces: blocks in reading
order, each a paragraph (``str``) or a grid (rows of cells, ``None`` where a
merged cell covers the position). Tables are found by their content, not by
the section headings, so renumbered or renamed sections (“五、存在的主要问题及
整改措施”) do not matter; rows are found by their labels, so label variants
(规范性文件 / 行政规范性文件, quotes, full-width brackets) and missing or
extra header rows do not either.
"""
from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from . import rules
from .narrative import find_statements
from .normalize import NotANumber, clean, is_blank, label_key, looks_like_value, parse_number
from .tables import (
    COLUMNS, DISPUTE_CELLS, PROACTIVE_2019, PROACTIVE_2021, REPORT_ROWS_2019, ROW_LABELS, cell_name,
    dispute_cell_name, proactive_for, rows_for,
)
from .tables import REPORT_ROWS as REPORT_ROWS_2021

__all__ = ["Grid", "detect_format", "extract_report", "inspect_blocks", "running_text_year", "title_unit_year"]

Cell = str | None                     # None where a merged cell covers the position
Row = Sequence[Cell]
Where = tuple[int | None, int | None]   # (page, table number)
Block = str | Sequence[Row]           # a paragraph, or a grid (a Grid or plain rows)
Number = int | float | None           # a cell as read: None for a blank (or unreadable) one


class Grid(list[Row]):
    """A table as read: rows of cells (``None`` where a merged cell covers the position), and where
    each row stands — ``where[i]`` is (page or None, table number or None) — so that a number the
    inspector cannot place is reported by page, table, row and column. ``stray`` holds words a PDF
    prints inside the table's frame but in none of its cells: (text, row index)."""

    def __init__(self, rows: Iterable[Row] = (), page: int | None = None, table: int | None = None,
                 stray: Iterable[tuple[str, int]] = ()):
        super().__init__(rows)
        self.where = [(page, table)] * len(self)
        self.stray = list(stray)

    # A Grid (or plain rows, see _join_split_tables) joined to rows is a Grid: narrower than list's overloads.
    def __add__(self: Sequence[Row], other: Sequence[Row]) -> Grid:  # type: ignore[override]
        joined = Grid(list(self) + list(other))
        joined.where = _where_list(self) + _where_list(other)
        offset = len(self)
        joined.stray = list(getattr(self, "stray", [])) + [(t, r + offset) for t, r in getattr(other, "stray", [])]
        return joined


def _where_list(grid: Sequence[Row]) -> list[Where]:
    return list(getattr(grid, "where", None) or [(None, None)] * len(grid))


def row_where(grid: Sequence[Row], index: int) -> Where:
    where = _where_list(grid)
    return where[index] if 0 <= index < len(where) else (None, None)


def place(page: int | None, table: int | None, row: str = "", column: str = "") -> str:
    """“第2页，表格3，“1.属于国家秘密”行，“商业企业”列” — what a reader looks for in the file."""
    parts = ([f"第{page}页"] if page else []) + ([f"表格{table}"] if table else [])
    row = clean(row)
    row = row if len(row) <= 24 else row[:22] + "…"
    parts += ([f"“{row}”行"] if row else []) + ([f"“{column}”列"] if column else [])
    return "，".join(parts)

# Row key of table 三 by a word its label contains, tried in this order on the
# innermost label cell, then on the whole row label.
_T3_NEEDLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new", ("新收",)),
    ("carried_in", ("上年结转", "上年度结转")),
    ("carried_out", ("结转下年", "结转下一年", "下年度继续办理")),
    ("total", ("总计",)),
    ("partial", ("部分公开",)),
    ("granted", ("予以公开",)),
    ("withheld.1", ("国家秘密",)),
    ("withheld.2", ("禁止公开",)),
    ("withheld.3", ("三安全一稳定", "危及")),
    ("withheld.4", ("第三方",)),
    ("withheld.5", ("内部事务",)),
    ("withheld.6", ("过程性",)),
    ("withheld.7", ("执法案卷",)),
    ("withheld.8", ("行政查询",)),
    ("unavailable.1", ("不掌握",)),
    ("unavailable.2", ("另行制作",)),
    ("unavailable.3", ("仍不明确",)),
    ("not_processed.1", ("信访", "举报投诉")),
    ("not_processed.2", ("重复申请",)),
    ("not_processed.3", ("出版物",)),
    ("not_processed.4", ("大量反复",)),
    ("not_processed.5", ("重新出具", "确认或")),
    ("other.1", ("逾期不补正",)),
    ("other.2", ("缴纳费用", "收费通知")),
    ("other", ("其他处理",)),
)
_T3_HEADERS = frozenset({*COLUMNS, "申请人情况", "法人或其他组织"})
_T2_NEEDLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("other_services", ("其他对外管理服务事项", "对外管理服务")),
    ("regulations", ("规章",)),
    ("normative_documents", ("规范性文件",)),
    ("licensing", ("行政许可",)),
    ("punishment", ("行政处罚",)),
    ("enforcement", ("行政强制",)),
    ("fees", ("行政事业性收费", "事业性收费")),
    ("procurement", ("政府集中采购", "集中采购")),
)
_NUMBERING = re.compile(r"^(?:\(?[0-9一二三四五六七八九十]+[)、.．]?|[①-⑩])\s*")
_DECIMAL_CELLS = {("fees", 0): "2021", ("procurement", 1): "2019"}
_CN_YEAR = re.compile(r"[〇零○Ｏ一二三四五六七八九]{4}(?=\s*年)")     # 二〇二一年, not the 九 of 新九镇
_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_TITLE_PATTERNS = (
    re.compile(r"^(?P<unit>.+?)(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?:的)?(?:政府信息公开|政务公开)(?:工作)?(?:的)?(?:年度)?报告"),
    re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?P<unit>.+?)(?:政府信息公开|政务公开)(?:工作)?(?:年度)?报告"),
    # the whole line “2021年北岙街道办事处信息公开年报”: 信息公开 without 政府, 年报 for 年度报告
    re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?P<unit>[^\d，,。；;：:、]{2,30}?)(?:政府)?信息公开(?:工作)?年报$"),
)
# A title line that names the unit but no year (“驼峰路街道办事处政府信息公开工作年度报告”).
_TITLE_NO_YEAR = re.compile(r"^(?P<unit>[^\d，,。；;：:、]{2,30}?)(?:关于)?(?:政府信息公开|政务公开)(?:工作)?(?:的)?(?:年度)?报告$")
# The report year in running text, most telling first: the statistics period (“本报告…数据统计期限为2020年
# 1月1日至12月31日”), the report named with its year (“现将…2016年政府信息公开工作年度报告予以公布”), then a
# year that opens a sentence as its time (“2020年度我街办未接到……”, “2020年，驼峰路街道办未发生……”), not a
# date (2021年1月15日) nor 2019年底/年初.
_PERIOD_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?[至到—-]\s*(?:(?:19|20)\d{2}\s*年\s*|当年|同年)?12\s*月\s*31\s*日")
_NAMED_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?(?:政府信息公开|政务公开)(?:工作)?(?:的)?(?:年度)?(?:工作)?报告")
_OPENING_YEAR = re.compile(r"(?:^|[。；;！!])\s*((?:19|20)\d{2})\s*年\s*度?(?!\s*[\d一二三四五六七八九十]{1,2}\s*月|\s*[底末初])")
_RUNNING_TEXT = 200_000        # characters of running text searched for the year
_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}\s*[、.．]\s*(.{2,40})$")
_HEADING_START = re.compile(r"^[一二三四五六七八九十]{1,2}\s*[、.．]\s*(\S.{1,15})")
_YEAR_ONLY = re.compile(r"^(?:19|20)\d{2}\s*年?度?$")
_NUMERAL_ONLY = re.compile(r"^[一二三四五六七八九十]{1,2}\s*[、.．]$")
# Topics of sections 一 to 六 (domain.md §2.2), by words any variant of the heading has.
_SECTION_TOPICS = (
    ("一、总体情况", ("总体情况", "概述", "基本情况")),
    ("二、主动公开政府信息情况", ("主动公开",)),
    ("三、收到和处理政府信息公开申请情况", ("申请",)),
    ("四、政府信息公开行政复议、行政诉讼情况", ("复议", "诉讼")),
    ("五、存在的主要问题及改进情况", ("问题", "不足", "改进", "整改")),
    ("六、其他需要报告的事项", ("其他",)),
)


def _match(needles: Iterable[tuple[str, tuple[str, ...]]], *labels: str) -> str | None:
    for label in labels:
        key = label_key(label)
        for row, words in needles:
            if any(word in key for word in words):
                return row
    return None


def _t3_row(innermost: str, whole: str) -> str | None:
    if _NUMBERING.sub("", label_key(innermost)) == "其他":
        return "other.3"
    return _match(_T3_NEEDLES, innermost, whole)


def _split(row: Row) -> tuple[list[str], list[str]]:
    """Label cells (leading text) and value cells (the rest, merged-over
    positions dropped)."""
    labels, i = [], 0
    first_label = next((j for j, c in enumerate(row) if c is not None and not looks_like_value(c)), None)
    if first_label is None:
        return [], [c for c in row if c is not None]
    if all(is_blank(c) for c in row[:first_label]):
        i = first_label      # cells a plain-text table leaves empty under a merged label
    while i < len(row):
        cell = row[i]
        if cell is None:
            i += 1
            continue
        if looks_like_value(cell):
            break
        labels.append(cell)
        i += 1
    return labels, [c for c in row[i:] if c is not None]


def _trim_moved_blanks(row: Row, width: int) -> Row:
    """A row with more cells after its last label than the table has data columns, the extra ones
    empty at the row's end: the blanks of merged label cells that a text export (`|` rows) moved
    after the numbers (“一、本年新收… | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||”). They are dropped, so
    the numbers keep their columns instead of the first being taken for part of the label. A grid
    that keeps positions marks merged-over cells None and is left as it is."""
    last_label = max((i for i, c in enumerate(row) if c is not None and not looks_like_value(c)), default=-1)
    if last_label < 0:
        return row
    end = len(row)
    while end - last_label - 1 > width and row[end - 1] is not None and not clean(row[end - 1]):
        end -= 1
    after = [c for c in row[last_label + 1:end] if c is not None]
    return row[:end] if end < len(row) and len(after) == width else row


def _grid_text(grid: Iterable[Row]) -> str:
    return label_key("".join(c for row in grid for c in row if c))


class _Extraction:
    def __init__(self) -> None:
        self.last_row: str | None = None
        self.t3_data_rows = 0
        self.t3: dict[str, list[Number]] = {}
        self.t4: list[Number] | None = None
        self.t2: dict[str, list[str]] = {}
        self.t2_format: str | None = None
        self.t2_where: dict[str, tuple[Where, str]] = {}
        self.findings: list[rules.Finding] = []
        self.unreadable: list[dict[str, str | int | None]] = []

    def note(self, rule: str, severity: str, cells: list[str], message: str) -> None:
        self.findings.append(rules.finding(rule, severity, cells, message))

    def numbers(self, texts: list[str], names: list[str], decimal_at: AbstractSet[int] = frozenset(),
                where: Where = (None, None), row: str = "", columns: tuple[str, ...] = ()) -> list[Number]:
        values: list[Number] = []
        for i, (text, name) in enumerate(zip(texts, names)):
            try:
                values.append(parse_number(text, decimal=i in decimal_at))
            except NotANumber:
                values.append(None)
                column = columns[i] if i < len(columns) else ""
                pos = place(where[0], where[1], row, column)
                self.note("extract.unreadable", rules.ERROR, [name],
                          f"单元格内容“{clean(text)}”不是数字" + (f"（{pos}）" if pos else ""))
                self.unreadable.append(_unread(name, text, where, row, column, "不是数字"))
        return values

    def unplaced(self, texts: Iterable[Cell], where: Where, row: str, why: str, table: str) -> None:
        """Numbers printed in a table that no cell of the official table takes: each reported with
        its page, table and row (``extract.unplaced``), never dropped silently."""
        numbers = [clean(t) for t in texts if t and not is_blank(t) and looks_like_value(t)]
        if not numbers:
            return
        pos = place(where[0], where[1], row)
        self.note("extract.unplaced", rules.WARNING, [table],
                  f"{pos + '：' if pos else ''}{'、'.join(numbers)}{why}，未读入任何单元格")
        self.unreadable += [_unread(None, n, where, row, "", why) for n in numbers]

    # table 三
    def applications(self, grid: Sequence[Row]) -> None:
        context: dict[int, str] = {}
        for r, row in enumerate(grid):
            where = row_where(grid, r)
            if "行政复议" in label_key("".join(c for c in row if c)):
                break           # table 四 follows in the same grid
            for c, cell in enumerate(row):
                if cell and not looks_like_value(cell):
                    context[c] = cell
            row = _trim_moved_blanks(row, len(COLUMNS))
            if len(row) > len(COLUMNS):
                # A grid keeps positions: the data cells are the last seven,
                # whatever they hold, so a cell of words is reported, not
                # taken for a label; a number left of them is reported too.
                before = [c for c in row[:-len(COLUMNS)] if c and not is_blank(c)]
                labels = [c for c in before if not looks_like_value(c)]
                values = ["" if c is None else c for c in row[-len(COLUMNS):]]
                if labels:
                    self.unplaced([c for c in before if looks_like_value(c)], where, labels[-1],
                                  "印在行名的位置", "三")
            else:
                labels, values = _split(row)
            if not labels:
                self.unplaced(values, where, _last_label(grid, r), "所在的行没有行名", "三")
                continue
            if not values or any(label_key(label) in _T3_HEADERS for label in labels):
                continue
            if len(values) >= len(COLUMNS) and all(looks_like_value(v) for v in values[-len(COLUMNS):]):
                self.t3_data_rows += 1
            first = row.index(labels[0])
            whole = "".join(context[c] for c in sorted(context) if c < first) + "".join(labels)
            key = _t3_row(labels[-1], whole)
            if key is None or key in self.t3:
                guess = self.similar_row(labels[-1], whole)
                if guess is None:
                    numbers = [clean(v) for v in values if v and not is_blank(v) and looks_like_value(v)]
                    if key is None and numbers:
                        pos = place(*where)
                        self.note("extract.unknown_row", rules.WARNING, ["三"],
                                  f"表三的行“{clean(labels[-1])}”不是官方格式中的行，其数字未读取："
                                  + "、".join(numbers) + (f"（{pos}）" if pos else ""))
                        self.unreadable += [_unread(None, n, where, labels[-1], "", "行名不是官方格式中的行")
                                            for n in numbers]
                    if key is None:
                        continue
                else:
                    key = guess
                    self.note("extract.label_misspelt", rules.WARNING, [f"三.{key}"],
                              f"表三的行名“{clean(labels[-1])}”与官方格式不一致，按位置和相似度读作“{ROW_LABELS[key]}”")
            self.last_row = key
            if key in self.t3:
                self.note("extract.duplicate_row", rules.WARNING, [f"三.{key}"],
                          f"表三“{labels[-1]}”出现了不止一次，只读取第一次")
                self.unplaced(values, where, labels[-1], "所在的行重复", "三")
                continue
            texts = values[-len(COLUMNS):]
            texts = [""] * (len(COLUMNS) - len(texts)) + texts if len(texts) < len(COLUMNS) else texts
            if len(values) < len(COLUMNS):
                self.note("extract.short_row", rules.WARNING, [f"三.{key}"],
                          f"表三“{labels[-1]}”只有{len(values)}个数据单元格（应为7个），缺少的按空白读取")
            self.t3[key] = self.numbers(texts, [cell_name(key, c) for c in range(len(COLUMNS))],
                                        where=where, row=labels[-1], columns=COLUMNS)

    def similar_row(self, label: str, whole: str) -> str | None:
        """The official row a misspelt label stands for (“2.其他法律行政止公开”): a row not read
        yet, judged by how alike the labels are (difflib) and by position — the row that follows
        the one read last in the official order counts extra."""
        key = _NUMBERING.sub("", label_key(label))
        if len(key) < 2:
            return None
        following = _next_rows(self.last_row)
        best, best_score = None, 0.0
        for row in (*REPORT_ROWS_2021, "other"):
            if row in self.t3:
                continue
            official = _NUMBERING.sub("", label_key(ROW_LABELS[row]))
            score = difflib.SequenceMatcher(None, key, official).ratio()
            if row in following:
                score += 0.25
            if score > best_score:
                best, best_score = row, score
        return best if best_score >= _SIMILAR else None

    # table 四
    def disputes(self, grid: Sequence[Row], started: bool = False) -> None:
        for r, row in enumerate(grid):
            text = label_key("".join(c for c in row if c))
            if "行政复议" in text or "结果维持" in text:
                started = True
            _, values = _split(row)
            if not started:
                continue
            where = row_where(grid, r)
            if len(values) >= len(DISPUTE_CELLS) and self.t4 is None:
                texts = values[-len(DISPUTE_CELLS):]
                self.unplaced(values[:-len(DISPUTE_CELLS)], where, "", "多于表四的15个单元格", "四")
                self.t4 = self.numbers(texts, [dispute_cell_name(i) for i in range(len(DISPUTE_CELLS))],
                                       where=where, columns=DISPUTE_CELLS)
            elif len(values) >= len(DISPUTE_CELLS):
                self.unplaced(values, where, "", "是表四的又一行数字", "四")
            else:
                count = sum(1 for v in values if v and not is_blank(v))
                self.unplaced(values, where, "", f"是表四的一行{count}个数字（应为15个）", "四")

    # table 二
    def proactive(self, grid: Sequence[Row]) -> None:
        for r, row in enumerate(grid):
            text = label_key("".join(c for c in row if c))
            if "申请人情况" in text or "新收" in text or "行政复议" in text:
                break           # table 三 or 四 follows in the same grid
            if any(word in text for word in ("本年制发", "本年废止", "现行有效", "本年处理决定数量")):
                self.t2_format = self.t2_format or "2021"
            if any(word in text for word in ("本年新制作", "本年新公开", "对外公开总数量", "上一年项目数量")):
                self.t2_format = self.t2_format or "2019"
            labels, values = _split(row)
            if not labels or not values:
                continue
            key = _match(_T2_NEEDLES, labels[-1])
            where = row_where(grid, r)
            if key is None or key in self.t2:
                why = "所在的行不是官方格式中的行" if key is None else "所在的行与前面的行重名"
                self.unplaced(values, where, labels[-1], why, "二")
                continue
            self.t2[key] = values
            self.t2_where[key] = (where, labels[-1])

    def proactive_table(self, fmt: str) -> dict[str, list[Number]]:
        spec = proactive_for(fmt)
        result = {}
        for key, (label, columns) in spec.items():
            printed = list(self.t2.get(key, []))
            where, row = self.t2_where.get(key, ((None, None), ""))
            self.unplaced(printed[len(columns):], where, row, f"多于“{label}”行的{len(columns)}个单元格", "二")
            texts = printed[:len(columns)]
            texts += [""] * (len(columns) - len(texts))
            decimal = {c for c in range(len(columns)) if _DECIMAL_CELLS.get((key, c)) == fmt}
            names = [f"二.{key}.{col}" for col in columns]
            result[key] = self.numbers(texts, names, decimal, where=where, row=row, columns=columns)
        return result


_SIMILAR = 0.75        # label similarity (position bonus included) for a misspelt row label


def _unread(cell: str | None, text: str | None, where: Where, row: str, column: str,
            why: str) -> dict[str, str | int | None]:
    """One entry of the result's ``unreadable``: a number (or a cell's text) not read into its cell."""
    page, table = where
    return {"cell": cell, "text": clean(text), "page": page, "table": table, "row": clean(row),
            "column": column, "why": why}


def _last_label(grid: Sequence[Row], index: int) -> str:
    """The nearest row label above ``index`` (a row of numbers whose label a merged cell holds)."""
    for row in reversed(grid[:index]):
        labels = [c for c in row if c and not looks_like_value(c)]
        if labels:
            return labels[-1]
    return ""


def _stray(ex: _Extraction, grid: Sequence[Row], table: str) -> None:
    for text, r in getattr(grid, "stray", []):
        if any(ch.isdigit() for ch in text):
            ex.unplaced([text], row_where(grid, r), _last_label(grid, r + 1), "印在表格线上或单元格以外", table)


def _next_rows(last: str | None) -> set[str]:
    """The rows that may follow ``last`` in either format's official order."""
    out = set()
    for rows in (REPORT_ROWS_2021, REPORT_ROWS_2019):
        i = rows.index(last) + 1 if last in rows else 0
        if i < len(rows):
            out.add(rows[i])
    return out


def detect_format(row_keys: Iterable[str], t2_format: str | None = None, t2_keys: Iterable[str] = (),
                  data_rows: int = 0) -> str:
    """The format from the tables' shape, not from one row: each of these votes —

    - table 三 has the three （六） sub-rows (2021) or one （六）其他处理 row (2019);
    - table 三's shape: 25 rows with data cells (2021) or 23 (2019), whatever their labels say;
    - table 二's column headers (本年制发件数 … 2021; 本年新制作数量, 上一年项目数量 … 2019);
    - table 二's rows: 其他对外管理服务事项 and 政府集中采购 exist only in 2019.

    "2021" or "2019" by the majority (a tie goes to table 三's rows); "unknown" without any vote."""
    keys = set(row_keys)
    votes = {"2021": 0, "2019": 0}
    t3_vote = None
    if keys & {"other.1", "other.2", "other.3"}:
        t3_vote = "2021"
    elif "other" in keys:
        t3_vote = "2019"
    if t3_vote:
        votes[t3_vote] += 1
    if data_rows >= 25:
        votes["2021"] += 1
    elif data_rows == 23:
        votes["2019"] += 1
    if t2_format:
        votes[t2_format] += 1
    if set(t2_keys) & {"other_services", "procurement"}:
        votes["2019"] += 1
    if not any(votes.values()):
        return "unknown"
    if votes["2021"] == votes["2019"]:
        return t3_vote or t2_format or "unknown"
    return max(votes, key=lambda fmt: votes[fmt])


def title_unit_year(candidates: Iterable[str]) -> tuple[str | None, int | None]:
    """Unit and year from a title such as “青禾县民政局2025年政府信息公开工作年度报告”,
    “2025年度青禾县民政局政府信息公开工作年度报告” or “盐边县新九镇人民政府 / 关于2021年度政府信息
    公开工作的年度报告” (two lines); a title line without the unit gives the year only if no
    candidate names both."""
    year_only = None
    unit_only = None
    for text in candidates:
        text = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), label_key(text))
        for pattern in _TITLE_PATTERNS:
            m = pattern.search(text)
            if m:
                unit = re.sub(r"关于$", "", m.group("unit").strip("《》<>·-—_、，, ")).strip("《》 ") or None
                if unit:
                    return unit, int(m.group("year"))
                year_only = year_only or int(m.group("year"))
        m = _TITLE_NO_YEAR.match(text.strip("《》 "))
        if m and unit_only is None:
            unit_only = re.sub(r"关于$", "", m.group("unit").strip("《》<>·-—_ ")) or None
    return unit_only, year_only


def running_text_year(paragraphs: list[str]) -> int | None:
    """The report year from the running text, when the title names none: the statistics period, else
    the report named with its year, else the year that most sentences open with (the latest on a tie)."""
    lines = [_CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), clean(p)) for p in paragraphs]
    joined = "".join(lines)[:_RUNNING_TEXT]          # a PDF wraps a sentence over lines
    for pattern in (_PERIOD_YEAR, _NAMED_YEAR):
        m = pattern.search(joined)
        if m:
            return int(m.group(1))
    counts: dict[int, int] = {}
    for m in _OPENING_YEAR.finditer("。".join(lines)[:_RUNNING_TEXT]):
        counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def extract_report(blocks: list[Block], title: str = "") -> dict[str, Any]:
    """``{"format", "unit", "year", "tables", "statements", "sections",
    "findings"}``: the findings are those of reading (unreadable cells,
    missing tables, rows or sections), not of the arithmetic."""
    ex = _Extraction()
    raw = blocks
    blocks = _line_tables(_paragraph_tables(blocks))
    paragraphs = [b for b in blocks if isinstance(b, str)]
    for grid, lead in _join_split_tables(blocks):
        text = _grid_text(grid)
        read = False
        if ("新收" in text and ("结转" in text or "办理结果" in text)) or _has_t3_rows(grid):
            ex.applications(grid)
            read = True
        if ("行政复议" in text and "行政诉讼" in text) or ("尚未审结" in text and text.count("结果维持") >= 2):
            ex.disputes(grid)
            read = True
        elif ex.t4 is None and "直接起诉" in lead and "复议后起诉" in lead and "结果维持" not in text:
            ex.disputes(grid, started=True)     # its head printed as lines of text above the numbers
            read = True
        if "第二十条" in text or "信息内容" in text or any(w in text for _, ws in _T2_NEEDLES for w in ws):
            ex.proactive(grid)
            read = True
        if not read:       # a row of numbers in a table no rule reads (a layout table's lone numbers are not)
            for r, row in enumerate(grid):
                if sum(1 for c in row if c and not is_blank(c) and looks_like_value(c)) >= 3:
                    ex.unplaced(row, row_where(grid, r), _last_label(grid, r + 1), "所在的表格不是表二、表三或表四",
                                "表格")
        _stray(ex, grid, "三" if "新收" in text else "四" if "行政复议" in text else "二")
    fmt = detect_format(ex.t3, ex.t2_format, ex.t2, ex.t3_data_rows)
    unit, year = title_unit_year([title, *_title_lines(paragraphs[:8])])
    if year is None:       # a one-column "table" is a text frame (a PDF page read as one): running text too
        framed = [row[0] for b in raw if not isinstance(b, str) and all(len(row) <= 1 for row in b)
                  for row in b if row and isinstance(row[0], str)]
        year = running_text_year(paragraphs + framed)
    layout = fmt if fmt != "unknown" else "2021"
    tables: dict[str, Any] = {"proactive": {}, "applications": {}, "disputes": None}
    missing_is = rules.WARNING if (year and year < 2019) else rules.ERROR
    if ex.t3:
        rows = rows_for(layout)
        tables["applications"] = {row: ex.t3.get(row, [None] * len(COLUMNS)) for row in rows}
        absent = [row for row in rows if row not in ex.t3]
        if absent:
            ex.note("extract.t3_row_missing", rules.WARNING, [f"三.{row}" for row in absent],
                    "表三缺少以下行，按空白读取：" + "、".join(ROW_LABELS[row] for row in absent))
    else:
        ex.note("structure.t3_missing", missing_is, ["三"], "未找到表三（收到和处理政府信息公开申请情况）")
    if ex.t4 is not None:
        tables["disputes"] = ex.t4
    else:
        ex.note("structure.t4_missing", missing_is, ["四"], "未找到表四（政府信息公开行政复议、行政诉讼情况）")
    if ex.t2:
        t2_layout = ex.t2_format or layout
        tables["proactive"] = ex.proactive_table(t2_layout)
        wanted = PROACTIVE_2019 if t2_layout == "2019" else PROACTIVE_2021
        absent = [key for key in wanted if key not in ex.t2]
        if absent:
            ex.note("extract.t2_row_missing", rules.WARNING, [f"二.{key}" for key in absent],
                    "表二缺少以下行：" + "、".join(wanted[key][0] for key in absent))
    else:
        ex.note("structure.t2_missing", missing_is, ["二"], "未找到表二（主动公开政府信息情况）")
    headings = find_headings(paragraphs)
    sections = _missing_sections(headings)
    for label in sections:
        ex.note("structure.section_missing", rules.WARNING, [], f"未找到“{label}”部分")
    return {
        "format": fmt, "unit": unit, "year": year, "tables": tables,
        "statements": find_statements("\n".join(paragraphs)),
        "headings": headings, "findings": ex.findings, "unreadable": ex.unreadable,
    }


def _title_lines(paragraphs: list[str]) -> list[str]:
    """Each of the first paragraphs, then runs of two and three joined: a PDF title wraps
    (“青禾县民政局2025年” / “政府信息公开工作年度报告”)."""
    out = list(paragraphs)
    short = [p if len(clean(p)) <= 40 else None for p in paragraphs]
    for n in (2, 3):
        out += ["".join(p or "" for p in short[i:i + n]) for i in range(len(short) - n + 1) if None not in short[i:i + n]]
    for n in (2, 3):       # a year set in another font is read out of line order (“年上海市…” / “2019”)
        for i in range(len(short) - n + 1):
            run = short[i:i + n]
            if None not in run and any(_YEAR_ONLY.match(clean(p)) for p in run):
                out += ["".join(p or "" for p in order) for order in itertools.permutations(run)]
    return out


def find_headings(paragraphs: list[str]) -> list[str]:
    """Section headings (一、总体情况 …): a paragraph that is one, a paragraph that starts with one
    and runs on into its text (a PDF line), or a numeral alone joined to the next line."""
    out = []
    for i, raw in enumerate(paragraphs):
        text = clean(raw)
        if _NUMERAL_ONLY.match(text) and i + 1 < len(paragraphs):
            text = text + clean(paragraphs[i + 1])
        m = _HEADING.match(text)
        if m:
            out.append(m.group(0))
            continue
        m = _HEADING_START.match(text)
        if m and any(w in label_key(m.group(1)) for _, words in _SECTION_TOPICS for w in words):
            out.append(m.group(0))
    return out


_ROW_START = re.compile(r"^(?:[一二三四五六七八九十]{1,2}[、.．]|[(（][一二三四五六七八九十]{1,2}[)）]|\d{1,2}[.．、])")
_CELL_PARAGRAPH = 60          # a table cell copied as a line of text is short


def _is_number_line(text: str) -> bool:
    return (bool(clean(text)) and looks_like_value(text) and not is_blank(text)) or clean(text) in ("0", "-", "—", "/")


def _paragraph_tables(blocks: Iterable[Block]) -> list[Block]:
    """Tables copied from a web page as one cell per line (“规章” / “0” / “0” / “0”) rebuilt into
    grids: in a run of short paragraphs with numbers among them, each row is the label lines before
    a group of number lines; a line that starts a numbered row label (一、 （一） 1.) starts a new
    row; a section heading (三、收到和处理…) ends the table and stays a paragraph."""
    out: list[Block] = []
    run: list[str] = []

    def flush() -> None:
        if sum(_is_number_line(p) for p in run) >= 6:
            out.append(_rows_from_lines(run))
        else:
            out.extend(run)
        run.clear()

    for block in blocks:
        text = clean(block) if isinstance(block, str) else None
        if text is None or len(text) > _CELL_PARAGRAPH or _is_section_heading(text):
            flush()
            out.append(block)
        elif text.strip("|") != "":
            run.append(text.strip("| ").strip())
    flush()
    return out


# A table row printed as one line of text — a label, then three or more numbers — or a line of
# numbers alone: “四、结转下年度继续办理 0 0 0 0 0 0 0” (a PDF whose table rulings the reader does not see).
_NUMBER_RUN = re.compile(r"^(?:(?P<label>\S.*?[^\d\s.,，、])\s+)?(?P<numbers>[+-]?\d+(?:\.\d+)?(?:\s+[+-]?\d+(?:\.\d+)?){2,})$")


def _number_run(text: str | None) -> list[str] | None:
    """[label, n1, n2 …] (or [n1, n2 …]) for a line holding a row's cells; None otherwise."""
    m = _NUMBER_RUN.match(clean(text)) if text else None
    if not m or (m.group("label") is None and len(m.group("numbers").split()) < 5):
        return None
    return ([m.group("label")] if m.group("label") else []) + m.group("numbers").split()


def _split_runs(grid: Sequence[Row]) -> Grid:
    """Rows of a grid whose one cell holds a whole row (“0 0 0 … 0”, “label 0 0 0”) split into cells."""
    out = Grid()
    out.where, out.stray = _where_list(grid), list(getattr(grid, "stray", []))
    for row in grid:
        filled = [c for c in row if c is not None and clean(c)]
        run = _number_run(filled[0]) if len(filled) == 1 else None
        out.append(run if run else row)
    return out


def _line_tables(blocks: list[Block]) -> list[Block]:
    """Runs of paragraphs that are table rows printed as lines (see ``_NUMBER_RUN``) made into grids,
    and grid rows holding a whole row in one cell split, so that their numbers reach their cells."""
    out: list[Block] = []
    run: list[list[str]] = []
    for block in blocks + [None]:
        cells = _number_run(block) if isinstance(block, str) else None
        if cells:
            run.append(cells)
            continue
        if run:
            out.append(Grid(run))
            run = []
        if block is not None:
            out.append(block if isinstance(block, str) else _split_runs(block))
    return out


def _has_t3_rows(grid: Iterable[Row]) -> bool:
    """A piece of table 三 without its head (the rest of it on a page before): a row labelled like one
    of its detail rows, with seven numbers."""
    for row in grid:
        labels = [c for c in row if c and not looks_like_value(c)]
        values = [c for c in row if c is not None and looks_like_value(c) and not is_blank(c)]
        if labels and len(values) >= len(COLUMNS) and \
                _t3_row(labels[-1], "".join(labels)) not in (None, "total", "other", "other.3"):
            return True
    return False


def _is_section_heading(text: str) -> bool:
    m = _HEADING.match(text)
    if not m:
        return False
    return any(w in label_key(m.group(1)) for _, words in _SECTION_TOPICS for w in words) \
        and not any(w in text for w in ("本年", "上年", "结转", "办理结果"))


def _rows_from_lines(lines: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    labels: list[str] = []
    values: list[str] = []
    for line in lines:
        if _is_number_line(line):
            values.append(line)
            continue
        if values or (_ROW_START.match(line) and labels):
            rows.append(labels + values)
            labels, values = [], []
        labels.append(line)
    if labels or values:
        rows.append(labels + values)
    return rows


def _join_split_tables(blocks: Iterable[Block]) -> list[tuple[Sequence[Row], str]]:
    """(grid, the text of the paragraphs just before it) pairs, with a table that a page break split
    joined into one: two grids with nothing between them but scraps (a page number, a word of a
    merged cell that the break cut off)."""
    grids: list[tuple[Sequence[Row], str]] = []
    joinable = False
    lead: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            joinable = joinable and len(block.replace(" ", "")) <= 6
            lead = (lead + [block])[-_LEAD_LINES:]
            continue
        if joinable and grids:
            grids[-1] = (Grid.__add__(grids[-1][0], block), grids[-1][1])
        elif block:
            grids.append((block, label_key("".join(lead))))
        lead = []
        joinable = bool(grids)
    return grids


_LEAD_LINES = 12           # paragraphs above a grid that may be its head (table 四's, printed as lines)


def _missing_sections(headings: list[str]) -> list[str]:
    if not headings:
        return []
    text = "".join(label_key(h) for h in headings)
    return [label for label, words in _SECTION_TOPICS if not any(w in text for w in words)]


def inspect_blocks(blocks: list[Block], title: str = "", previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Read and check a report: ``extract_report`` plus every rule of
    ``rules.py``; ``previous`` is last year's ``inspect_blocks`` result, for the
    cross-year rules."""
    report = extract_report(blocks, title)
    fmt = report["format"] if report["format"] != "unknown" else "2021"
    prev_tables = prev_fmt = None
    if previous:
        prev_tables = previous["tables"]
        prev_fmt = previous["format"] if previous["format"] != "unknown" else "2021"
    report["findings"] += rules.check_report(report["tables"], fmt, report["statements"], prev_tables, prev_fmt)
    return report
