"""Background jobs of annual reports (Huey)."""
import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.ops import fanout

from . import reminders


@db_periodic_task(crontab(month="1", day="5,15,25", hour="8", minute="20"))
def january_report_reminders():
    """On 5, 15 and 25 January: units that have not published last year's report are reminded —
    one job per unit and one per supervising unit (gongkai.ops.fanout), shared by the consumers."""
    from django.utils import timezone

    from gongkai.units import audit

    today = timezone.localdate()
    year = today.year - 1
    missing = reminders.missing_reports(year)
    queued = fanout.fan_out(unit_report_reminder, "report.reminder", [u.pk for u in missing], today.isoformat())
    queued += fanout.fan_out(supervisor_report_reminder, "report.reminder.supervisor",
                             [u.pk for u in reminders.supervisor_units()], today.isoformat())
    audit.record("report.reminders", detail={"year": year, "missing": len(missing), "queued": queued})
    return queued


@db_task(retries=2, retry_delay=30, context=True)
def unit_report_reminder(unit_pk: int, today: str, lock: str | None = None, task=None):
    from gongkai.units.models import Unit

    day = dt.date.fromisoformat(today)
    with fanout.holding("report.reminder", unit_pk, lock, task):
        unit = Unit.objects.filter(pk=unit_pk, is_active=True).first()
        if unit is None or reminders.published(unit, day.year - 1):    # published since it was queued
            return 0
        return reminders.remind_unit(unit, day.year - 1, day)


@db_task(retries=2, retry_delay=30, context=True)
def supervisor_report_reminder(unit_pk: int, today: str, lock: str | None = None, task=None):
    from gongkai.units.models import Unit

    day = dt.date.fromisoformat(today)
    with fanout.holding("report.reminder.supervisor", unit_pk, lock, task):
        unit = Unit.objects.filter(pk=unit_pk).first()
        return reminders.remind_supervisor(unit, day.year - 1, reminders.missing_reports(day.year - 1)) if unit else 0
