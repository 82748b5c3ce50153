"""What may this user do to this application now: every check of ``permissions`` asked at once.

The workbench page, the API and the tests read :func:`allowed_actions`; the services call the
same ``permissions.check_*`` functions, so a button is shown exactly when the service would
accept the action (with valid input).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from gongkai.units import permissions as units_permissions
from gongkai.units.permissions import ActionSet

from . import letters, pii
from ..models import Application, ApplicationExtension, FeeNotice, LetterDelivery
from .permissions import (
    ApplicationError,
    check_approve_extension,
    check_confirm_delivery,
    check_decide,
    check_end_pause,
    check_fee_payment,
    check_fee_received,
    check_issue_fee,
    check_issue_letter,
    check_receive_supplement,
    check_record_delivery,
    check_register_dispute,
    check_request_extension,
    check_request_supplement,
    check_start_pause,
)


allows = partial(units_permissions.allows, ApplicationError)


@dataclass(frozen=True)
class AllowedActions(ActionSet):
    """What ``user`` may do to one application now; per-row actions hold the rows' ids."""

    request_supplement: bool = False
    receive_supplement: bool = False
    start_pause: bool = False
    end_pause: frozenset[int] = field(default_factory=frozenset)
    request_extension: bool = False
    approve_extension: bool = False
    decide: bool = False
    issue_fee: bool = False
    fee_received: bool = False
    fee_payment: bool = False
    record_delivery: bool = False
    confirm_delivery: frozenset[int] = field(default_factory=frozenset)
    issue_letter: frozenset[str] = field(default_factory=frozenset)
    register_dispute: bool = False
    reveal: bool = False


def allowed_actions(user, app: Application) -> AllowedActions:
    """Every ``permissions.check_*`` asked for ``app`` as it is now."""
    extension = ApplicationExtension.objects.filter(application=app).first()
    notice = FeeNotice.objects.filter(application=app).first()
    available = letters.available(app)
    may_issue = allows(check_issue_letter, user, app)
    issued = letters.issued_numbers(app) if may_issue else {}
    return AllowedActions(
        request_supplement=allows(check_request_supplement, user, app),
        receive_supplement=allows(check_receive_supplement, user, app),
        start_pause=allows(check_start_pause, user, app),
        end_pause=frozenset(p.pk for p in app.pauses.all() if allows(check_end_pause, user, app, p)),
        request_extension=allows(check_request_extension, user, app, extension),
        approve_extension=allows(check_approve_extension, user, app, extension),
        decide=allows(check_decide, user, app),
        issue_fee=allows(check_issue_fee, user, app, notice),
        fee_received=allows(check_fee_received, user, app, notice),
        fee_payment=allows(check_fee_payment, user, app, notice),
        record_delivery=bool(available) and allows(check_record_delivery, user, app),
        confirm_delivery=frozenset(d.pk for d in LetterDelivery.objects.filter(application=app)
                                   if allows(check_confirm_delivery, user, app, d)),
        # issuing an issued letter again only returns its number: offered while it has none
        issue_letter=frozenset(letter.slug for letter in available
                               if may_issue and letter.slug not in issued),
        register_dispute=allows(check_register_dispute, user, app),
        reveal=pii.may_reveal(user, app),
    )
