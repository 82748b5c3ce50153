"""Reconsideration and litigation about disclosure (政府信息公开行政复议、行政诉讼), counted
for table 四 of the annual report (domain.md §2.5): 15 cells, for 行政复议, then 行政诉讼
未经复议直接起诉, then 复议后起诉: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.

Counting rule (the format is silent; Shanghai's note “数量含上年度结转数量” is followed):
a case counts in ``year`` when it was filed in that year, or filed earlier and not closed
before 1 January of that year. Its outcome is the one known at 31 December; a case closed
later is 尚未审结 for that year.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

RECONSIDERATION = "reconsideration"
LITIGATION_DIRECT = "litigation_direct"
LITIGATION_AFTER = "litigation_after"
KINDS = (RECONSIDERATION, LITIGATION_DIRECT, LITIGATION_AFTER)

UPHELD = "upheld"
CORRECTED = "corrected"
OTHER = "other"
PENDING = "pending"
OUTCOMES = (UPHELD, CORRECTED, OTHER, PENDING)


@dataclass(frozen=True)
class Case:
    kind: str
    outcome: str
    filed: dt.date
    closed: dt.date | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"未知的案件类型：{self.kind}")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"未知的案件结果：{self.outcome}")
        if self.outcome == PENDING and self.closed:
            raise ValueError("尚未审结的案件不能填写审结日期")
        if self.outcome != PENDING and not self.closed:
            raise ValueError("已有结果的案件须填写审结日期")
        if self.closed and self.closed < self.filed:
            raise ValueError("审结日期不能早于立案（申请）日期")

    def counts_in(self, year: int) -> bool:
        return self.filed.year <= year and (self.closed is None or self.closed.year >= year)

    def outcome_at_end_of(self, year: int) -> str:
        return self.outcome if self.closed and self.closed.year <= year else PENDING


def table_four_cells(cases: Collection[Case], year: int) -> list[int]:
    """The 15 cells of table 四 for ``year``."""
    cells = []
    for kind in KINDS:
        row = [0, 0, 0, 0]
        for case in cases:
            if case.kind == kind and case.counts_in(year):
                row[OUTCOMES.index(case.outcome_at_end_of(year))] += 1
        cells += row + [sum(row)]
    return cells
