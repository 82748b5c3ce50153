"""Intake and clock of applications for disclosure: the only code that changes an Application.

Every function that changes state runs in one transaction, checks the user's
unit and role where there is a user, and appends to the audit log. Personal
data never goes into the audit log's detail.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.domain.calendar_readiness import unknown_year_message
from gongkai.domain import application_clock as clock
from gongkai.domain import decisions
from gongkai.domain import fees as fee_rules
from gongkai.domain.workdays import UnknownYearError
from gongkai.units import audit
from gongkai.units.models import Unit, UnitKind, User
from gongkai.units.serials import next_serial
from gongkai.workdays.services import get_calendar

from . import codes
from . import permissions as may
# re-exported: the roles and the error are part of the services' surface (views, API, disputes)
from .permissions import APPROVER_ROLES as APPROVER_ROLES
from .permissions import STAFF_ROLES as STAFF_ROLES
from .permissions import ApplicationError
from ..models import (
    ON_CLOCK_STATUSES,
    OPEN_STATUSES,
    Application,
    ApplicationExtension,
    ApplicationPause,
    Channel,
    FeeNotice,
    LetterDelivery,
    NumberCounter,
    Status,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

OFFICE_KINDS = (UnitKind.COUNTY, UnitKind.TOWNSHIP, UnitKind.SUBDISTRICT, UnitKind.DEPARTMENT)
APPLICANT_FIELDS = ("applicant_type", "name", "id_number", "phone", "email", "address", "description",
                    "info_form", "delivery")
COUNTER_FIELDS = APPLICANT_FIELDS + ("channel", "received_on")
DUE_SOON_WORKDAYS = 3
SUPPLEMENT_WORKDAYS_DEFAULT = 15   # the 合理的补正期限 (第三十条 leaves it to the office)
SUPPLEMENT_WORKDAYS_MAX = 30


@dataclass(frozen=True)
class Submission:
    """The outcome of an intake: the application, its query code, and whether this call made it."""

    application: Application
    query_code: str
    created: bool


def offices() -> QuerySet[Unit]:
    """Units that take applications (地方各级人民政府 and 县级以上部门, 条例第二十七条)."""
    return Unit.objects.filter(is_active=True, kind__in=OFFICE_KINDS).order_by("path")


# ---------------------------------------------------------------- numbers

def next_number(unit: Unit, year: int) -> str:
    """The next 申请编号 of ``unit`` for ``year``. Inside a transaction: the counter row is
    locked first, so concurrent intakes of one unit queue here."""
    return codes.format_number(unit.code, year, next_serial(NumberCounter, unit, year))


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
            app.created_by = app.assigned_to = user  # the registering clerk handles it until reassigned
            app.due_on = _due(app)
            app.save()
            audit.record(action, app, user=user, unit=app.unit,
                         detail={"number": app.number, "channel": app.channel,
                                 "received_on": app.received_on.isoformat()})
    except IntegrityError:  # the same token won a race on another connection
        existing = Application.objects.get(unit=app.unit, submission_key=key)
        return Submission(existing, code, False)
    return Submission(app, code, True)


def submit_online(unit: Unit, *, data: dict, submission_key: str) -> Submission:
    """A public on-line application. The platform's automatic acknowledgement is the confirmation of
    条例第三十一条第（三）项, so it counts as received on the day it is submitted."""
    if not offices().filter(pk=unit.pk).exists():
        raise ApplicationError("该单位不受理政府信息公开申请")
    app = _build(unit, data, APPLICANT_FIELDS, channel=Channel.ONLINE, received_on=timezone.localdate())
    return _intake(app, submission_key, "application.submit")


def register_at_counter(user: User, *, data: dict, submission_key: str) -> Submission:
    """An application received at the counter, by letter, fax or e-mail, registered by a clerk
    of the receiving unit; ``received_on`` is the day 条例第三十一条 fixes for the channel."""
    may.check_register(user)
    unit = user.unit
    app = _build(unit, data, COUNTER_FIELDS)
    if app.received_on > timezone.localdate():
        raise ValidationError({"received_on": "收到申请日期不能晚于今天"})
    return _intake(app, submission_key, "application.register", user=user)


# ---------------------------------------------------------------- the clock

def clock_pauses(app: Application) -> tuple[clock.Pause, ...]:
    """The stored consultations as clock pauses; one still awaiting its reply lasts until the
    consulted party's 15 working days run out (条例第三十二条、第三十四条)."""
    if app.pk is None:
        return ()
    pauses = []
    for row in app.pauses.all():
        end = row.ended_on or clock.consultation_reply_due(get_calendar(), row.started_on)
        pauses.append(clock.Pause(row.started_on, end, row.kind))
    fee = fee_pause(app)
    return tuple(pauses) + ((fee,) if fee else ())


