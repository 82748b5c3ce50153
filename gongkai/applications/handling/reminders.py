"""E-mail about answer deadlines (答复期限): the daily reminder with escalation of overdue
applications, and the notice that a holiday-schedule change moved due dates.

Mails carry the application number, unit and due date only, never the applicant's data.
Each person gets at most one daily reminder per day: every one sent is recorded in the
audit log (``application.reminder``, target the recipient), and a second run on the same
day skips whoever already has one.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone

from gongkai.units.reminders import People, send_digests
from gongkai.workdays.services import reminder_horizon

from ..models import OPEN_STATUSES, Application
from .services import APPROVER_ROLES, DUE_SOON_WORKDAYS, STAFF_ROLES

log = logging.getLogger(__name__)
REMINDER_ACTION = "application.reminder"
SUBJECT_PREFIX = "【依申请公开】"


@dataclass
class Digest:
    """What one person is told today: their applications due soon (or overdue), and the overdue
    applications of the units they answer for, per unit."""

    own: list[Application] = field(default_factory=list)
    escalated: dict = field(default_factory=lambda: defaultdict(list))   # Unit -> [Application]

    def numbers(self) -> list[str]:
        return sorted({a.number for a in self.own} | {a.number for apps in self.escalated.values() for a in apps})


class _People(People):
    """Active users with an e-mail address, per unit and role group, each looked up once."""

    def handlers(self, app: Application, assignee=None) -> list:
        """The assignee; unassigned (or the assignee left), the unit's staff."""
        user = assignee if assignee is not None else app.assigned_to
        if user is not None and user.is_active and user.unit_id == app.unit_id:
            return [user] if user.email else []
        return self.of([app.unit_id], STAFF_ROLES)


def collect(today: dt.date) -> dict:
    """{user: Digest} for every open application due within 3 working days or overdue."""
    people, digests = _People(), defaultdict(Digest)
    horizon = reminder_horizon(today, DUE_SOON_WORKDAYS)
    apps = (Application.objects.filter(status__in=OPEN_STATUSES, due_on__isnull=False, due_on__lte=horizon)
            .select_related("unit", "assigned_to").order_by("due_on", "number"))
    for app in apps:
        for user in people.handlers(app):
            digests[user].own.append(app)
        if app.due_on < today:
            for user in people.escalation(app.unit, APPROVER_ROLES):  # its reviewers, admins, supervisors above
                digests[user].escalated[app.unit].append(app)
    return digests


def _line(app: Application, today: dt.date) -> str:
    state = f"已超期{(today - app.due_on).days}天" if app.due_on < today else (
        "今天到期" if app.due_on == today else f"{app.due_on:%m月%d日}到期")
    return f"{app.number}　答复期限 {app.due_on:%Y-%m-%d}（{state}）"


def _body(user, digest: Digest, today: dt.date) -> str:
    parts = [f"{user.display_name}：", ""]
    if digest.own:
        parts.append("以下申请由您承办或本单位尚未分配承办人，请在答复期限内答复（条例第三十三条）：")
        parts += [_line(a, today) for a in digest.own] + [""]
    if digest.escalated:
        parts.append("以下申请已超过答复期限，请督促办理：")
        for unit, apps in sorted(digest.escalated.items(), key=lambda kv: kv[0].path):
            parts.append(f"【{unit.name}】{len(apps)}件")
            parts += [_line(a, today) for a in apps]
        parts.append("")
    parts.append("请登录政务公开工作平台“依申请公开”查看。本邮件由系统自动发送。")
    return "\n".join(parts)


def send_daily_reminders(today: dt.date | None = None) -> int:
    """One e-mail per person with something due soon or overdue, at most once a day; returns how
    many were sent."""
    today = today or timezone.localdate()

    def compose(user, digest: Digest) -> tuple[str, str, dict]:
        overdue = len({a.number for a in digest.own if a.due_on < today}
                      | {a.number for apps in digest.escalated.values() for a in apps})
        subject = f"{SUBJECT_PREFIX}{len(digest.numbers())}件申请即将或已经超过答复期限"
        if overdue:
            subject += f"（其中{overdue}件已超期）"
        return subject, _body(user, digest, today), {
            "own": [a.number for a in digest.own],
            "escalated": sorted(a.number for apps in digest.escalated.values() for a in apps)}

    return send_digests(REMINDER_ACTION, collect(today), today, compose, log=log)


def run_daily(today: dt.date | None = None) -> int:
    """The morning job: remind and escalate, then close the applications whose 补正 or fee
    period lapsed (视为放弃)."""
    from .fees import close_lapsed_fees
    from .services import close_lapsed_supplements

    today = today or timezone.localdate()
    sent = send_daily_reminders(today)
    close_lapsed_supplements(today=today)
    close_lapsed_fees(today=today)
    return sent


# ---------------------------------------------------------------- schedule changes

def _day(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else "暂不能计算（节假日安排未录入）"


def notify_due_changes(changes) -> int:
    """After a holiday schedule changed: tell each handler (assignee, or the unit's staff) in one
    e-mail which of their applications' due dates moved, old → new. Returns mails sent."""
    changes = [(app, old, new) for app, old, new in changes if app.status in OPEN_STATUSES]
    assignees = get_user_model().objects.in_bulk({app.assigned_to_id for app, _, _ in changes} - {None})
    people, per_user = _People(), defaultdict(list)
    for app, old, new in changes:
        for user in people.handlers(app, assignees.get(app.assigned_to_id)):
            per_user[user].append((app, old, new))
    sent = 0
    for user, rows in sorted(per_user.items(), key=lambda kv: kv[0].pk):
        lines = [f"{app.number}（{app.unit.name}）　{_day(old)} → {_day(new)}" for app, old, new in rows]
        body = "\n".join([f"{user.display_name}：", "", "节假日安排已调整，以下申请的答复期限随之变更：", *lines, "",
                          "请登录政务公开工作平台“依申请公开”查看。本邮件由系统自动发送。"])
        try:
            send_mail(f"{SUBJECT_PREFIX}节假日安排调整，{len(rows)}件申请的答复期限已变更", body, None, [user.email])
        except Exception:
            log.exception("due-change notice to user %s failed", user.pk)
            continue
        sent += 1
    return sent
