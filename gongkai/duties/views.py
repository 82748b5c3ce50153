"""Workbench pages for duties, the website duty log and training: thin views over
duties.services, scoped (another unit's pages answer 404)."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.domain.duty_log import missing_signoffs
from gongkai.domain.workdays import UnknownYearError
from gongkai.units.scoping import visible_units
from gongkai.units.web import form_data, staff_required
from gongkai.workdays.services import get_calendar

from . import permissions, selectors, services
from .forms import EndForm, GroupMemberForm, ReserveForm, SessionForm, SignoffForm, TransferForm
from .models import Duty, SignoffKind

LOG_DAYS = 30


def _unit(request, unit_pk):
    unit = selectors.visible_unit(request.user, unit_pk)
    if unit is None:
        raise Http404("没有找到该单位")
    return unit


def _act(request, unit_pk, run, page: str):
    """Run one service call for a POST and go back to the unit's page with its message."""
    unit = _unit(request, unit_pk)
    try:
        done = run(unit)
    except services.DutyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(page, unit_pk=unit.pk)


@staff_required
def index(request):
    units = visible_units(request.user)
    if not permissions.may_see_all_units(request.user):
        return redirect("duties:unit", unit_pk=request.user.unit_id)
    current = services.current_assignments(units, duties=(Duty.LEADER, Duty.DISCLOSURE, Duty.WEBSITE))
    rows = [{"unit": u, "duties": current.get(u.pk, {})} for u in units]
    return render(request, "duties/index.html", {"rows": rows})


@staff_required
def unit_page(request, unit_pk):
    unit = _unit(request, unit_pk)
    today = timezone.localdate()
    current = services.current_assignments([unit], today).get(unit.pk, {})
    group = selectors.active_group(unit, today)
    return render(request, "duties/unit.html", {
        "unit": unit, "today": today,
        "duties": [(value, label, current.get(value)) for value, label in Duty.choices],
        "history": selectors.assignment_history(unit),
        "group": group,
        "former": selectors.former_group(unit, today),
        "allowed": permissions.allowed_actions(request.user, unit, group),
        "transfer_form": TransferForm(unit=unit, initial={"on": today}),
        "group_form": GroupMemberForm(initial={"start_on": today}), "end_form": EndForm(initial={"end_on": today}),
    })


@staff_required
@require_POST
def transfer(request, unit_pk):
    def run(unit):
        data = form_data(TransferForm(request.POST, unit=unit), services.DutyError)
        services.transfer(request.user, unit, duties=data["duties"], person_name=data["person_name"], on=data["on"],
                          person_user=data["person_user"], phone=data["phone"], note=data["note"])
        return f"已完成人员调动：{data['person_name']}自{data['on']:%Y-%m-%d}起负责" + \
            "、".join(Duty(d).label for d in data["duties"])
    return _act(request, unit_pk, run, "duties:unit")


@staff_required
@require_POST
def group_add(request, unit_pk):
    def run(unit):
        data = form_data(GroupMemberForm(request.POST), services.DutyError)
        m = services.add_group_member(request.user, unit, name=data["name"], position=data["position"],
                                      group_role=data["group_role"], start_on=data["start_on"])
        return f"已将{m.name}列入领导小组"
    return _act(request, unit_pk, run, "duties:unit")


@staff_required
@require_POST
def group_end(request, unit_pk, pk):
    def run(unit):
        member = get_object_or_404(selectors.group_members(unit), pk=pk)
        data = form_data(EndForm(request.POST), services.DutyError)
        services.end_group_member(request.user, member, end_on=data["end_on"])
        return f"{member.name}已离开领导小组"
    return _act(request, unit_pk, run, "duties:unit")


