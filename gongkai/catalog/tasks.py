"""Background jobs of the catalog (Huey)."""
import datetime as dt
import logging

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.ops import fanout

from . import attachments, reminders

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="8", minute="0"))
def daily_publication_reminders():
    """Every morning: tell each unit's staff which items are due soon or overdue — one job per unit
    (gongkai.ops.fanout), so the consumers share the units."""
    from django.utils import timezone

    today = timezone.localdate()
    return fanout.fan_out(unit_publication_reminders, "catalog.reminder", reminders.units_to_remind(today),
                          today.isoformat())


@db_task(retries=2, retry_delay=30, context=True)
def unit_publication_reminders(unit_pk: int, today: str, lock: str | None = None, task=None):
    """One unit's reminder mail (the unit's job of the morning fan-out)."""
    with fanout.holding("catalog.reminder", unit_pk, lock, task):
        return reminders.send_publication_reminders(dt.date.fromisoformat(today), unit_ids=[unit_pk])


@db_task(retries=2, retry_delay=30)
def extract_attachment_text(pk: int):
    """An uploaded attachment's text, read within the bounds (idempotent: safe to run twice)."""
    att = attachments.extract_now(pk)
    return att.text_status if att else None


def schedule_extraction(attachment) -> None:
    """Extract the text in the background once the upload's transaction has committed."""
    pk = attachment.pk

    def enqueue():
        try:
            extract_attachment_text(pk)
        except Exception:
            log.warning("attachment %s: could not queue text extraction", pk, exc_info=True)

    transaction.on_commit(enqueue)
