"""Reads of the 复议/诉讼 workbench: the cases and the applications a user may see
(scoped by ``gongkai.units.scoping``)."""
from __future__ import annotations

from django.db.models import QuerySet

from gongkai.applications.models import Application
from gongkai.units.scoping import scope

from .models import Dispute

__all__ = ["visible_applications", "visible_disputes"]


def visible_disputes(user) -> QuerySet[Dispute]:
    """The cases of the units ``user`` may see, unit and application joined."""
    return scope(Dispute.objects.select_related("unit", "application"), user)


def visible_applications(user) -> QuerySet[Application]:
    """The applications a case may be registered against: those of the units ``user`` may see."""
    return scope(Application.objects.select_related("unit"), user)
