"""The daily 政务咨询 reminder, like applications': each unit's staff hear of their unanswered
messages due within 1 working day or overdue; the unit's reviewers and admins and the supervisors
above hear of those past the promise, the 60-day warning line and the 3-month veto line.
At most one mail per person per day (every one sent is audited as ``consult.reminder``, target the
recipient); mails carry number, unit and dates only, never the asker's data."""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.utils import timezone

from gongkai.domain.consultation import AgeBand, age_band
from gongkai.units.reminders import People, send_digests
from gongkai.workdays.services import reminder_horizon

from .models import Message, Status
from .permissions import APPROVER_ROLES, STAFF_ROLES

log = logging.getLogger(__name__)
REMINDER_ACTION = "consult.reminder"
SUBJECT_PREFIX = "【政务咨询】"
DUE_SOON_WORKDAYS = 1


def collect(today: dt.date) -> dict:
    """{user: {"own": [(message, band)], "escalated": [(message, band)]}}."""
    horizon = reminder_horizon(today, DUE_SOON_WORKDAYS)
    digests: dict = defaultdict(lambda: {"own": [], "escalated": []})
    people = People()

    for m in Message.objects.filter(status=Status.SUBMITTED).select_related("unit").order_by("received_on", "pk"):
        band = age_band(m.received_on, m.due_on, today)
        soon = m.due_on is None or m.due_on <= horizon
        if not soon and band == AgeBand.WITHIN_PROMISE:
            continue
        for user in people.of([m.unit_id], STAFF_ROLES):
            digests[user]["own"].append((m, band))
        if band in (AgeBand.OVER_PROMISE, AgeBand.WARNING, AgeBand.VETO):
            for user in people.escalation(m.unit, APPROVER_ROLES):
                digests[user]["escalated"].append((m, band))
    return digests


def _line(m: Message, band: str, today: dt.date) -> str:
    due = f"答复期限 {m.due_on:%Y-%m-%d}" if m.due_on else "答复期限暂不能计算"
    return f"{m.number}（{m.unit.name}）　收到 {m.received_on:%Y-%m-%d}，{due}，{AgeBand.LABELS[band]}"


def send_daily_reminders(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()

    def compose(user, digest) -> tuple[str, str, dict]:
        parts = [f"{user.display_name}：", ""]
        if digest["own"]:
            parts += ["以下留言尚未答复，请在承诺期限内答复：", *[_line(m, b, today) for m, b in digest["own"]], ""]
        if digest["escalated"]:
            parts += ["以下留言已超过承诺期限，请督促办理（超过3个月未答复有效留言属单项否决）：",
                      *[_line(m, b, today) for m, b in digest["escalated"]], ""]
        parts.append("请登录政务公开工作平台“政务咨询”查看。本邮件由系统自动发送。")
        numbers = sorted({m.number for m, _ in digest["own"]} | {m.number for m, _ in digest["escalated"]})
        veto = len({m.number for m, b in digest["own"] + digest["escalated"] if b == AgeBand.VETO})
        subject = f"{SUBJECT_PREFIX}{len(numbers)}条留言待答复" + (f"（其中{veto}条已超过3个月）" if veto else "")
        return subject, "\n".join(parts), {"numbers": numbers}

    return send_digests(REMINDER_ACTION, collect(today), today, compose, log=log, what="consult reminder")
