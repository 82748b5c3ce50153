"""政策解读 (policy interpretation) rules: which documents need one, the approval gate
(同步起草、同步审签、同步发布), lateness and the yearly counts.

Pure Python, no Django. The catalog (``gongkai.catalog.interpretations``) feeds it rows.

Rules (voice spec §3):
- A document needs a 解读 when its 体裁 is 规章 or 行政规范性文件, or the unit flagged it
  (涉及切身利益、需广泛知晓).
- Approval gate: a document that needs a 解读 is approved only when a linked 解读 is in the same
  review (submitted, approved or already published), or the reviewer records why not.
- Lag = working days from the document's publication to the 解读's: ``on_time`` ≤ 0,
  ``within_limit`` ≤ N, ``late`` > N, ``missing`` (none, no exemption, N passed). N defaults to
  3 working days (a local rule, [V-local]; configurable). When the calendar lacks a year, calendar
  days are counted instead (never fewer than working days, so nothing late is missed).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

POLICY_GENRES = frozenset({"规章", "行政规范性文件"})
INTERPRETATION_GENRE = "政策解读"
DEFAULT_LIMIT_WORKDAYS = 3

# 解读形式 (form) → label; and the 报表 class each form counts under (mapping [unverified]).
FORMS: dict[str, str] = {
    "text": "文字解读",
    "qa": "政策问答",
    "leader": "负责人解读",
    "expert": "专家解读",
    "graphic": "图片解读（图解、图表、漫画）",
    "video": "视频解读",
    "audio": "音频解读",
    "animation": "动画解读",
    "press": "新闻发布会",
    "interview": "在线访谈",
    "media": "媒体专访、评论文章",
}
MATERIAL, PRODUCT, MEDIA_ARTICLE = "解读材料", "解读产品", "媒体评论文章"
REPORT_CLASS: dict[str, str] = {
    "text": MATERIAL, "qa": MATERIAL, "leader": MATERIAL, "expert": MATERIAL, "press": MATERIAL,
    "interview": MATERIAL,
    "graphic": PRODUCT, "video": PRODUCT, "audio": PRODUCT, "animation": PRODUCT,
    "media": MEDIA_ARTICLE,
}
MEDIA_FORMS = frozenset({"video", "audio", "press", "interview"})  # a media link is expected
TEXT_FORMS = frozenset({"text", "qa", "leader", "expert"})


class Calendar(Protocol):
    def between(self, start: dt.date, end: dt.date) -> int: ...


class Lag(StrEnum):
    ON_TIME = "on_time"
    WITHIN_LIMIT = "within_limit"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"      # none yet, but the limit has not passed


LAG_LABELS = {Lag.ON_TIME: "同步发布", Lag.WITHIN_LIMIT: "在时限内发布", Lag.LATE: "解读发布滞后",
              Lag.MISSING: "未发布解读", Lag.PENDING: "解读待发布"}


def needs_interpretation(genre_name: str | None, flagged: bool = False) -> bool:
    """Whether a document must have a 解读: 规章 and 行政规范性文件 always, others when flagged."""
    return flagged or (genre_name or "") in POLICY_GENRES


def report_class(form: str) -> str:
    """The 政府网站工作年度报表 class (解读材料 / 解读产品 / 媒体评论文章) of a form."""
    return REPORT_CLASS.get(form, MATERIAL)


class GateRefusal(Exception):
    """The approval gate refuses; the message is for the reviewer (Chinese)."""


def check_gate(needs: bool, linked_in_review: int, exempt_reason: str) -> str:
    """The approval gate. Returns the exemption reason to store ("" when none is needed);
    raises ``GateRefusal`` when the document needs a 解读, none is in the review and no reason
    is given."""
    reason = exempt_reason.strip()
    if not needs or linked_in_review > 0:
        return ""
    if not reason:
        raise GateRefusal("该文件须同步发布政策解读（同步起草、同步审签、同步发布）：请先录入并提交关联的解读，"
                          "或填写不发布解读的理由")
    if len(reason) < 4:
        raise GateRefusal("不发布解读的理由过短，请写明原因")
    return reason


def lag_days(cal: Calendar | None, document: dt.date, interpretation: dt.date) -> int:
    """Days from the document's publication to the 解读's (working days; calendar days when the
    calendar cannot count them); negative when the 解读 came first."""
    if interpretation <= document:
        return -(document - interpretation).days
    if cal is not None:
        try:
            return cal.between(document, interpretation)
        except LookupError:
            pass
    return (interpretation - document).days


def classify(cal: Calendar | None, document: dt.date, interpretation: dt.date | None, today: dt.date,
             limit: int = DEFAULT_LIMIT_WORKDAYS, exempt: bool = False) -> Lag | None:
    """The lag class of one document given its first published 解读 (None for an exempt document
    without one)."""
    if interpretation is not None:
        days = lag_days(cal, document, interpretation)
        if days <= 0:
            return Lag.ON_TIME
        return Lag.WITHIN_LIMIT if days <= limit else Lag.LATE
    if exempt:
        return None
    return Lag.MISSING if lag_days(cal, document, today) > limit else Lag.PENDING


@dataclass(frozen=True)
class PolicyRow:
    """One published document needing a 解读: its publication date, the publication dates of its
    published 解读, and whether the reviewer exempted it."""

    published: dt.date
    interpretations: tuple[dt.date, ...] = ()
    exempt: bool = False


@dataclass(frozen=True)
class InterpretationRow:
    """One published 解读: its date, form, and the publication dates of its published documents."""

    published: dt.date
    form: str
    documents: tuple[dt.date, ...] = ()


def figures(cal: Calendar | None, policies: Iterable[PolicyRow], interpretations: Iterable[InterpretationRow],
            today: dt.date, limit: int = DEFAULT_LIMIT_WORKDAYS) -> dict[str, int]:
    """The yearly counts (board, assessment, 政府网站工作年度报表).

    ``policies_without_interpretation`` counts documents with no published 解读 and no exemption;
    ``late_interpretations`` counts 解读 published more than ``limit`` days after the earliest
    published document they explain; ``policies_late`` counts documents whose first 解读 was late."""
    out = {"interpretations": 0, "policies": 0, "policies_with_interpretation": 0,
           "policies_without_interpretation": 0, "policies_exempt": 0, "policies_late": 0,
           "late_interpretations": 0, "interpretation_materials": 0, "interpretation_products": 0,
           "interpretation_media_articles": 0, "non_text_interpretations": 0, "leader_interpretations": 0}
    for p in policies:
        out["policies"] += 1
        first = min(p.interpretations) if p.interpretations else None
        if first is None:
            out["policies_exempt" if p.exempt else "policies_without_interpretation"] += 1
            continue
        out["policies_with_interpretation"] += 1
        if classify(cal, p.published, first, today, limit) is Lag.LATE:
            out["policies_late"] += 1
    keys = {MATERIAL: "interpretation_materials", PRODUCT: "interpretation_products",
            MEDIA_ARTICLE: "interpretation_media_articles"}
    for i in interpretations:
        out["interpretations"] += 1
        out[keys[report_class(i.form)]] += 1
        if i.form not in TEXT_FORMS:
            out["non_text_interpretations"] += 1
        if i.form == "leader":
            out["leader_interpretations"] += 1
        if i.documents and lag_days(cal, min(i.documents), i.published) > limit:
            out["late_interpretations"] += 1
    return out
