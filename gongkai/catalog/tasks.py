"""Background jobs of the catalog (Huey)."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import reminders


@db_periodic_task(crontab(hour="8", minute="0"))
def daily_publication_reminders():
    """Every morning: tell each unit's staff which items are due soon or overdue."""
    return reminders.send_publication_reminders()


@db_task(retries=2, retry_delay=30)
def extract_attachment_text(pk: int):
    """An uploaded attachment's text, read within the bounds (idempotent: safe to run twice)."""
    from .attachments import extract_now

    att = extract_now(pk)
    return att.text_status if att else None
