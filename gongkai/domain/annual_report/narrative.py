"""Numbers that a report's prose states about its tables, e.g. “共收到政府信息
公开申请749件…办理718件，结转下一年31件”, “被申请行政复议3件”, so that
``rules.check_narrative`` can compare them with tables 三 and 四.

Reading prose is heuristic: only the first clear statement of each kind is
taken, and only Arabic numerals (full-width ones included) are read. A
statement that the text negates (“未发生行政复议”, “无行政诉讼”) counts as 0.
"""
from __future__ import annotations

import re
from typing import TypedDict

from .normalize import clean

__all__ = ["KINDS", "find_statements"]

_N = r"(\d+)\s*(?:件|起|宗|个|条)"
_GAP = r"[^。；;，,:：\n\d]{0,24}?"      # a few words, no sentence break, no other number
_GAP_CASE = r"(?:(?!复议|诉讼)[^。；;，,:：\n\d]){0,24}?"   # ... nor the other kind of case
_GAP_LONG = r"[^。；;\n\d]{0,40}?"

_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "received": [
        re.compile(rf"(?:新收|收到|接收|受理){_GAP}公开申请{_GAP}(?:共计|共|合计)?{_N}"),
        re.compile(rf"(?:新收|收到|受理){_GAP}(?:共计|共|合计)?{_N}{_GAP}(?:政府信息公开|信息公开|依申请公开)申请"),
    ],
    "carried_in": [re.compile(rf"上(?:一)?年(?:度)?结转{_GAP}{_N}")],
    "processed": [re.compile(rf"(?:办结|办理完毕|办理完结|答复|(?<!继续)办理(?!结果)){_GAP}(?:共计|共|合计)?{_N}")],
    "carried_out": [re.compile(rf"结转(?:至|到)?(?:下一?年度?|\d{{4}}年度?){_GAP}(?:继续办理)?{_GAP}{_N}")],
    "reconsideration": [re.compile(rf"行政复议(?:案件|申请)?{_GAP_CASE}(?:共计|共|合计)?{_N}")],
    "litigation": [re.compile(rf"行政诉讼(?:案件)?{_GAP_CASE}(?:共计|共|合计)?{_N}")],
    "disputes": [re.compile(rf"(?:复议|诉讼)(?:和|及|与|、)(?:行政)?(?:复议|诉讼){_GAP_LONG}(?:相关)?案件{_GAP}(?:共计|共|合计)?{_N}")],
}
_NONE = {
    "reconsideration": re.compile(r"(?:未发生|没有|无|未收到|未被申请|未有)[^。；;\d]{0,12}行政复议"),
    "litigation": re.compile(r"(?:未发生|没有|无|未被|未有)[^。；;\d]{0,16}行政诉讼"),
}
KINDS = tuple(_PATTERNS)


class Statement(TypedDict):
    value: int
    text: str       # the matched words


def find_statements(text: str) -> dict[str, Statement]:
    """``{kind: {"value": int, "text": the matched words}}`` for the kinds the
    text states; kinds in ``KINDS``."""
    text = "\n".join(clean(line).replace(" ", "") for line in text.splitlines())
    found: dict[str, Statement] = {}
    for kind, patterns in _PATTERNS.items():
        best: re.Match[str] | None = None
        for pattern in patterns:
            m = pattern.search(text)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best:
            found[kind] = {"value": int(best.group(1)), "text": best.group(0)}
    for kind, pattern in _NONE.items():
        m = pattern.search(text)
        if m and kind not in found:
            found[kind] = {"value": 0, "text": m.group(0)}
    # “收到…749件…共办理718件”: the processed pattern must not re-read the
    # received number, nor the carried-over one.
    if "processed" in found and "received" in found and found["processed"]["text"] == found["received"]["text"]:
        del found["processed"]
    return found
