"""Intake and clock of applications for disclosure: the only code that changes an Application.

Every function that changes state runs in one transaction, checks the user's
unit and role where there is a user, and appends to the audit log. Personal
data never goes into the audit log's detail.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.catalog.services import can_act
from gongkai.domain import application_clock as clock
from gongkai.domain.workdays import UnknownYearError
from gongkai.units import audit
from gongkai.units.models import Role, Unit, UnitKind
from gongkai.workdays.services import get_calendar

from . import codes
from .models import ON_CLOCK_STATUSES, OPEN_STATUSES, Application, Channel, NumberCounter, Status

STAFF_ROLES = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN)
OFFICE_KINDS = (UnitKind.COUNTY, UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT, UnitKind.DEPARTMENT)
APPLICANT_FIELDS = ("applicant_type", "name", "id_number", "phone", "email", "address", "description",
                    "info_form", "delivery")
COUNTER_FIELDS = APPLICANT_FIELDS + ("channel", "received_on")
DUE_SOON_WORKDAYS = 3


class ApplicationError(Exception):
    """An action the rules do not allow now; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class Submission:
    """The outcome of an intake: the application, its query code, and whether this call made it."""

    application: Application
    query_code: str
    created: bool


def offices():
    """Units that take applications (地方各级人民政府 and 县级以上部门, 条例第二十七条)."""
    return Unit.objects.filter(is_active=True, kind__in=OFFICE_KINDS).order_by("path")


# ---------------------------------------------------------------- numbers

def next_number(unit: Unit, year: int) -> str:
    """The next 申请编号 of ``unit`` for ``year``. Inside a transaction: the counter row is
    locked first, so concurrent intakes of one unit queue here."""
    counter, _ = NumberCounter.objects.select_for_update().get_or_create(unit=unit, year=year)
    NumberCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return codes.format_number(unit.code, year, counter.last)


# ---------------------------------------------------------------- intake

def find_submission(token: str) -> Application | None:
    """The application already made with this form's token, if any."""
    if not token:
        return None
    return Application.objects.select_related("unit").filter(submission_key=codes.token_key(token)).first()


def _build(unit: Unit, data: dict, fields: tuple[str, ...], **fixed) -> Application:
    unknown = set(data) - set(fields)
    if unknown:
        raise ApplicationError(f"不能填写字段：{', '.join(sorted(unknown))}")
    app = Application(unit=unit, **{k: data.get(k, "") for k in fields}, **fixed)
    app.full_clean(exclude=["number", "query_code_hash", "submission_key"], validate_unique=False,
                   validate_constraints=False)
    return app


def _intake(app: Application, token: str, action: str, user=None) -> Submission:
    """Store ``app`` once per token: a repeat of the same submission returns the first one."""
    if not token or len(token) < 16:
        raise ApplicationError("提交令牌无效，请刷新页面后重新提交")
    key, code = codes.token_key(token), codes.query_code(token)
    try:
        with transaction.atomic():
            number = next_number(app.unit, app.received_on.year)  # takes the unit's lock before the check
            existing = Application.objects.filter(unit=app.unit, submission_key=key).first()
            if existing:
                transaction.set_rollback(True)  # the serial just taken is not used
                return Submission(existing, code, False)
            app.number, app.submission_key, app.query_code_hash = number, key, codes.code_hash(code)
            app.created_by = user
            app.due_on = _due(app)
            app.save()
            audit.record(action, app, user=user, unit=app.unit,
                         detail={"number": app.number, "channel": app.channel,
                                 "received_on": app.received_on.isoformat()})
    except IntegrityError:  # the same token won a race on another connection
        existing = Application.objects.get(unit=app.unit, submission_key=key)
        return Submission(existing, code, False)
    return Submission(app, code, True)


def submit_online(unit: Unit, data: dict, submission_key: str) -> Submission:
    """A public on-line application. The platform's automatic acknowledgement is the confirmation of
    条例第三十一条第（三）项, so it counts as received on the day it is submitted."""
    if not offices().filter(pk=unit.pk).exists():
        raise ApplicationError("该单位不受理政府信息公开申请")
    app = _build(unit, data, APPLICANT_FIELDS, channel=Channel.ONLINE, received_on=timezone.localdate())
    return _intake(app, submission_key, "application.submit")


def register_at_counter(user, data: dict, submission_key: str) -> Submission:
    """An application received at the counter, by letter, fax or e-mail, registered by a clerk
    of the receiving unit; ``received_on`` is the day 条例第三十一条 fixes for the channel."""
    unit = user.unit
    if unit is None or not can_act(user, unit, STAFF_ROLES):
        raise ApplicationError("您无权登记申请（仅限本单位工作人员）")
    app = _build(unit, data, COUNTER_FIELDS)
    if app.received_on > timezone.localdate():
        raise ValidationError({"received_on": "收到申请日期不能晚于今天"})
    return _intake(app, submission_key, "application.register", user=user)


# ---------------------------------------------------------------- the clock

