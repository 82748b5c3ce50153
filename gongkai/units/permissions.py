"""Who may act on a unit's records: the one rule every app's services (and the views that show a
button only when the service would accept it) ask."""
from __future__ import annotations

from collections.abc import Callable


def can_act(user, unit, roles) -> bool:
    """Only staff of the record's own unit, in one of ``roles``, change it; a supervisor only looks."""
    if not user.is_authenticated:
        return False
    return user.unit_id == unit.pk and user.role in roles


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
