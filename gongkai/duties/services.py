"""The only code that changes duties, duty logs and training records: every function checks the
user's unit and role, runs in one transaction and appends to the audit log. Personal data (phone
numbers) never goes into the audit detail."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from gongkai.units import audit
from gongkai.units.models import Unit
from gongkai.watch.models import CheckRun

from .models import (Attendance, Duty, DutyAssignment, DutySignoff, GroupRole, LeadingGroupMember,
                     ReserveStaff, SignoffKind, TrainingSession)

from .permissions import (MANAGE_ROLES, STAFF_ROLES, DutyError, check_add_reserve, check_add_session,
                          check_end_group_member, check_group, check_remove_reserve, check_sign_off,
                          check_transfer)

if TYPE_CHECKING:
    from gongkai.units.models import User

__all__ = ["MANAGE_ROLES", "PORTAL_DUTIES", "STAFF_ROLES", "DutyError"]

PORTAL_DUTIES = (Duty.LEADER, Duty.DISCLOSURE)


def _name(value: str, what: str = "姓名") -> str:
    value = (value or "").strip()
    if not value:
        raise DutyError(f"请填写{what}")
    return value


# ---------------------------------------------------------------- duties and people

def current_assignments(units: Iterable[Unit], day: dt.date | None = None,
                        duties: Iterable[str] | None = None) -> dict[int, dict[str, DutyAssignment]]:
    """{unit pk: {duty: assignment in effect on ``day``}} (today by default), one query."""
    day = day or timezone.localdate()
    rows = DutyAssignment.objects.active_on(day).filter(unit__in=list(units))
    if duties is not None:
        rows = rows.filter(duty__in=list(duties))
    out: dict[int, dict[str, DutyAssignment]] = {}
    for a in rows.order_by("start_on", "pk"):
        out.setdefault(a.unit_id, {})[a.duty] = a
    return out


@transaction.atomic
def transfer(user: User, unit: Unit, *, duties: Iterable[str], person_name: str, on: dt.date,
             person_user: User | None = None, phone: str = "", note: str = "") -> list[DutyAssignment]:
    """人员调动: from ``on`` the ``duties`` of ``unit`` pass to ``person_name``.

    One action: the assignments in effect end the day before ``on`` and the new ones start on
    ``on`` (also the first assignment of a duty). Unit admins and reviewers of the unit only.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    check_transfer(user, unit)
    duties = list(dict.fromkeys(duties))
    if not duties:
        raise DutyError("请选择要调整的职责")
    if any(d not in Duty.values for d in duties):
        raise DutyError("职责不在可选范围内")
    person_name = _name(person_name)
    if on is None:
        raise DutyError("请填写调动日期")
    if person_user is not None and person_user.unit_id != unit.pk:
        raise DutyError("平台账号必须属于本单位")
    locked = DutyAssignment.objects.select_for_update().filter(unit=unit, duty__in=duties)
    later = [a for a in locked if a.start_on >= on]
    if later:
        raise DutyError(f"“{later[0].get_duty_display()}”已有{later[0].start_on:%Y-%m-%d}起的任职记录，"
                        "调动日期须晚于该日期")
    created, moved = [], []
    for duty in duties:
        old = DutyAssignment.objects.active_on(on).filter(unit=unit, duty=duty).select_for_update().first()
        if old is not None:
            old.end_on = on - dt.timedelta(days=1)
            old.save(update_fields=["end_on"])
            moved.append({"duty": duty, "from": old.person_name})
        created.append(DutyAssignment.objects.create(
            unit=unit, duty=duty, person_name=person_name, user=person_user, phone=(phone or "").strip(),
            start_on=on, note=(note or "").strip()))
    audit.record("duties.transfer", created[0], user=user, unit=unit,
                 target_repr=f"{person_name}：{'、'.join(Duty(d).label for d in duties)}",
                 detail={"duties": duties, "to": person_name, "from": moved, "on": on.isoformat(),
                         "note": (note or "").strip()})
    return created


@transaction.atomic
def add_group_member(user: User, unit: Unit, *, name: str, position: str, group_role: str,
                     start_on: dt.date) -> LeadingGroupMember:
    """Add a member to the unit's leading group (领导小组)."""
    check_group(user, unit)
    if group_role not in GroupRole.values:
        raise DutyError("小组职务不在可选范围内")
    if start_on is None:
        raise DutyError("请填写起始日期")
    member = LeadingGroupMember.objects.create(unit=unit, name=_name(name), position=_name(position, "职务"),
                                               group_role=group_role, start_on=start_on)
    audit.record("duties.group_add", member, user=user, unit=unit,
                 detail={"name": member.name, "role": group_role, "from": start_on.isoformat()})
    return member


