"""Background jobs of annual reports (Huey)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import reminders


@db_periodic_task(crontab(month="1", day="5,15,25", hour="8", minute="20"))
def january_report_reminders():
    """On 5, 15 and 25 January: units that have not published last year's report are reminded."""
    return reminders.send_report_reminders()
