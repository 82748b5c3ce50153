"""The shared daily sender (gongkai.units.reminders) as the work-point reminder uses it: a mail
that cannot be sent is logged, not recorded, and sent on the next run; one sent is not sent again
that day."""
import datetime as dt
import logging

import pytest
from django.core import mail

from gongkai.units.models import AuditEntry
from gongkai.workplan import reminders, services

pytestmark = pytest.mark.django_db
FRIDAY = dt.date(2026, 11, 20)


def test_a_failed_address_is_logged_and_tried_again_on_the_next_run(town_clerk, supervisor, county_doc, town,
                                                                     today, monkeypatch, caplog):
    today(FRIDAY)
    town_clerk.email = "town_clerk@example.invalid"
    town_clerk.save()
    services.add_task(supervisor, county_doc, data={"unit": town, "title": "更新公开指南", "due_on": dt.date(2026, 11, 25),
                                               "evidence_kind": "note"})
    import gongkai.units.reminders as shared

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(shared, "send_mail", refuse)
    with caplog.at_level(logging.ERROR, logger=reminders.log.name):
        assert reminders.send_daily_reminders(FRIDAY) == 0
    assert f"work-point reminder to user {town_clerk.pk} failed" in caplog.text
    assert not AuditEntry.objects.filter(action=reminders.REMINDER_ACTION).exists() and not mail.outbox
    monkeypatch.undo()
    today(FRIDAY)
    assert reminders.send_daily_reminders(FRIDAY) == 1
    assert reminders.send_daily_reminders(FRIDAY) == 0
    [sent] = mail.outbox
    assert sent.to == [town_clerk.email] and "更新公开指南" in sent.body
    entry = AuditEntry.objects.get(action=reminders.REMINDER_ACTION)
    assert entry.detail["day"] == FRIDAY.isoformat() and entry.target_id == str(town_clerk.pk)
