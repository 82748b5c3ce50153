"""复议/诉讼 cases: the only code that changes a Dispute; scoped by unit and role, audited."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.domain import disputes as rules
from gongkai.units import audit

from .models import Dispute, Outcome
from .permissions import DisputeError, check_create, check_update_outcome

if TYPE_CHECKING:
    from collections.abc import Iterable

    from gongkai.units.models import User

__all__ = ["FIELDS", "DisputeError", "create", "table_four", "update_outcome"]

FIELDS = ("kind", "filed_on", "body", "case_number", "outcome", "closed_on")


def _check(kind, outcome, filed_on: dt.date, closed_on: dt.date | None, app: Application) -> None:
    try:
        rules.Case(kind, outcome, filed_on, closed_on)
    except ValueError as exc:
        raise DisputeError(str(exc)) from None
    today = timezone.localdate()
    if filed_on > today or (closed_on and closed_on > today):
        raise DisputeError("日期不能晚于今天")
    if app.answered_on and filed_on < app.answered_on:
        raise DisputeError("申请复议或起诉日期不能早于答复日期")


@transaction.atomic
def create(user: User, app: Application, *, data: dict) -> Dispute:
    """登记一件行政复议或行政诉讼案件 against the answer of ``app``, in ``app``'s unit."""
    app = Application.objects.select_for_update().select_related("unit").get(pk=app.pk)
    check_create(user, app)
    values = {k: data.get(k) for k in FIELDS}
    values["outcome"] = values["outcome"] or Outcome.PENDING
    values["body"] = (values["body"] or "").strip()
    if not values["body"]:
        raise DisputeError("请填写复议机关或人民法院")
    _check(values["kind"], values["outcome"], values["filed_on"], values["closed_on"], app)
    dispute = Dispute.objects.create(application=app, unit=app.unit, created_by=user,
                                     **{**values, "case_number": values["case_number"] or ""})
    audit.record("dispute.create", dispute, user=user, unit=app.unit,
                 detail={"application": app.number, "kind": dispute.kind, "outcome": dispute.outcome})
    return dispute


@transaction.atomic
def update_outcome(user: User, dispute: Dispute, *, outcome: str, closed_on: dt.date | None,
                   case_number: str = "") -> Dispute:
    """审结: the outcome and the day the case closed (or back to 尚未审结)."""
    dispute = Dispute.objects.select_for_update().select_related("unit", "application").get(pk=dispute.pk)
    check_update_outcome(user, dispute)
    _check(dispute.kind, outcome, dispute.filed_on, closed_on, dispute.application)
    before = {"outcome": dispute.outcome, "closed_on": dispute.closed_on.isoformat() if dispute.closed_on else None}
    dispute.outcome, dispute.closed_on = outcome, closed_on
    if case_number:
        dispute.case_number = case_number.strip()
    dispute.save(update_fields=["outcome", "closed_on", "case_number"])
    audit.record("dispute.update", dispute, user=user, unit=dispute.unit,
                 detail={"from": before, "to": {"outcome": outcome,
                                                "closed_on": closed_on.isoformat() if closed_on else None}})
    return dispute


def table_four(unit_ids: Iterable[int], year: int) -> list[int]:
    """The 15 cells of table 四 (政府信息公开行政复议、行政诉讼情况) of ``year`` for these units."""
    rows = Dispute.objects.filter(unit_id__in=list(unit_ids), filed_on__year__lte=year)
    return rules.table_four_cells([d.as_case() for d in rows], year)
