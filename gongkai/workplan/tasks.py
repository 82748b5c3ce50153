"""Background jobs of work points (Huey)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import reminders


@db_periodic_task(crontab(hour="8", minute="15"))
def daily_workplan_reminders():
    """Every morning: remind owner units of tasks due within 3 working days, escalate overdue ones
    to the issuing units' supervisors and unit admins."""
    return reminders.send_daily_reminders()
