"""``{% load duties %}{% duty_contacts units %}``: the responsible persons a unit publishes
(分管领导, 信息公开 person and office phone) on the portal and the 公开栏 notice sheet."""
from django import template

from gongkai.units.models import Unit

from ..models import Duty
from ..services import PORTAL_DUTIES, current_assignments

register = template.Library()


def contact_rows(units) -> list[dict]:
    """One row per unit that has named someone: name, 分管领导, 信息公开 person and phone.
    Only names and office phones: nothing else about a person is published."""
    units = [units] if isinstance(units, Unit) else list(units or [])
    current = current_assignments(units, duties=PORTAL_DUTIES)
    rows = []
    for unit in units:
        duties = current.get(unit.pk)
        if not duties:
            continue
        leader, disclosure = duties.get(Duty.LEADER), duties.get(Duty.DISCLOSURE)
        rows.append({"unit": unit.name, "leader": leader.person_name if leader else "",
                     "person": disclosure.person_name if disclosure else "",
                     "phone": (disclosure.phone if disclosure and disclosure.phone else unit.phone)})
    return rows


@register.inclusion_tag("duties/_contacts.html")
def duty_contacts(units, caption="政府信息公开工作责任人"):
    return {"rows": contact_rows(units), "caption": caption}
