"""Reads of the application pages (the views build no query)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gongkai.security.models import FullExportRequest
from gongkai.units.scoping import scope

from .models import Application, FeeNotice


def with_unit() -> QuerySet[Application]:
    """Every application, its unit joined (for a look-up the caller scopes or checks itself)."""
    return Application.objects.select_related("unit")


def visible_applications(user) -> QuerySet[Application]:
    """The applications of the units ``user`` may see, unit joined."""
    return scope(with_unit(), user)


def by_number(number: str) -> Application | None:
    """The application with this 申请编号 (the public status page's session holds it), or None."""
    return with_unit().filter(number=number).first() if number else None


def fee_notice(app: Application) -> FeeNotice | None:
    """The application's 收费通知, if one was issued."""
    return FeeNotice.objects.filter(application=app).first()


def full_export_requests(unit, limit: int = 50) -> QuerySet[FullExportRequest]:
    """The unit's requests for a full export, newest first (the model's order), with the people named."""
    return FullExportRequest.objects.filter(unit=unit).select_related("requester", "approved_by")[:limit]


def full_export_request(user, pk: int) -> FullExportRequest:
    """One request of the user's own unit; 404 for another unit's (its existence is not confirmed)."""
    return get_object_or_404(FullExportRequest, pk=pk, unit_id=user.unit_id)