def fee_pause(app: Application) -> clock.Pause | None:
    """The wait for the 信息处理费 as a clock pause (our reading, see domain.application_clock):
    from the notice to the payment; unpaid, to the payment deadline (counted from the issue
    day while the day the applicant received the notice is not recorded)."""
    notice = FeeNotice.objects.filter(application=app).first()
    if notice is None:
        return None
    end = notice.paid_on or notice.payment_due_on or fee_rules.payment_due(get_calendar(), notice.issued_on)
    return clock.Pause(notice.issued_on, end, clock.FEE)


def _approved_extension(app: Application) -> ApplicationExtension | None:
    if app.pk is None:
        return None
    return ApplicationExtension.objects.filter(application=app, approved_on__isnull=False).first()


def clock_input(app: Application) -> clock.ClockInput:
    base = clock.ClockInput(received=app.received_on, supplement_requested=app.supplement_requested_on,
                            supplemented=app.supplemented_on, pauses=clock_pauses(app),
                            on_the_spot=app.on_the_spot)
    ext = _approved_extension(app)
    return clock.with_extension(base, ext.days, ext.approved_on) if ext else base


def deadline(app: Application) -> clock.Deadline:
    """The answer deadline with the lines explaining it; raises UnknownYearError or SupplementPending."""
    return clock.compute_deadline(get_calendar(), clock_input(app))


def _due(app: Application) -> dt.date | None:
    if app.status not in ON_CLOCK_STATUSES:
        return None
    try:
        return deadline(app).due
    except (UnknownYearError, clock.ClockError):
        return None  # shown as "cannot be computed"; recomputed when the schedule is entered


def supplement_notice_due(app: Application) -> dt.date | None:
    try:
        return clock.supplement_notice_due(get_calendar(), app.received_on)
    except UnknownYearError:
        return None


def recompute_due_dates() -> list[tuple[Application, dt.date | None, dt.date | None]]:
    """After a holiday schedule changes, every open application's 答复期限 is recomputed; returns
    (application, old due date, new due date) for each that moved, so the people can be told."""
    changed = []
    for app in Application.objects.filter(status__in=OPEN_STATUSES).select_related("unit").iterator():
        supplement_due = _supplement_due(app)
        if supplement_due != app.supplement_due_on:
            Application.objects.filter(pk=app.pk).update(supplement_due_on=supplement_due)
        due = _due(app)
        if due != app.due_on:
            Application.objects.filter(pk=app.pk).update(due_on=due)
            audit.record("application.due_recomputed", app, unit=app.unit,
                         detail={"from": app.due_on.isoformat() if app.due_on else None,
                                 "to": due.isoformat() if due else None})
            changed.append((app, app.due_on, due))
    return changed


# ---------------------------------------------------------------- 补正

def _lock(app: Application) -> Application:
    return Application.objects.select_for_update().select_related("unit").get(pk=app.pk)


