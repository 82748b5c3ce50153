"""信息处理费 (information processing fee, 国办函〔2020〕109号) of an application: the 收费通知,
its receipt, the payment, the lapse of an unpaid notice, and the annual totals.

The amounts come from ``gongkai.domain.fees``. While a notice is out the answer clock stands
still (our reading, see ``gongkai.domain.application_clock``), so each step here stores the
answer deadline again.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from gongkai.domain.calendar_readiness import unknown_year_message
from gongkai.domain import fees as rules
from gongkai.domain.workdays import UnknownYearError
from gongkai.units import audit
from gongkai.units.models import User
from gongkai.workdays.services import get_calendar

from . import pii
from ..models import ON_CLOCK_STATUSES, Application, FeeBasis, FeeNotice
from . import permissions as may
from .services import ApplicationError, _check_date, _lock, _save_due, close_automatically


@dataclass(frozen=True)
class FeeTotals:
    """For section 六 of the annual report: notices issued and their amount (by issue year),
    amount collected (by payment year), in 元."""

    notices: int
    noticed: int
    collected: int


def previous_this_month(app: Application) -> int:
    """件 the same applicant (same identity number) had at this unit earlier in the natural month
    of ``app``'s receipt: each earlier application is one 件, or as many as its own 按件
    notice split it into (一事一申请, 109号第四条)."""
    first = app.received_on.replace(day=1)
    same_unit = Application.objects.filter(unit=app.unit, received_on__gte=first, received_on__lte=app.received_on)
    earlier = pii.same_applicant(same_unit, app).exclude(pk=app.pk).select_related("fee_notice")
    total = 0
    for other in earlier:
        if other.received_on == app.received_on and other.pk > app.pk:
            continue  # registered later on the same day
        notice = getattr(other, "fee_notice", None)
        total += notice.quantity if notice and notice.basis == FeeBasis.BY_COUNT else 1
    return total


def quote_for(app: Application, basis: str, quantity: int) -> tuple[rules.FeeQuote, int]:
    """The quote by ``basis`` and the 件 counted before this application (0 for 按量)."""
    try:
        if basis == FeeBasis.BY_COUNT:
            previous = previous_this_month(app)
            return rules.quote(count=quantity, previous_this_month=previous), previous
        if basis == FeeBasis.BY_PAGES:
            return rules.quote(pages=quantity), 0
    except rules.FeeError as exc:
        raise ApplicationError(str(exc)) from None
    raise ApplicationError("请选择按件计收或按量计收")


@transaction.atomic
def issue_notice(user: User, app: Application, *, basis: str, quantity: int, issued_on: dt.date) -> FeeNotice:
    """发出收费通知: within the answer period, once per application, for a non-zero amount."""
    app = _lock(app)
    may.check_issue_fee(user, app, FeeNotice.objects.filter(application=app).first())
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise ApplicationError("件数或页数应为正整数")
    _check_date(issued_on, app, "发出收费通知日期")
    if app.due_on and issued_on > app.due_on:
        raise ApplicationError(f"应在答复期限（{app.due_on}）内发出收费通知")
    quote, previous = quote_for(app, basis, quantity)
    if quote.total == 0:
        raise ApplicationError(f"按{quote.basis_label}标准计算，本件申请应缴金额为0元，无需收费")
    notice = FeeNotice.objects.create(
        application=app, basis=basis, quantity=quantity, previous_this_month=previous, amount=quote.total,
        breakdown=[line.text for line in quote.lines if line.amount], issued_on=issued_on, issued_by=user)
    _save_due(app)
    audit.record("application.fee_issue", app, user=user,
                 detail={"basis": basis, "quantity": quantity, "previous_this_month": previous,
                         "amount": notice.amount, "issued_on": issued_on.isoformat()})
    return notice


def _notice(app: Application) -> FeeNotice | None:
    return FeeNotice.objects.select_for_update().filter(application=app).first()


@transaction.atomic
def record_received(user: User, app: Application, *, received_on: dt.date) -> FeeNotice:
    """申请人收到收费通知: the 20 working days to pay run from the next day."""
    app = _lock(app)
    notice = _notice(app)
    may.check_fee_received(user, app, notice)
    _check_date(received_on, app, "申请人收到收费通知日期")
    if received_on < notice.issued_on:
        raise ApplicationError("申请人收到收费通知日期不能早于发出日期")
    try:
        due = rules.payment_due(get_calendar(), received_on)
    except UnknownYearError as exc:
        raise ApplicationError(unknown_year_message(exc.year, "不能计算缴费期限")) from None
    notice.received_on, notice.payment_due_on = received_on, due
    notice.save(update_fields=["received_on", "payment_due_on"])
    _save_due(app)
    audit.record("application.fee_received", app, user=user,
                 detail={"received_on": received_on.isoformat(), "payment_due_on": due.isoformat()})
    return notice


@transaction.atomic
def record_payment(user: User, app: Application, *, paid_on: dt.date, paid_amount: int, reference: str
                   ) -> FeeNotice:
    """缴费: the whole amount of the notice, by the payment deadline; the clock runs again."""
    app = _lock(app)
    notice = _notice(app)
    may.check_fee_payment(user, app, notice)
    _check_date(paid_on, app, "缴费日期")
    if paid_on < notice.issued_on:
        raise ApplicationError("缴费日期不能早于发出收费通知日期")
    if paid_on > notice.payment_due_on:
        raise ApplicationError(f"缴费期限已于{notice.payment_due_on}届满，逾期未缴纳的视为放弃申请")
    if paid_amount != notice.amount:
        raise ApplicationError(f"实收金额应与收费通知金额一致（{notice.amount}元）")
    if not reference.strip():
        raise ApplicationError("请填写缴款凭证号")
    notice.paid_on, notice.paid_amount, notice.payment_reference = paid_on, paid_amount, reference.strip()
    notice.save(update_fields=["paid_on", "paid_amount", "payment_reference"])
    _save_due(app)
    audit.record("application.fee_paid", app, user=user,
                 detail={"paid_on": paid_on.isoformat(), "amount": paid_amount,
                         "due_on": app.due_on.isoformat() if app.due_on else None})
    return notice


def close_lapsed_fees(*, today: dt.date | None = None) -> list[Application]:
    """Applications whose fee was not paid by the payment deadline are given up (视为放弃): closed
    as ``other.2`` with the 109号 basis, answered today, by the system. Idempotent."""
    today = today or timezone.localdate()
    closed = []
    candidates = FeeNotice.objects.filter(paid_on__isnull=True, lapsed_on__isnull=True,
                                          payment_due_on__lt=today, application__status__in=ON_CLOCK_STATUSES)
    for pk in candidates.values_list("application_id", flat=True):
        with transaction.atomic():
            app = Application.objects.select_for_update().select_related("unit").get(pk=pk)
            notice = FeeNotice.objects.select_for_update().get(application=app)
            if app.status not in ON_CLOCK_STATUSES or notice.paid_on or notice.lapsed_on:
                continue  # paid or closed meanwhile
            notice.lapsed_on = today
            notice.save(update_fields=["lapsed_on"])
            closed.append(close_automatically(app, decision_code=rules.UNPAID_DECISION, today=today,
                                              action="application.fee_lapsed",
                                              detail={"payment_due_on": notice.payment_due_on.isoformat()}))
    return closed


def fee_totals(units_qs, year: int) -> FeeTotals:
    """Notices issued in ``year`` by ``units_qs`` and their amount; amount collected in ``year``."""
    issued = FeeNotice.objects.filter(application__unit__in=units_qs, issued_on__year=year).aggregate(
        n=Count("id"), total=Sum("amount"))
    collected = FeeNotice.objects.filter(application__unit__in=units_qs, paid_on__year=year).aggregate(
        total=Sum("paid_amount"))
    return FeeTotals(issued["n"] or 0, issued["total"] or 0, collected["total"] or 0)

