"""Who may act on a unit's records: the one rule every app's services (and the views that show a
button only when the service would accept it) ask."""
from __future__ import annotations

from collections.abc import Callable

from .models import Role

#: 本单位工作人员: who changes a unit's records (a supervisor above only looks).
STAFF_ROLES: tuple[str, ...] = (Role.CLERK, Role.REVIEWER, Role.UNIT_ADMIN)
#: 审核人 and 单位管理员: who approves, signs and manages what the staff prepared.
SIGNER_ROLES: tuple[str, ...] = (Role.REVIEWER, Role.UNIT_ADMIN)


def can_act(user, unit, roles) -> bool:
    """Only staff of the record's own unit, in one of ``roles``, change it; a supervisor only looks."""
    if not user.is_authenticated:
        return False
    return user.unit_id == unit.pk and user.role in roles


def require(error: type[Exception], user, unit, roles, what: str, who: str = "本单位相应角色") -> None:
    """Raise ``error`` ("您无权…（仅限…）") unless :func:`can_act`; no unit is nobody's to change."""
    if unit is None or not can_act(user, unit, roles):
        raise error(f"您无权{what}（仅限{who}）")


def allows(error: type[Exception], check: Callable[..., object], *args, **kwargs) -> bool:
    """True when ``check(*args, **kwargs)`` passes, False when it raises ``error`` (the app's refusal):
    the page's question ("show the button?") asked of the very check the service calls."""
    try:
        check(*args, **kwargs)
    except error:
        return False
    return True


class ActionSet:
    """Base of an app's ``AllowedActions``: a frozen dataclass of booleans, one per action a page offers."""

    def names(self) -> list[str]:
        """The actions allowed (for the API and the tests)."""
        return [name for name, value in vars(self).items() if value is True]
