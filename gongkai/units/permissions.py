"""Who may act on a unit's records: the one rule every app's services (and the views that show a
button only when the service would accept it) ask."""
from __future__ import annotations


def can_act(user, unit, roles) -> bool:
    """Only staff of the record's own unit, in one of ``roles``, change it; a supervisor only looks."""
    if not user.is_authenticated:
        return False
    return user.unit_id == unit.pk and user.role in roles
