"""The daily reminder mail every app sends the same way (依申请公开, 政务咨询, 工作要点): who is told
(active users with an e-mail address, per unit and role group, each group looked up once), and the
sending — at most one mail per person per day and action, each one sent recorded in the audit log
(target the recipient, ``detail["day"]`` the day), a second run on the same day skipping whoever
already has one, a failed address logged and tried again on the next run."""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from . import audit
from .models import AuditEntry, Role


class People:
    """Active users with an e-mail address, per units and role group, each looked up once."""

    def __init__(self):
        self._cache: dict = {}

    def of(self, unit_ids: Iterable[int], roles) -> list:
        unit_ids = list(unit_ids)
        key = (tuple(sorted(unit_ids)), tuple(roles))
        if key not in self._cache:
            self._cache[key] = list(get_user_model().objects.filter(
                unit_id__in=unit_ids, role__in=roles, is_active=True).exclude(email="").order_by("pk"))
        return self._cache[key]

    def escalation(self, unit, roles) -> list:
        """``unit``'s people in ``roles`` (its reviewers and admins, say), then the supervisors of
        every unit above it."""
        above = [int(p) for p in unit.path.strip("/").split("/") if p][:-1]
        return self.of([unit.pk], roles) + (self.of(above, [Role.SUPERVISOR]) if above else [])


def already_sent(action: str, user, today: dt.date) -> bool:
    return AuditEntry.objects.filter(action=action, target_type="units.user", target_id=str(user.pk),
                                     detail__day=today.isoformat()).exists()


def send_digests(action: str, digests: dict, today: dt.date, compose: Callable[[object, object], tuple[str, str, dict]],
                 *, log: logging.Logger, what: str = "reminder") -> int:
    """Mail each ``{user: digest}`` (in the order of the users' ids) that has not had one of
    ``action`` today; ``compose(user, digest)`` gives the subject, the body and the audit detail
    (beside the day). Returns how many were sent."""
    sent = 0
    for user, digest in sorted(digests.items(), key=lambda kv: kv[0].pk):
        if already_sent(action, user, today):
            continue
        subject, body, detail = compose(user, digest)
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # one bad address must not stop the others; tried again on the next run
            log.exception("%s to user %s failed", what, user.pk)
            continue
        audit.record(action, user, unit=user.unit, target_repr=user.display_name,
                     detail={"day": today.isoformat(), **detail})
        sent += 1
    return sent
