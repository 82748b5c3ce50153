"""Background jobs of applications (Huey)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import reminders


@db_periodic_task(crontab(hour="8", minute="10"))
def daily_application_reminders():
    """Every morning: remind handlers of answers due within 3 working days, escalate overdue ones,
    and close the applications whose 补正 or fee period lapsed."""
    return reminders.run_daily()
