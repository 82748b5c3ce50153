"""E-mail about work-point task deadlines: the owner unit is reminded of tasks due within 3
working days (or overdue); overdue tasks are escalated to the issuing unit's supervisors and
unit admins.

Each person gets at most one e-mail per day: every one sent is recorded in the audit log
(``workplan.reminder``, target the recipient), and a second run on the same day skips whoever
already has one (``gongkai.units.reminders``, as every app's daily reminder).
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.units.models import Role
from gongkai.units.reminders import People, send_digests
from gongkai.workdays.services import reminder_horizon

from .models import Task, TaskStatus

log = logging.getLogger(__name__)
REMINDER_ACTION = "workplan.reminder"
SUBJECT_PREFIX = "【政务公开工作要点】"
DUE_SOON_WORKDAYS = 3
OWNER_ROLES = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN, Role.SUPERVISOR)
ESCALATION_ROLES = (Role.SUPERVISOR, Role.UNIT_ADMIN)


@dataclass
class Digest:
    own: list[Task] = field(default_factory=list)         # tasks of the person's unit
    escalated: list[Task] = field(default_factory=list)   # overdue tasks the person's unit issued

    def count(self) -> int:
        return len({t.pk for t in self.own} | {t.pk for t in self.escalated})


class _People(People):
    def owners(self, task: Task) -> list:
        """The owner person if still in the unit; otherwise the owner unit's staff."""
        user = task.owner
        if user is not None and user.is_active and user.unit_id == task.unit_id:
            return [user] if user.email else []
        return self.of([task.unit_id], OWNER_ROLES)


def collect(today: dt.date) -> dict:
    """{user: Digest} for every task not done, due within 3 working days or overdue."""
    people, digests = _People(), defaultdict(Digest)
    horizon = reminder_horizon(today, DUE_SOON_WORKDAYS)
    tasks = (Task.objects.exclude(status=TaskStatus.DONE).filter(due_on__lte=horizon)
             .select_related("document", "document__unit", "unit", "owner", "parent", "parent__unit")
             .prefetch_related("children").order_by("due_on", "pk"))
    for task in tasks:
        if task.status != TaskStatus.SUBMITTED and not task.children.all():
            for user in people.owners(task):
                digests[user].own.append(task)
        if task.due_on < today:
            for user in people.of([task.issuer_unit_id], ESCALATION_ROLES):
                digests[user].escalated.append(task)
    return digests


def _line(task: Task, today: dt.date) -> str:
    state = f"已逾期{(today - task.due_on).days}天" if task.due_on < today else (
        "今天到期" if task.due_on == today else f"{task.due_on:%m月%d日}到期")
    doc = task.document.doc_number or task.document.title
    return f"{task.unit.name}：{task.title}（{doc}）　完成时限 {task.due_on:%Y-%m-%d}（{state}，{task.get_status_display()}）"


def _body(user, digest: Digest, today: dt.date) -> str:
    parts = [f"{user.display_name}：", ""]
    if digest.own:
        parts.append("以下工作要点任务由本单位承担，请在完成时限内完成并提交佐证材料：")
        parts += [_line(t, today) for t in digest.own] + [""]
    if digest.escalated:
        parts.append("以下由本单位交办的工作要点任务已逾期，请督促落实：")
        parts += [_line(t, today) for t in digest.escalated] + [""]
    parts.append("请登录政务公开工作平台“工作要点”查看。本邮件由系统自动发送。")
    return "\n".join(parts)


def send_daily_reminders(today: dt.date | None = None) -> int:
    """One e-mail per person with a task due soon or overdue, at most once a day; returns how many
    were sent."""
    today = today or timezone.localdate()

    def compose(user, digest: Digest) -> tuple[str, str, dict]:
        overdue = len({t.pk for t in digest.own + digest.escalated if t.due_on < today})
        subject = f"{SUBJECT_PREFIX}{digest.count()}项任务即将或已经超过完成时限"
        if overdue:
            subject += f"（其中{overdue}项已逾期）"
        return subject, _body(user, digest, today), {"own": [t.pk for t in digest.own],
                                                      "escalated": [t.pk for t in digest.escalated]}

    return send_digests(REMINDER_ACTION, collect(today), today, compose, log=log, what="work-point reminder")
