"""The drafted prose of an annual report (政府信息公开工作年度报告), written from the same figures
as its tables so that every number in the text agrees with them.

Sections follow the 2021 format: 一、总体情况 (five parts), 二–四 are the tables, 五、存在的主要问题
及改进情况 (last year's problems carried forward, each to be answered), 六、其他需要报告的事项
(信息处理费, the year's 政策解读 and 政务咨询 figures, and what the office adds). The sentences are the ones the inspector's narrative reader
(``annual_report.narrative``) understands, so a report we draft passes our own inspection.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SECTION_TITLES", "FeeFacts", "ReportFacts", "VoiceFacts", "draft", "full_text", "problems_from", "voice_text"]

SECTION_TITLES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "disputes": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
TOTAL = 6   # the 总计 column of table 三


@dataclass(frozen=True)
class FeeFacts:
    """信息处理费 of the year: notices issued, their amount, the amount actually collected (元)."""

    notices: int = 0
    noticed_amount: int = 0
    collected: int = 0


@dataclass(frozen=True)
class VoiceFacts:
    """政策解读 and 政务咨询 figures of the year (voice.md §2.4, §3.3), cited in section 六.
    ``consultations_received`` is None when the platform has no consultation channel."""

    interpretations: int = 0
    policies: int = 0
    policies_with_interpretation: int = 0
    late_interpretations: int = 0
    limit_workdays: int = 3
    consultations_received: int | None = None
    consultations_answered: int = 0
    average_reply_workdays: float | None = None
    consultations_published: int = 0


@dataclass(frozen=True)
class ReportFacts:
    """Everything the draft states, each figure from the platform's records."""

    unit_name: str
    year: int
    items_published: int
    items_by_category: tuple[tuple[str, int], ...]
    items_by_channel: tuple[tuple[str, int], ...]
    items_repealed: int
    applications: dict[str, list[int]]
    disputes: list[int]
    fees: FeeFacts = FeeFacts()
    platform_facts: str = ""
    supervision_facts: str = ""
    previous_problems: tuple[str, ...] = field(default_factory=tuple)
    voice: VoiceFacts = VoiceFacts()


def _listing(pairs: tuple[tuple[str, int], ...], unit: str) -> str:
    return "、".join(f"{name}{count}{unit}" for name, count in pairs if count)


def _proactive(f: ReportFacts) -> str:
    text = f"（一）主动公开。{f.year}年，{f.unit_name}主动公开政府信息{f.items_published}条"
    if by_category := _listing(f.items_by_category, "条"):
        text += f"，其中{by_category}"
    text += "。"
    if by_channel := _listing(f.items_by_channel, "条次"):
        text += f"按公开渠道统计，{by_channel}。"
    return text


def _on_application(f: ReportFacts) -> str:
    t = f.applications
    new, carried_in = t["new"][TOTAL], t["carried_in"][TOTAL]
    total, carried_out = t["total"][TOTAL], t["carried_out"][TOTAL]
    return (f"（二）依申请公开。{f.year}年新收政府信息公开申请{new}件，上年结转{carried_in}件；"
            f"本年办结{total}件，结转下年度继续办理{carried_out}件。")


def _disputes_sentence(f: ReportFacts) -> str:
    reconsideration = f.disputes[4]
    litigation = f.disputes[9] + f.disputes[14]
    first = f"被申请行政复议{reconsideration}件" if reconsideration else "未被申请行政复议"
    second = f"被提起行政诉讼{litigation}件" if litigation else "未被提起行政诉讼"
    return f"因政府信息公开工作{first}，{second}。"


def _management(f: ReportFacts) -> str:
    text = "（三）政府信息管理。严格落实保密审查和“先审后发”制度"
    if f.items_repealed:
        text += f"，本年废止规章和行政规范性文件{f.items_repealed}条并在网站标注"
    return text + "。"


def draft(f: ReportFacts) -> dict[str, str | list[dict[str, str]]]:
    """The narrative dict stored on a report: section texts, problems to answer, other matters."""
    platform = f.platform_facts.strip() or "通过政府网站政府信息公开专栏、政务公开栏等渠道发布信息，定期检查栏目更新情况。"
    supervision = f.supervision_facts.strip() or "将政府信息公开工作纳入年度目标考核，组织工作人员学习《中华人民共和国政府信息公开条例》。"
    overview = "\n".join([
        f"{f.year}年，{f.unit_name}认真贯彻落实《中华人民共和国政府信息公开条例》，现将本年度政府信息公开工作情况报告如下。",
        _proactive(f), _on_application(f) + _disputes_sentence(f), _management(f),
        f"（四）平台建设。{platform}", f"（五）监督保障。{supervision}",
    ])
    return {
        "overview": overview,
        "problems": [{"problem": p, "improvement": ""} for p in f.previous_problems],
        "new_problems": "",
        "other": "\n".join(part for part in (_fees(f.fees), voice_text(f.voice)) if part),
        "other_added": "",
    }


def _fees(fees: FeeFacts) -> str:
    if not fees.notices and not fees.collected:
        return "本年度未发出信息处理费收费通知，未收取信息处理费。"
    return (f"本年度依据《政府信息公开信息处理费管理办法》发出收费通知{fees.notices}份，"
            f"通知金额{fees.noticed_amount}元，实际收取信息处理费{fees.collected}元。")


def voice_text(v: VoiceFacts) -> str:
    """政策解读 and 政务咨询 of the year in one paragraph, or "" when there is nothing to cite.
    Worded so that the inspector's narrative reader does not take these numbers for table 三's
    (no 申请, 办结, 答复 or 办理 before a count)."""
    parts = []
    if v.interpretations or v.policies:
        text = f"本年度发布政策解读{v.interpretations}条"
        if v.policies:
            text += f"，需要解读的政策文件{v.policies}份、其中{v.policies_with_interpretation}份已同步发布解读"
        if v.late_interpretations:
            text += f"，{v.late_interpretations}条解读晚于文件发布超过{v.limit_workdays}个工作日"
        parts.append(text)
    if v.consultations_received is not None and (v.consultations_received or v.consultations_answered):
        text = f"通过政务咨询渠道收到群众留言{v.consultations_received}条，已回复{v.consultations_answered}条"
        if v.average_reply_workdays is not None:
            text += f"，平均{v.average_reply_workdays:.1f}个工作日内回复"
        if v.consultations_published:
            text += f"，在网站公开问答{v.consultations_published}条"
        parts.append(text)
    return "；".join(parts) + "。" if parts else ""


def problems_from(narrative: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The problems a report states for next year to answer: its new problems, one per line."""
    lines = (narrative or {}).get("new_problems", "").splitlines()
    return tuple(line.strip() for line in lines if line.strip())


def full_text(narrative: Mapping[str, Any]) -> str:
    """All prose of a narrative in reading order, for the narrative rules."""
    parts = [narrative.get("overview", "")]
    for row in narrative.get("problems", []):
        parts += [row.get("problem", ""), row.get("improvement", "")]
    parts += [narrative.get("new_problems", ""), narrative.get("other", ""), narrative.get("other_added", "")]
    return "\n".join(p for p in parts if p)
