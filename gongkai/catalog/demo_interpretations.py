"""Demo 政策解读: every demo document that needs a 解读 (规章, 行政规范性文件) gets one, drafted by
the same clerk and submitted with it, so the reviewer's approval meets the 同步审签 gate and the
publication releases both (同步发布) — the demo goes through the real workflow, as a clerk would.

Called by ``gongkai.demo.items.Loader.load`` just before a document is approved:
``demo_interpretations.seed(self, item, plan)``.
"""
from __future__ import annotations

import re

from . import interpretation_services, services

_FORMS = ("text", "qa", "leader", "graphic", "text", "expert")
_SECTIONS = (
    ("一、制定背景", "为贯彻落实上级有关部署，结合本地实际，{unit}起草了《{short}》。"),
    ("二、主要内容", "《{short}》共分总则、具体措施、监督管理和附则四部分，明确了适用范围、办理程序和责任分工。"),
    ("三、适用对象", "本辖区内的居民群众、相关企业和社会组织。"),
    ("四、解读机关及联系方式", "解读机关：{unit}。如对文件内容有疑问，可在工作日到便民服务中心咨询。"),
)


def short_title(title: str) -> str:
    """The document's name inside 《》 when the title is 关于印发《…》的通知, else the title."""
    m = re.search(r"《(.+?)》", title)
    return m.group(1) if m else title


def seed(loader, item, plan) -> object | None:
    """Draft, submit and approve the 解读 of a demo document that needs one (returns it)."""
    if not item.needs_interpretation:
        return None
    team = loader.staff[plan.unit]
    n = item.pk % len(_FORMS)
    form = _FORMS[n]
    short = short_title(item.title)
    unit = loader.units[plan.unit].name
    body = "".join(f"<h3>{head}</h3><p>{text.format(unit=unit, short=short)}</p>" for head, text in _SECTIONS)
    interp = interpretation_services.create_interpretation(
        team.clerk, unit=loader.units[plan.unit], documents=[item], form=form,
        interpreter=f"{unit}主要负责人" if form == "leader" else "",
        title=f"《{short}》政策解读" if form != "qa" else f"《{short}》政策问答",
        written_date=item.written_date, publisher=unit, body=body, topic=item.topic,
        categories=list(item.categories.all()))
    services.submit_item(team.clerk, interp)
    services.approve_item(team.reviewer, interp, opinion=plan.opinion or "经审查不涉密，同意与文件同步发布")
    return interp
