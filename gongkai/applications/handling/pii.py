"""Applicants' personal data: masked display, blind-index lookups, audited reveal, retention purge.

Identity numbers, phones and addresses are stored encrypted (``gongkai.crypto.fields``). Every
page, export and API shows them masked; ``reveal`` gives them in full to a permitted user for a
typed reason and records exactly one audit event (``pii.reveal``). ``purge`` anonymises the
applications whose retention period ended (``gongkai.domain.retention``).
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from gongkai.crypto.fields import Undecryptable
from gongkai.domain import pii_access, retention
from gongkai.domain.decisions import applicant_type
from gongkai.domain.identity import mask_credit_code, mask_id_number
from gongkai.units import audit
from gongkai.units.models import User

from ..models import OPEN_STATUSES, Application

UNREADABLE = "【无法解密，已报告】"
ANONYMOUS_NAME = "（已匿名化）"


class RevealRefused(Exception):
    """The user may not see this record in full, or gave no acceptable reason."""


def _is_organisation(app: Application) -> bool:
    try:
        return applicant_type(app.applicant_type).is_organisation
    except ValueError:
        return True


def masked_id(app: Application) -> str:
    """110101********1234; a credit code keeps its first 3 and last 4 characters."""
    value = app.id_number
    if isinstance(value, Undecryptable):
        return UNREADABLE
    if not value:
        return ""
    if _is_organisation(app):
        return mask_credit_code(value)
    return mask_id_number(value)


def masked_phone(phone: str) -> str:
    """138****5678; a landline keeps its area code and last 4 digits."""
    if isinstance(phone, Undecryptable):
        return UNREADABLE
    digits = "".join(c for c in phone or "" if c.isdigit())
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def masked_address(address: str) -> str:
    """The first 3 characters (the district, usually) and stars."""
    if isinstance(address, Undecryptable):
        return UNREADABLE
    text = (address or "").strip()
    return text[:3] + "****" if text else ""


def masked(app: Application) -> dict:
    return {"id_number": masked_id(app), "phone": masked_phone(app.phone), "address": masked_address(app.address)}


def unreadable_fields(app: Application) -> list[str]:
    return [name for name in ("id_number", "phone", "address") if isinstance(getattr(app, name), Undecryptable)]


# -- lookups through the blind index ---------------------------------------------------------

def _indexes(field: str, value: str) -> list[str]:
    return Application._meta.get_field(f"{field}_index").lookup_values(value)


def by_id_number(queryset, id_number: str):
    return queryset.filter(id_number_index__in=_indexes("id_number", id_number))


def by_phone(queryset, phone: str):
    return queryset.filter(phone_index__in=_indexes("phone", phone))


def by_id_numbers(queryset, id_numbers) -> object:
    wanted = [ix for value in id_numbers for ix in _indexes("id_number", value)]
    return queryset.filter(id_number_index__in=wanted)


def same_applicant(queryset, app: Application):
    """Applications of the same identity number as ``app`` (按件 fees, duplicates)."""
    if isinstance(app.id_number, Undecryptable):
        return queryset.filter(id_number_index=app.id_number_index) if app.id_number_index else queryset.none()
    return by_id_number(queryset, app.id_number)


def search(queryset, text: str):
    """Staff search by full identity number or phone (exact, through the index)."""
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(Q(id_number_index__in=_indexes("id_number", text))
                           | Q(phone_index__in=_indexes("phone", text)))


# -- reveal ----------------------------------------------------------------------------------

def may_reveal(user, app: Application) -> bool:
    if not getattr(user, "is_authenticated", False) or app.pii_anonymised_on:
        return False
    handles = user.pk is not None and user.pk in (app.assigned_to_id, app.created_by_id)
    return pii_access.may_reveal(pii_access.Viewer(role=user.role, same_unit=user.unit_id == app.unit_id,
                                                   handles_it=handles))


def reveal(user: User, app: Application, *, reason: str) -> dict[str, str]:
    """The full values, after the checks; one ``pii.reveal`` audit event (who, what, when, why)."""
    if not may_reveal(user, app):
        raise RevealRefused("您无权查看该申请人的完整个人信息（限本单位审核人或该件承办人）")
    problem = pii_access.reveal_reason_error(reason)
    if problem:
        raise RevealRefused(problem)
    audit.record("pii.reveal", app, user=user, detail={
        "fields": ["id_number", "phone", "address"], "reason": reason.strip(),
        "unreadable": unreadable_fields(app)})
    return {"id_number": app.id_number, "phone": app.phone, "address": app.address}


# -- retention -------------------------------------------------------------------------------

def retention_years() -> int:
    return int(getattr(settings, "GONGKAI_PII_RETENTION_YEARS", retention.DEFAULT_YEARS))


def _state(app: Application) -> retention.CaseState:
    closed = None
    if app.status not in OPEN_STATUSES:
        closed = app.answered_on or timezone_date(app.updated_at)
    return retention.CaseState(closed, tuple(d.closed_on for d in app.disputes.all()))


def timezone_date(moment) -> dt.date:
    from django.utils import timezone
    return timezone.localtime(moment).date()


def due_for_purge(today: dt.date, years: int | None = None):
    """Applications whose personal data should be anonymised on ``today``."""
    years = retention_years() if years is None else years
    dispute = Application._meta.get_field("disputes").related_model
    open_disputes = dispute.objects.filter(closed_on__isnull=True).values("application_id")
    candidates = (Application.objects.filter(pii_anonymised_on__isnull=True).exclude(status__in=OPEN_STATUSES)
                  .exclude(pk__in=open_disputes).prefetch_related("disputes").order_by("pk"))
    return [app for app in candidates.iterator(chunk_size=500)
            if retention.is_due(_state(app), today, years)]


def anonymise(app: Application, today: dt.date) -> None:
    """Overwrite every personal field (encrypted ones with empty values) and their indexes."""
    app.name = ANONYMOUS_NAME
    app.id_number = app.phone = app.address = app.email = ""
    app.pii_anonymised_on = today
    app.save(update_fields=["name", "id_number", "id_number_index", "phone", "phone_index", "address", "email",
                            "pii_anonymised_on", "updated_at"])


def purge(today: dt.date, *, dry_run: bool = False, years: int | None = None, user=None) -> list[str]:
    """Anonymise what is due; one ``pii.purge`` audit event per run that found anything.
    Returns the application numbers concerned."""
    years = retention_years() if years is None else years
    due = due_for_purge(today, years)
    numbers = [app.number for app in due]
    if dry_run or not due:
        return numbers
    with transaction.atomic():
        for app in due:
            anonymise(app, today)
        audit.record("pii.purge", user=user, target_repr=f"{len(numbers)}件申请", detail={
            "count": len(numbers), "numbers": numbers, "retention_years": years, "date": today.isoformat()})
    return numbers