def clock_input(app: Application) -> clock.ClockInput:
    return clock.ClockInput(received=app.received_on, supplement_requested=app.supplement_requested_on,
                            supplemented=app.supplemented_on)


def deadline(app: Application) -> clock.Deadline:
    """The answer deadline with the lines explaining it; raises UnknownYearError or SupplementPending."""
    return clock.compute_deadline(get_calendar(), clock_input(app))


def _due(app: Application) -> dt.date | None:
    if app.status not in ON_CLOCK_STATUSES:
        return None
    try:
        return deadline(app).due
    except (UnknownYearError, clock.SupplementPending):
        return None  # shown as "cannot be computed"; recomputed when the schedule is entered


def supplement_notice_due(app: Application) -> dt.date | None:
    try:
        return clock.supplement_notice_due(get_calendar(), app.received_on)
    except UnknownYearError:
        return None


def recompute_due_dates() -> int:
    """After a holiday schedule changes, every open application's 答复期限 is recomputed."""
    changed = 0
    for app in Application.objects.filter(status__in=OPEN_STATUSES).iterator():
        due = _due(app)
        if due != app.due_on:
            Application.objects.filter(pk=app.pk).update(due_on=due)
            audit.record("application.due_recomputed", app, unit=app.unit,
                         detail={"from": app.due_on.isoformat() if app.due_on else None,
                                 "to": due.isoformat() if due else None})
            changed += 1
    return changed


# ---------------------------------------------------------------- 补正

def _lock(app: Application) -> Application:
    return Application.objects.select_for_update().select_related("unit").get(pk=app.pk)


def _require(user, app: Application, what: str) -> None:
    if not can_act(user, app.unit, STAFF_ROLES):
        raise ApplicationError(f"您无权{what}（仅限受理单位工作人员）")


def _check_date(day: dt.date, app: Application, label: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(f"{label}不能晚于今天")
    if day < app.received_on:
        raise ApplicationError(f"{label}不能早于收到申请日期")


@transaction.atomic
def request_supplement(user, app: Application, requested_on: dt.date, items: str) -> Application:
    """告知补正 (条例第三十条): once, and the clock stops until the supplement arrives."""
    app = _lock(app)
    _require(user, app, "告知补正")
    if app.status != Status.RECEIVED or app.supplement_requested_on:
        raise ApplicationError("补正只能在收到申请后一次性告知")
    if not items.strip():
        raise ApplicationError("请写明需要补正的事项")
    _check_date(requested_on, app, "告知补正日期")
    app.status, app.supplement_requested_on, app.supplement_items = (
        Status.SUPPLEMENT_REQUESTED, requested_on, items.strip())
    app.due_on = None
    app.save(update_fields=["status", "supplement_requested_on", "supplement_items", "due_on", "updated_at"])
    audit.record("application.supplement_request", app, user=user,
                 detail={"requested_on": requested_on.isoformat()})
    return app


@transaction.atomic
def receive_supplement(user, app: Application, received_on: dt.date) -> Application:
    """收到补正: the 20 working days run again from this day."""
    app = _lock(app)
    _require(user, app, "登记补正")
    if app.status != Status.SUPPLEMENT_REQUESTED:
        raise ApplicationError("该申请没有待补正的事项")
    _check_date(received_on, app, "收到补正日期")
    if received_on < app.supplement_requested_on:
        raise ApplicationError("收到补正日期不能早于告知补正日期")
    app.status, app.supplemented_on = Status.IN_PROGRESS, received_on
    app.due_on = _due(app)
    app.save(update_fields=["status", "supplemented_on", "due_on", "updated_at"])
    audit.record("application.supplement_receive", app, user=user,
                 detail={"supplemented_on": received_on.isoformat(),
                         "due_on": app.due_on.isoformat() if app.due_on else None})
    return app


# ---------------------------------------------------------------- queues and status look-up

def due_soon_limit(today: dt.date) -> dt.date | None:
    try:
        return get_calendar().add(today, DUE_SOON_WORKDAYS)
    except UnknownYearError:
        return None


def queue(applications, name: str, today: dt.date | None = None):
    """open: not yet answered; due_soon: due within 3 working days; overdue: past the due date."""
    today = today or timezone.localdate()
    open_apps = applications.filter(status__in=OPEN_STATUSES)
    if name == "due_soon":
        limit = due_soon_limit(today)
        return open_apps.filter(due_on__gte=today, due_on__lte=limit) if limit else open_apps.none()
    if name == "overdue":
        return open_apps.filter(due_on__lt=today)
    return open_apps


def public_status(number: str, code: str) -> Application | None:
    """The application with this number if ``code`` is its query code; else None (the same for a
    wrong number and a wrong code)."""
    app = Application.objects.select_related("unit").filter(number=(number or "").strip().upper()).first()
    stored = app.query_code_hash if app else codes.code_hash("-" * codes.CODE_LENGTH)
    ok = codes.code_matches(code, stored)
    return app if app and ok else None
