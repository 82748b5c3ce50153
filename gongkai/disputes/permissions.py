"""May this user register or change this 复议/诉讼 case now? — one answer per action.

Each ``check_*`` raises :class:`DisputeError` with the reason the user reads (Chinese), or returns.
The services call them first, on the locked row; the case page asks :func:`allowed_actions`, which
runs the very same checks, so a form is shown exactly when the service would accept it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from gongkai.applications.handling.permissions import STAFF_ROLES, ApplicationError, check_register_dispute
from gongkai.applications.models import Application
from gongkai.units import permissions as units_permissions
from gongkai.units.permissions import ActionSet, can_act

from .models import Dispute


class DisputeError(Exception):
    """Refused; the message is for the user (Chinese)."""


#: True when ``check(*args)`` passes (the page's question, asked of the service's check).
allows = partial(units_permissions.allows, DisputeError)


def check_create(user, app: Application) -> None:
    """登记案件 against ``app``'s answer: the application's own rule (the application page's button)."""
    try:
        check_register_dispute(user, app)
    except ApplicationError as exc:
        raise DisputeError(str(exc)) from None


def check_update_outcome(user, dispute: Dispute) -> None:
    """审结 / 更新结果: staff of the case's unit."""
    if not can_act(user, dispute.unit, STAFF_ROLES):
        raise DisputeError("您无权修改该案件（仅限本单位工作人员）")


@dataclass(frozen=True)
class AllowedActions(ActionSet):
    """What ``user`` may do to one case now."""

    update: bool = False


def allowed_actions(user, dispute: Dispute) -> AllowedActions:
    return AllowedActions(update=allows(check_update_outcome, user, dispute))
