"""Background jobs of applications (Huey)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .handling import reminders


@db_periodic_task(crontab(hour="8", minute="10"))
def daily_application_reminders():
    """Every morning: remind handlers of answers due within 3 working days, escalate overdue ones,
    and close the applications whose 补正 or fee period lapsed."""
    return reminders.run_daily()


@db_periodic_task(crontab(hour="3", minute="40"))
def daily_pii_purge():
    """Every night: anonymise applicants' personal data whose retention period ended
    (gongkai.applications.handling.pii.purge; audited as pii.purge). Idempotent: a retried run finds
    nothing left to do."""
    from django.utils import timezone

    from .handling import pii

    return len(pii.purge(timezone.localdate()))
