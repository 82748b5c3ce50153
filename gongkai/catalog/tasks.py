"""Background jobs of the catalog (Huey)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import reminders


@db_periodic_task(crontab(hour="8", minute="0"))
def daily_publication_reminders():
    """Every morning: tell each unit's staff which items are due soon or overdue."""
    return reminders.send_publication_reminders()
