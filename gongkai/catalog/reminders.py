"""Reminders about the 20-working-day publication limit (e-mail; file backend in the demo)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.mail import send_mail
from django.utils import timezone

from gongkai.units import audit
from gongkai.units.models import Role
from gongkai.workdays.services import reminder_horizon

from .models import Item

DUE_SOON_WORKDAYS = 3


def units_to_remind(today: dt.date) -> list[int]:
    """The ids of the units with an item overdue or due within 3 working days (one job each)."""
    horizon = reminder_horizon(today, DUE_SOON_WORKDAYS)
    return sorted(set(Item.objects.unpublished_due_by(horizon).values_list("unit_id", flat=True)))


def items_needing_attention(today: dt.date, unit_ids=None) -> dict[int, list[tuple[Item, str]]]:
    """Unpublished items per unit id that are overdue or due within 3 working days."""
    horizon = reminder_horizon(today, DUE_SOON_WORKDAYS)
    out: dict[int, list] = defaultdict(list)
    items = Item.objects.unpublished_due_by(horizon).select_related("unit")
    if unit_ids is not None:
        items = items.filter(unit_id__in=unit_ids)
    for item in items.order_by("publish_due"):
        state = "已超期" if item.publish_due < today else f"{item.publish_due:%m月%d日}到期"
        out[item.unit_id].append((item, state))
    return out


def send_publication_reminders(today: dt.date | None = None, unit_ids=None) -> int:
    """Remind the staff of each unit (or of ``unit_ids`` only); returns the mails sent."""
    today = today or timezone.localdate()
    sent = 0
    for rows in items_needing_attention(today, unit_ids).values():
        unit = rows[0][0].unit
        recipients = [u.email for u in unit.users.filter(is_active=True, role__in=[Role.CLERK, Role.REVIEWER,
                                                                                   Role.UNIT_ADMIN]) if u.email]
        if not recipients:
            continue
        lines = [f"{state}：{item.title}（索引号 {item.index_no}，{item.get_status_display()}）" for item, state in rows]
        send_mail(f"【政务公开】{unit.name}有{len(rows)}条信息即将或已经超过公开时限",
                  "以下信息须在成文后20个工作日内公开：\n\n" + "\n".join(lines), None, recipients)
        audit.record("catalog.reminder", unit=unit, detail={"items": [i.pk for i, _ in rows],
                                                            "recipients": len(recipients)})
        sent += 1
    return sent
