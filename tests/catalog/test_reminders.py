import datetime as dt

import pytest
from django.core import mail
from huey.contrib.djhuey import HUEY

from gongkai.catalog import reminders, services
from gongkai.units.models import AuditEntry


@pytest.fixture
def overdue_item(street_clerk):
    street_clerk.email = "clerk@example.invalid"
    street_clerk.save()
    return services.create_item(street_clerk, title="逾期未发布的通知", written_date=dt.date(2026, 9, 1),
                                body="<p>x</p>")


def test_reminder_mail_lists_overdue_items_of_the_unit_only(overdue_item, town_clerk):
    town_clerk.email = "town@example.invalid"
    town_clerk.save()
    assert reminders.send_publication_reminders(dt.date(2026, 10, 9)) == 1
    (message,) = mail.outbox
    assert message.to == ["clerk@example.invalid"]
    assert "已超期：逾期未发布的通知" in message.body and overdue_item.index_no in message.body
    assert AuditEntry.objects.filter(action="catalog.reminder").count() == 1


def test_due_soon_is_reminded_before_the_deadline(overdue_item):
    # due 29 Sep 2026; 25 Sep (中秋) is off, so from 23 Sep the due day is 3 working days away
    assert reminders.send_publication_reminders(dt.date(2026, 9, 22)) == 0
    assert reminders.send_publication_reminders(dt.date(2026, 9, 23)) == 1
    assert "09月29日到期" in mail.outbox[0].body


def test_the_periodic_task_runs_through_huey(overdue_item, settings):
    from gongkai.catalog.tasks import daily_publication_reminders

    HUEY.immediate = True
    try:
        daily_publication_reminders()  # periodic tasks keep no result: look at what it did
        assert [m.to for m in mail.outbox] == [["clerk@example.invalid"]]
    finally:
        HUEY.immediate = False
