"""Reads of the assessment (考核) workbench: the schemes a user may see (``services.visible_schemes``,
scoped by ``gongkai.units.scoping``) and the supervisor's own unit's schemes for the trend."""
from __future__ import annotations

from django.db.models import QuerySet

from gongkai.units.models import User

from . import services
from .models import Scheme

__all__ = ["own_unit_schemes", "schemes_newest_first", "visible_schemes"]


def visible_schemes(user: User) -> QuerySet[Scheme]:
    """The schemes ``user`` may read (their unit's, those above it, a supervisor's sub-tree's), unit joined."""
    return services.visible_schemes(user).select_related("unit")


def schemes_newest_first(user: User) -> list[Scheme]:
    """The schemes ``user`` may read, newest year first, then by unit."""
    return list(visible_schemes(user).order_by("-year", "unit__path"))


def own_unit_schemes(user: User) -> list[Scheme]:
    """The schemes of ``user``'s own unit (the 历年考核趋势; the view has checked who may see it), unit joined."""
    return list(Scheme.objects.filter(unit=user.unit).select_related("unit"))