def _last_workdays(end: dt.date, n: int) -> list[dt.date]:
    cal = get_calendar()
    days, day = [], end
    while len(days) < n:
        if cal.is_workday(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    return days[::-1]


@staff_required
def signoffs(request, unit_pk):
    unit = _unit(request, unit_pk)
    today = timezone.localdate()
    try:
        end = min(dt.date.fromisoformat(request.GET.get("end", "")), today)
    except ValueError:
        end = today
    error, rows = "", []
    try:
        days = _last_workdays(end, LOG_DAYS)
    except UnknownYearError as exc:
        days, error = [], str(exc)
    if days:
        # from the Monday of the first week, so that a weekly cleanup signed early in that week counts
        since = days[0] - dt.timedelta(days=days[0].weekday())
        logs = selectors.signoffs_between(unit, since, end)
        by_day: dict = {}
        signed: dict[str, set] = {}
        for s in logs:
            by_day.setdefault(s.date, {})[s.kind] = s
            signed.setdefault(s.kind, set()).add(s.date)
        missing = missing_signoffs(days, signed)
        for day in reversed(days):
            rows.append({"date": day, "cells": [
                {"kind": k, "label": label, "signoff": by_day.get(day, {}).get(k), "missing": k in missing[day]}
                for k, label in SignoffKind.choices]})
    return render(request, "duties/signoffs.html", {
        "unit": unit, "rows": rows, "error": error, "end": end, "kinds": SignoffKind.choices,
        "missing_daily": sum(1 for r in rows if r["cells"][0]["missing"]),
        "responsible": services.current_assignments([unit], today, [Duty.WEBSITE]).get(unit.pk, {}).get(Duty.WEBSITE),
        "allowed": permissions.allowed_actions(request.user, unit),
        "form": SignoffForm(initial={"date": today, "kind": SignoffKind.DAILY}),
    })


@staff_required
@require_POST
def sign(request, unit_pk):
    def run(unit):
        data = form_data(SignoffForm(request.POST), services.DutyError)
        s = services.sign_off(request.user, unit, kind=data["kind"], day=data["date"], note=data["note"])
        return f"已签字：{s.date:%Y-%m-%d} {s.get_kind_display()}" + ("（已附检查记录）" if s.check_run_id else "")
    return _act(request, unit_pk, run, "duties:signoffs")


@staff_required
def training(request, unit_pk):
    unit = _unit(request, unit_pk)
    sessions = selectors.training_sessions(unit)
    for s in sessions:
        people = list(s.attendance.all())
        s.present = [a for a in people if a.attended]
        s.absent = [a for a in people if not a.attended]
    rate = services.attendance_rate(sessions)
    return render(request, "duties/training.html", {
        "unit": unit, "sessions": sessions, "rate": rate,
        "hours": sum((s.hours for s in sessions), 0),
        "reserve": selectors.active_reserve(unit),
        "allowed": permissions.allowed_actions(request.user, unit),
        "form": SessionForm(initial={"date": timezone.localdate()}), "reserve_form": ReserveForm(),
    })


@staff_required
@require_POST
def session_add(request, unit_pk):
    def run(unit):
        data = form_data(SessionForm(request.POST, request.FILES), services.DutyError)
        s = services.add_session(request.user, unit, data=data)
        return f"已登记培训：{s.date:%Y-%m-%d} {s.topic}"
    return _act(request, unit_pk, run, "duties:training")


@staff_required
@require_POST
def reserve_add(request, unit_pk):
    def run(unit):
        data = form_data(ReserveForm(request.POST), services.DutyError)
        p = services.add_reserve(request.user, unit, person_name=data["person_name"], note=data["note"])
        return f"已将{p.person_name}列为后备人员"
    return _act(request, unit_pk, run, "duties:training")


@staff_required
@require_POST
def reserve_remove(request, unit_pk, pk):
    def run(unit):
        person = get_object_or_404(selectors.reserve_staff(unit), pk=pk)
        services.remove_reserve(request.user, person)
        return f"已将{person.person_name}移出后备人员名单"
    return _act(request, unit_pk, run, "duties:training")


@staff_required
def materials(request, unit_pk, pk):
    from django.http import FileResponse

    unit = _unit(request, unit_pk)
    session = get_object_or_404(unit.training_sessions, pk=pk)
    if not session.materials:
        raise Http404("该培训没有材料")
    return FileResponse(session.materials.open("rb"), as_attachment=True,
                        filename=session.materials.name.rsplit("/", 1)[-1])