def _check_date(day: dt.date, app: Application, label: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(f"{label}不能晚于今天")
    if day < app.received_on:
        raise ApplicationError(f"{label}不能早于收到申请日期")


def supplement_period_start(app: Application) -> dt.date | None:
    """The day the 补正 period runs from (not itself counted): the day the 补正告知书 was
    delivered when a delivery record says so, else the day it was sent out."""
    if not app.supplement_requested_on:
        return None
    delivered = (LetterDelivery.objects.filter(application=app, letter="supplement", delivered_on__isnull=False)
                 .order_by("delivered_on").values_list("delivered_on", flat=True).first()) if app.pk else None
    return delivered or app.supplement_requested_on


def _supplement_due(app: Application) -> dt.date | None:
    """补正期限届满日: ``supplement_workdays`` working days after the period's start."""
    start = supplement_period_start(app)
    if start is None:
        return None
    try:
        return clock.supplement_expires(get_calendar(), start, app.supplement_workdays)
    except UnknownYearError:
        return None  # recomputed when the schedule is entered


def update_supplement_due(app: Application) -> None:
    """Store the 补正 deadline again (after a delivery of the 补正告知书 is recorded); in the
    caller's transaction, on a locked application."""
    if app.status == Status.SUPPLEMENT_REQUESTED:
        app.supplement_due_on = _supplement_due(app)
        app.save(update_fields=["supplement_due_on", "updated_at"])


@transaction.atomic
def request_supplement(user: User, app: Application, *, requested_on: dt.date, items: str,
                       workdays: int = SUPPLEMENT_WORKDAYS_DEFAULT) -> Application:
    """告知补正 (条例第三十条): once, with a reasonable period of 1–30 working days, and the clock
    stops until the supplement arrives."""
    app = _lock(app)
    may.check_request_supplement(user, app)
    if not items.strip():
        raise ApplicationError("请写明需要补正的事项")
    if isinstance(workdays, bool) or not isinstance(workdays, int) or not 1 <= workdays <= SUPPLEMENT_WORKDAYS_MAX:
        raise ApplicationError(f"补正期限应为1至{SUPPLEMENT_WORKDAYS_MAX}个工作日")
    _check_date(requested_on, app, "告知补正日期")
    app.status, app.supplement_requested_on, app.supplement_items = (
        Status.SUPPLEMENT_REQUESTED, requested_on, items.strip())
    app.supplement_workdays = workdays
    app.supplement_due_on = _supplement_due(app)
    app.due_on = None
    app.save(update_fields=["status", "supplement_requested_on", "supplement_items", "supplement_workdays",
                            "supplement_due_on", "due_on", "updated_at"])
    audit.record("application.supplement_request", app, user=user,
                 detail={"requested_on": requested_on.isoformat(), "workdays": workdays,
                         "supplement_due_on": app.supplement_due_on.isoformat() if app.supplement_due_on else None})
    return app


@transaction.atomic
def receive_supplement(user: User, app: Application, *, received_on: dt.date) -> Application:
    """收到补正: the 20 working days run again from this day."""
    app = _lock(app)
    may.check_receive_supplement(user, app)
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


# ---------------------------------------------------------------- 征求意见 (consultation pauses)

def _save_due(app: Application) -> None:
    app.due_on = _due(app)
    app.save(update_fields=["due_on", "updated_at"])


@transaction.atomic
def start_pause(user: User, app: Application, *, kind: str, party: str, started_on: dt.date
                ) -> ApplicationPause:
    """征求意见书发出 (条例第三十二条 第三方 / 第三十四条 其他机关): the clock stops from this day."""
    app = _lock(app)
    may.check_start_pause(user, app)
    if not party.strip():
        raise ApplicationError("请填写被征求意见方的名称")
    _check_date(started_on, app, "发出征求意见书日期")
    if app.due_on and started_on > app.due_on:
        raise ApplicationError(f"答复期限（{app.due_on}）已届满，不能再以征求意见中止计算")
    pause = ApplicationPause.objects.create(application=app, kind=kind, party=party.strip(),
                                            started_on=started_on, created_by=user)
    _save_due(app)
    audit.record("application.pause_start", app, user=user,
                 detail={"pause": pause.pk, "kind": kind, "started_on": started_on.isoformat(),
                         "due_on": app.due_on.isoformat() if app.due_on else None})
    return pause


@transaction.atomic
def end_pause(user: User, pause: ApplicationPause, *, ended_on: dt.date) -> ApplicationPause:
    """收到意见, or the 15 working days passed without a reply: the clock runs again after this day."""
    app = _lock(pause.application)
    pause = ApplicationPause.objects.select_for_update().get(pk=pause.pk, application=app)
    may.check_end_pause(user, app, pause)
    _check_date(ended_on, app, "收到意见日期")
    if ended_on < pause.started_on:
        raise ApplicationError("收到意见日期不能早于发出征求意见书日期")
    limit = clock.consultation_reply_due(get_calendar(), pause.started_on)
    if ended_on > limit:
        raise ApplicationError(f"被征求意见方应于{limit}前提出意见（15个工作日）；逾期未答复的，结束日期填写{limit}")
    pause.ended_on = ended_on
    pause.save(update_fields=["ended_on"])
    _save_due(app)
    audit.record("application.pause_end", app, user=user,
                 detail={"pause": pause.pk, "ended_on": ended_on.isoformat(),
                         "due_on": app.due_on.isoformat() if app.due_on else None})
    return pause


# ---------------------------------------------------------------- 延期 (extension)

@transaction.atomic
def request_extension(user: User, app: Application, *, days: int, reason: str, requested_on: dt.date
                      ) -> ApplicationExtension:
    """申请延期答复 (条例第三十三条第二款): once, at most 20 working days, with a reason."""
    app = _lock(app)
    may.check_request_extension(user, app, ApplicationExtension.objects.filter(application=app).first())
    if not isinstance(days, int) or not 1 <= days <= clock.MAX_EXTENSION_WORKDAYS:
        raise ApplicationError(f"延长的期限为1至{clock.MAX_EXTENSION_WORKDAYS}个工作日（条例第三十三条第二款）")
    if not reason.strip():
        raise ApplicationError("请写明延期理由")
    _check_date(requested_on, app, "申请延期日期")
    if app.due_on and requested_on > app.due_on:
        raise ApplicationError(f"答复期限（{app.due_on}）已届满，不能再申请延期")
    ext = ApplicationExtension.objects.create(application=app, days=days, reason=reason.strip(),
                                              requested_on=requested_on, requested_by=user)
    audit.record("application.extension_request", app, user=user,
                 detail={"days": days, "requested_on": requested_on.isoformat()})
    return ext


@transaction.atomic
def approve_extension(user: User, app: Application, *, approved_on: dt.date) -> ApplicationExtension:
    """负责人同意延期: a reviewer of the unit, not the one who asked, by the original due date."""
    app = _lock(app)
    ext = ApplicationExtension.objects.select_for_update().filter(application=app).first()
    may.check_approve_extension(user, app, ext)
    _check_date(approved_on, app, "同意日期")
    if approved_on < ext.requested_on:
        raise ApplicationError("同意日期不能早于申请延期日期")
    try:
        clock.compute_deadline(get_calendar(), clock.with_extension(clock_input(app), ext.days, approved_on))
    except clock.ClockError as exc:
        raise ApplicationError(str(exc)) from None
    except UnknownYearError as exc:
        raise ApplicationError(unknown_year_message(exc.year, "不能计算延期后的答复期限，暂不能同意延期")) from None
    ext.approved_on, ext.approved_by = approved_on, user
    ext.save(update_fields=["approved_on", "approved_by"])
    _save_due(app)
    audit.record("application.extension_approve", app, user=user,
                 detail={"days": ext.days, "approved_on": approved_on.isoformat(),
                         "due_on": app.due_on.isoformat() if app.due_on else None})
    return ext


# ---------------------------------------------------------------- 答复 (decision)

@transaction.atomic
def record_decision(user: User, app: Application, *, decision_code: str, basis: str, answered_on: dt.date,
                    text: str = "", on_the_spot: bool = False) -> Application:
    """办理结果: exactly one type of table 三 (a 部分公开 answer is only 部分公开), its legal basis
    (``decisions.validate_basis``), the answer date; the application is then answered."""
    app = _lock(app)
    may.check_decide(user, app)
    try:
        kind = decisions.decision_type(decision_code)
        cited = decisions.validate_basis(decision_code, basis)
    except ValueError as exc:
        raise ApplicationError(str(exc)) from None
    _check_date(answered_on, app, "答复日期")
    if app.status == Status.SUPPLEMENT_REQUESTED and kind.group.code != "other":
        raise ApplicationError("待补正的申请只能以“其他处理”办结，或在收到补正后答复")
    if on_the_spot:
        if app.channel != Channel.COUNTER or answered_on != app.received_on:
            raise ApplicationError("当场答复仅适用于当面提交、并于收到申请当日答复的申请（条例第三十三条第一款）")
        if app.pauses.exists() or app.supplement_requested_on or hasattr(app, "extension"):
            raise ApplicationError("已告知补正、征求意见或延期的申请不是当场答复")
    basis_text = cited.full if cited in kind.bases else cited.citation  # the office's own words stay as written
    app.decision_type, app.decision_basis, app.decision_text = kind.code, basis_text, text.strip()
    app.answered_on, app.answered_by, app.on_the_spot = answered_on, user, on_the_spot
    app.status, app.due_on = Status.ANSWERED, (answered_on if on_the_spot else app.due_on)
    app.save(update_fields=["decision_type", "decision_basis", "decision_text", "answered_on", "answered_by",
                            "on_the_spot", "status", "due_on", "updated_at"])
    audit.record("application.decide", app, user=user,
                 detail={"decision": kind.code, "answered_on": answered_on.isoformat(),
                         "on_the_spot": on_the_spot, "late": bool(app.due_on and answered_on > app.due_on)})
    return app


class _Preview(Exception):
    def __init__(self, app):
        self.app = app


def preview_decision(user: User, app: Application, *, decision_code: str, basis: str, answered_on: dt.date,
                     text: str = "", on_the_spot: bool = False) -> Application:
    """The answered application ``record_decision`` would make, with every one of its checks,
    but nothing saved: the confirmation step shows it before the decision is final."""
    try:
        with transaction.atomic():
            raise _Preview(record_decision(user, app, decision_code=decision_code, basis=basis,
                                           answered_on=answered_on, text=text, on_the_spot=on_the_spot))
    except _Preview as done:
        return done.app


# ---------------------------------------------------------------- automatic closing

def close_automatically(app: Application, *, decision_code: str, today: dt.date, action: str,
                        detail: dict[str, object]) -> Application:
    """Close ``app`` (locked, open) as ``decision_code`` of table 三 with its first legal basis,
    answered ``today`` by nobody; audited as done by the system. In the caller's transaction."""
    kind = decisions.decision_type(decision_code)
    app.decision_type, app.decision_basis = kind.code, kind.bases[0].full
    app.decision_text = ""
    app.answered_on, app.answered_by, app.status = today, None, Status.ANSWERED
    app.save(update_fields=["decision_type", "decision_basis", "decision_text", "answered_on", "answered_by",
                            "status", "updated_at"])
    audit.record(action, app, user=None, unit=app.unit,
                 detail={"automatic": True, "decision": kind.code, "answered_on": today.isoformat(), **detail})
    return app


def close_lapsed_supplements(*, today: dt.date | None = None) -> list[Application]:
    """Applications still awaiting a 补正 after their 补正期限 are given up (视为放弃, 条例第三十条):
    closed as ``other.1``. Safe to run any number of times a day."""
    today = today or timezone.localdate()
    closed = []
    candidates = Application.objects.filter(status=Status.SUPPLEMENT_REQUESTED, supplement_due_on__lt=today)
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            app = Application.objects.select_for_update().select_related("unit").get(pk=pk)
            if app.status != Status.SUPPLEMENT_REQUESTED or not app.supplement_due_on \
                    or app.supplement_due_on >= today:
                continue  # supplemented or closed meanwhile
            closed.append(close_automatically(app, decision_code="other.1", today=today,
                                              action="application.supplement_lapsed",
                                              detail={"supplement_due_on": app.supplement_due_on.isoformat()}))
    return closed


# ---------------------------------------------------------------- queues and status look-up

def due_soon_limit(today: dt.date) -> dt.date | None:
    try:
        return get_calendar().add(today, DUE_SOON_WORKDAYS)
    except UnknownYearError:
        return None


def queue(applications: QuerySet[Application], name: str, today: dt.date | None = None) -> QuerySet[Application]:
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
    if not (app and ok):
        return None
    # a 收费通知 still waiting for payment: amount and deadline only, for the status page
    app.pending_fee = (FeeNotice.objects.filter(application=app, paid_on__isnull=True, lapsed_on__isnull=True)
                       .first() if app.status in ON_CLOCK_STATUSES else None)
    return app
