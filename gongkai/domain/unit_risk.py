"""Which units a supervisor should look at first (单位风险排序). No Django.

A unit's risk is what would cost it in the assessment or in court if nobody acts today:
an application already past its answer deadline (条例第三十三条) or a serious website problem
(单项否决) weighs most; an annual report not published after its deadline (第四十九条) and an
item past its 20-working-day publication limit next; an application due within 3 working days
is a warning. Each signal comes with the sentence the supervisor reads, so the ordering is
never a bare number.
"""
from __future__ import annotations

from dataclasses import dataclass

HIGH, MEDIUM, LOW, NONE = "high", "medium", "low", "none"
LEVEL_LABELS = {HIGH: "高", MEDIUM: "中", LOW: "低", NONE: "无"}

# (signal, weight per occurrence, level it raises the unit to at least, sentence)
SIGNALS = (
    ("overdue_applications", 10, HIGH, "{n}件申请已超过答复期限"),
    ("serious_findings", 10, HIGH, "网站有{n}个严重问题未整改（单项否决）"),
    ("report_late", 8, HIGH, "上年度报告已过发布期限仍未发布"),
    ("overdue_items", 3, MEDIUM, "{n}条主动公开信息超过发布期限未发布"),
    ("open_findings", 1, LOW, "网站有{n}个问题待整改"),
    ("due_soon_applications", 2, LOW, "{n}件申请3个工作日内到期"),
    ("interpretations_missing", 2, LOW, "{n}份须解读的文件发布后未按时发布政策解读"),
    # 政务咨询 (voice.md §2.4): 国办秘函〔2019〕19号 veto line, the 60-day warning, the unit's promise
    ("consult_veto", 10, HIGH, "{n}条网民留言超过3个月未答复（单项否决）"),
    ("consult_warning", 3, MEDIUM, "{n}条网民留言已满60天未答复（预警）"),
    ("consult_overdue", 1, LOW, "{n}条网民留言超过承诺期限未答复"),
)
_ORDER = {NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3}


@dataclass(frozen=True)
class Reason:
    signal: str
    count: int
    text: str


@dataclass(frozen=True)
class Risk:
    score: int
    level: str
    reasons: tuple[Reason, ...]

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


def assess(counts: dict[str, int]) -> Risk:
    """The risk of one unit from its counts (missing signals count 0; ``report_late`` is 0 or 1)."""
    score, level, reasons = 0, NONE, []
    for signal, weight, raises, sentence in SIGNALS:
        n = int(counts.get(signal, 0) or 0)
        if n <= 0:
            continue
        score += weight * n
        level = raises if _ORDER[raises] > _ORDER[level] else level
        reasons.append(Reason(signal, n, sentence.format(n=n)))
    return Risk(score, level, tuple(reasons))


def ranked(units_counts: list[tuple[object, dict[str, int]]]) -> list[tuple[object, Risk]]:
    """Units with any risk, most at risk first (level, then score); ties keep the input order."""
    rows = [(unit, assess(counts)) for unit, counts in units_counts]
    rows = [row for row in rows if row[1].level != NONE]
    return sorted(rows, key=lambda row: (-_ORDER[row[1].level], -row[1].score))
