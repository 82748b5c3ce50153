"""May this user define, change or read this assessment (考核) now? — one answer per action.

Each ``check_*`` raises :class:`AssessmentError` with the reason the user reads (Chinese), or
returns. The services call them first (on the locked scheme where they lock); the pages ask
:func:`allowed_actions` / :func:`index_actions`, which run the very same checks, so a button, a
link or a section is shown exactly when the service (or the page behind the link) accepts."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from gongkai.units import permissions as units_permissions
from gongkai.units.models import Role, Unit
from gongkai.units.permissions import ActionSet, can_act
from gongkai.units.scoping import can_see_unit

from .models import Scheme

SUPERVISOR_ROLES = (Role.SUPERVISOR,)


class AssessmentError(Exception):
    """A change refused, with the reason in Chinese."""


#: True when ``check(*args)`` passes (the page's question, asked of the service's check).
allows = partial(units_permissions.allows, AssessmentError)


def _require_supervisor(user, unit, what: str) -> None:
    if not can_act(user, unit, SUPERVISOR_ROLES):
        raise AssessmentError(f"您无权{what}（仅限本单位的政务公开主管）")


def check_create_scheme(user, unit) -> None:
    """制定考核方案: the supervisor of ``unit`` itself."""
    if unit is None:
        raise AssessmentError("您无权制定考核方案（仅限本单位的政务公开主管）")
    _require_supervisor(user, unit, "制定考核方案")


def check_edit_scheme(user, scheme: Scheme, what: str = "修改考核方案") -> None:
    """修改考核方案 / 调整考核分数: the supervisor of the scheme's own unit."""
    _require_supervisor(user, scheme.unit, what)


def check_adjust(user, scheme: Scheme) -> None:
    """加减分: as :func:`check_edit_scheme` (the unit must also be one the scheme assesses)."""
    check_edit_scheme(user, scheme, "调整考核分数")


def check_supervise(user, scheme: Scheme) -> None:
    """The ranking, its export and every unit's scorecard: a supervisor who can see the scheme's unit."""
    if not (user.is_authenticated and user.role == Role.SUPERVISOR and can_see_unit(user, scheme.unit)):
        raise AssessmentError("您无权查看该考核方案的排名（仅限考核单位及上级的政务公开主管）")


def check_see_scorecard(user, scheme: Scheme, unit: Unit) -> None:
    """One unit's scorecard: the scheme's supervisors, or the staff of that unit (read-only)."""
    if user.is_authenticated and user.unit_id == unit.pk:
        return
    check_supervise(user, scheme)


def check_see_trend(user) -> None:
    """历年考核趋势 of the user's own unit's schemes: a supervisor of a unit."""
    if not (user.is_authenticated and user.role == Role.SUPERVISOR and user.unit_id is not None):
        raise AssessmentError("您无权查看考核趋势（仅限政务公开主管）")


@dataclass(frozen=True)
class AllowedActions(ActionSet):
    """What ``user`` may do with one scheme now (the ranking and scorecard pages)."""

    edit: bool = False
    adjust: bool = False
    ranking: bool = False
    trend: bool = False


def allowed_actions(user, scheme: Scheme) -> AllowedActions:
    """Every ``check_*`` above asked for ``scheme``."""
    return AllowedActions(edit=allows(check_edit_scheme, user, scheme), adjust=allows(check_adjust, user, scheme),
                          ranking=allows(check_supervise, user, scheme), trend=allows(check_see_trend, user))


@dataclass(frozen=True)
class IndexActions:
    """What ``user`` may do on the assessment index: create a scheme, open the trend, and which of
    the listed schemes they supervise (ranking) and may edit."""

    create: bool = False
    trend: bool = False
    supervise: frozenset[int] = field(default_factory=frozenset)
    edit: frozenset[int] = field(default_factory=frozenset)


def index_actions(user, schemes: Iterable[Scheme]) -> IndexActions:
    """The checks asked for each of ``schemes`` (the schemes the user may read). The trend link is
    offered when the trend page opens and has one of the user's own schemes to draw (an editable one)."""
    schemes = list(schemes)
    supervise = frozenset(s.pk for s in schemes if allows(check_supervise, user, s))
    edit = frozenset(s.pk for s in schemes if s.pk in supervise and allows(check_edit_scheme, user, s))
    return IndexActions(create=allows(check_create_scheme, user, getattr(user, "unit", None)),
                        trend=bool(edit) and allows(check_see_trend, user), supervise=supervise, edit=edit)
