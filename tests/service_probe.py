"""Asking a service whether it would accept a call, without keeping what it did (for the
button-equals-service tests of each app's allowed_actions)."""
from django.db import transaction


class _Undo(Exception):
    pass


def accepts(call, refusal: type[Exception]) -> bool:
    """True when ``call()`` succeeds (its writes rolled back), False when it raises ``refusal``."""
    try:
        with transaction.atomic():
            call()
            raise _Undo
    except _Undo:
        return True
    except refusal:
        return False