@transaction.atomic
def end_group_member(user: User, member: LeadingGroupMember, *, end_on: dt.date) -> LeadingGroupMember:
    """A member leaves the leading group after ``end_on``."""
    member = LeadingGroupMember.objects.select_for_update().select_related("unit").get(pk=member.pk)
    check_end_group_member(user, member)
    if end_on is None or end_on < member.start_on:
        raise DutyError("截止日期不能早于起始日期")
    member.end_on = end_on
    member.save(update_fields=["end_on"])
    audit.record("duties.group_end", member, user=user, unit=member.unit,
                 detail={"name": member.name, "to": end_on.isoformat()})
    return member


# ---------------------------------------------------------------- duty log (值守签字)

def run_of_day(unit: Unit, kind: str, day: dt.date) -> CheckRun | None:
    """The latest watchdog run of ``kind`` on ``day`` (local date) for the unit's sites."""
    return (CheckRun.objects.filter(site__unit=unit, kind=kind, started__date=day)
            .order_by("-started").first())


@transaction.atomic
def sign_off(user: User, unit: Unit, *, kind: str, day: dt.date, note: str = "") -> DutySignoff:
    """签字: the unit's staff confirm a daily check, maintenance or weekly cleanup of ``day``;
    the watchdog's latest run of that kind on that day is attached."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    check_sign_off(user, unit)
    if kind not in SignoffKind.values:
        raise DutyError("签字类型不在可选范围内")
    if day is None:
        raise DutyError("请填写检查日期")
    if day > timezone.localdate():
        raise DutyError("不能为今天以后的日期签字")
    if DutySignoff.objects.filter(unit=unit, kind=kind, date=day).exists():
        raise DutyError(f"{day:%Y-%m-%d}的{SignoffKind(kind).label}已签字")
    signoff = DutySignoff.objects.create(unit=unit, kind=kind, date=day, signed_by=user,
                                         check_run=run_of_day(unit, kind, day), note=(note or "").strip())
    audit.record("duties.signoff", signoff, user=user, unit=unit,
                 detail={"kind": kind, "date": day.isoformat(), "run": signoff.check_run_id})
    return signoff


# ---------------------------------------------------------------- training

def _names(text: str) -> list[str]:
    return list(dict.fromkeys(n.strip() for n in (text or "").replace("，", "\n").replace("、", "\n")
                              .replace(",", "\n").splitlines() if n.strip()))


@transaction.atomic
def add_session(user: User, unit: Unit, *, data: dict) -> TrainingSession:
    """登记培训: date, topic, trainer, hours, optional materials; ``present`` and ``absent`` are
    names (one a line), each becoming an attendance row (linked to the unit's account of that name)."""
    check_add_session(user, unit)
    day = data.get("date")
    if day is None:
        raise DutyError("请填写培训日期")
    if day > timezone.localdate():
        raise DutyError("培训日期不能晚于今天")
    hours = data.get("hours")
    if hours is None or hours <= 0:
        raise DutyError("学时须大于0")
    present, absent = _names(data.get("present", "")), _names(data.get("absent", ""))
    both = set(present) & set(absent)
    if both:
        raise DutyError(f"{'、'.join(sorted(both))}同时出现在出席和缺席名单中")
    session = TrainingSession.objects.create(
        unit=unit, date=day, topic=_name(data.get("topic"), "培训内容"), trainer=(data.get("trainer") or "").strip(),
        hours=hours, materials=data.get("materials") or "", created_by=user)
    accounts = {u.display_name: u for u in unit.users.filter(is_active=True)}
    Attendance.objects.bulk_create(
        [Attendance(session=session, person_name=n, user=accounts.get(n), attended=True) for n in present]
        + [Attendance(session=session, person_name=n, user=accounts.get(n), attended=False) for n in absent])
    audit.record("duties.training", session, user=user, unit=unit,
                 detail={"date": day.isoformat(), "topic": session.topic, "present": len(present),
                         "absent": len(absent)})
    return session


@transaction.atomic
def add_reserve(user: User, unit: Unit, *, person_name: str, note: str = "") -> ReserveStaff:
    """Mark a person as reserve staff (后备人员) of the unit."""
    check_add_reserve(user, unit)
    person = ReserveStaff.objects.create(unit=unit, person_name=_name(person_name), note=(note or "").strip())
    audit.record("duties.reserve_add", person, user=user, unit=unit, detail={"name": person.person_name})
    return person


@transaction.atomic
def remove_reserve(user: User, person: ReserveStaff) -> ReserveStaff:
    person = ReserveStaff.objects.select_for_update().select_related("unit").get(pk=person.pk)
    check_remove_reserve(user, person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    audit.record("duties.reserve_remove", person, user=user, unit=person.unit, detail={"name": person.person_name})
    return person


def attendance_rate(sessions: Iterable[TrainingSession]) -> float | None:
    """Share of listed people who attended, over ``sessions`` (None when nobody was listed)."""
    total = attended = 0
    for s in sessions:
        for a in s.attendance.all():
            total += 1
            attended += a.attended
    return None if total == 0 else attended / total
