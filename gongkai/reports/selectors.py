"""Reads of the annual-report pages (the views build no query)."""
from __future__ import annotations

from django.db.models import QuerySet

from gongkai.units.scoping import scope

from .models import AnnualReport


def visible_reports(user) -> QuerySet[AnnualReport]:
    """The annual reports of the units ``user`` may see, unit and signers joined."""
    return scope(AnnualReport.objects.select_related("unit", "submitted_by", "signed_by"), user)


def own_unit_reports(user) -> QuerySet[AnnualReport]:
    """The reports of ``user``'s own unit (none for a platform account without a unit)."""
    if user.unit is None:
        return AnnualReport.objects.none()
    return visible_reports(user).filter(unit=user.unit)
