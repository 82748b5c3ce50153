"""Sentences of the 依申请公开 letters that depend on the case: what was asked, how the
information is provided, and where the applicant can seek a remedy.

Remedy bodies follow the law rather than a blank to fill in:
- 行政复议法 (2023 revision) 第二十四条: the county government (县级人民政府) hears reconsiderations
  of its departments, of the townships below it and of its 街道办事处 (派出机关); a county
  government's own acts go to the government one level up.
- 行政诉讼法 第十八条 and 第十五条: the basic court where the office sits; a county government's
  own acts go to the intermediate court.
- Time limits: 行政复议法 第二十条 (60 days), 行政诉讼法 第四十六条 (6 months), from the day the
  applicant knew of the act.
"""
from __future__ import annotations

import re

_ASKING = re.compile(r"^(?:申请|要求|请求)?(?:公开|获取|提供)")
_END = "。.；;，,！!？? \u3000"
UPPER_GOVERNMENT = "上一级人民政府"
INTERMEDIATE_COURT = "有管辖权的中级人民法院"


def quoted_request(description: str) -> str:
    """The request as it reads inside 申请获取“…”: no leading 申请公开, no closing full stop."""
    text = " ".join((description or "").split())
    text = _ASKING.sub("", text, count=1).strip() or text
    return text.rstrip(_END) or "—"


def remedy_bodies(office_is_county_government: bool, county_government: str) -> tuple[str, str]:
    """(复议机关, 管辖法院) for an office, given the county government above it (or itself)."""
    if office_is_county_government:
        return UPPER_GOVERNMENT, INTERMEDIATE_COURT
    place = county_government.removesuffix("人民政府") if county_government else ""
    court = f"{place}人民法院" if place else "本机关所在地的基层人民法院"
    return county_government or "本级人民政府", court


def remedy_sentence(reconsideration_body: str, court: str) -> str:
    return (f"如对本告知不服，可以自知道该行政行为之日起60日内向{reconsideration_body}申请行政复议，"
            f"或者自知道该行政行为之日起6个月内向{court}提起行政诉讼。")


def provision_sentence(info_form: str, delivery: str) -> str:
    """How and where the information is provided (条例第四十条), from the applicant's own choices."""
    return f"本机关按您申请时选择的方式提供：信息形式为{info_form}，获取途径为{delivery}。"
