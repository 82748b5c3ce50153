"""Background jobs of website reports (Huey)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import reminders


@db_periodic_task(crontab(hour="8", minute="35"))
def website_report_reminders():
    """Daily; mails go out only on the reminder days (2 January, deadline −10/−3 days, daily after)."""
    return reminders.send_reminders()
