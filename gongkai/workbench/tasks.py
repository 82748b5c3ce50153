from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import calendar_notice


@db_periodic_task(crontab(hour="8", minute="5"))
def calendar_readiness_notice():
    """Tell the system administrators and unit heads, once per stage, that next year is missing."""
    return calendar_notice.notify()
