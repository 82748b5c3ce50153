"""Reads of the duties pages: the units a user may open, their leading group, duty history,
website sign-offs, training sessions and reserve staff (scoped by ``gongkai.units.scoping``)."""
from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from gongkai.units.models import Unit
from gongkai.units.scoping import visible_units

from .models import DutyAssignment, DutySignoff, LeadingGroupMember, ReserveStaff, TrainingSession

__all__ = ["active_group", "active_reserve", "assignment_history", "former_group", "group_members",
           "reserve_staff", "signoffs_between", "training_sessions", "visible_unit"]


def visible_unit(user, unit_pk: int) -> Unit | None:
    """The unit ``unit_pk`` when ``user`` may see it, else None."""
    return visible_units(user).filter(pk=unit_pk).first()


def group_members(unit: Unit) -> QuerySet[LeadingGroupMember]:
    """Every member, past and present, of the unit's 领导小组."""
    return LeadingGroupMember.objects.filter(unit=unit)


def active_group(unit: Unit, on: dt.date) -> list[LeadingGroupMember]:
    """The unit's 领导小组 on the day ``on``."""
    return list(LeadingGroupMember.objects.active_on(on).filter(unit=unit).select_related("unit"))


def former_group(unit: Unit, today: dt.date) -> QuerySet[LeadingGroupMember]:
    """Members who left the unit's 领导小组 before ``today``."""
    return group_members(unit).filter(end_on__lt=today)


def assignment_history(unit: Unit) -> QuerySet[DutyAssignment]:
    """Every duty assignment of the unit, the user joined."""
    return DutyAssignment.objects.filter(unit=unit).select_related("user")


def signoffs_between(unit: Unit, since: dt.date, end: dt.date) -> QuerySet[DutySignoff]:
    """The unit's website duty sign-offs dated ``since`` to ``end`` inclusive, signer and check run joined."""
    return DutySignoff.objects.filter(unit=unit, date__gte=since, date__lte=end) \
        .select_related("signed_by", "check_run")


def training_sessions(unit: Unit) -> list[TrainingSession]:
    """The unit's training sessions, attendance prefetched."""
    return list(unit.training_sessions.prefetch_related("attendance"))


def reserve_staff(unit: Unit) -> QuerySet[ReserveStaff]:
    """The unit's reserve staff, active or removed."""
    return ReserveStaff.objects.filter(unit=unit)


def active_reserve(unit: Unit) -> QuerySet[ReserveStaff]:
    """The unit's active reserve staff."""
    return reserve_staff(unit).filter(is_active=True)
