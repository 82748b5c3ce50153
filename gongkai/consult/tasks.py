"""Background jobs of 政务咨询 (Huey)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import reminders


@db_periodic_task(crontab(hour="8", minute="20"))
def daily_consultation_reminders():
    """Every morning: remind each unit's staff of unanswered messages due or overdue, escalate those
    past the promise, the 60-day warning and the 3-month veto line (one mail per person per day)."""
    return reminders.send_daily_reminders()
