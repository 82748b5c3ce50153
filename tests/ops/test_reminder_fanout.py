"""The reminder schedules that loop over units spread their work over the queue (issue 14.1): one job
per unit on a real SQLite Huey queue, run by the consumer's execute path, de-duplicated by a lock in
the queue's store while a unit's job waits or runs, released when it is done."""
import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog import tasks as catalog_tasks
from gongkai.ops import fanout
from gongkai.reports import tasks as report_tasks
from gongkai.units.models import AuditEntry, Role
from gongkai.ops import queue_lock
from tests.ops.queue import consume, queue  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)   # jobs run in worker threads


@pytest.fixture
def overdue(street_clerk, town_clerk):
    written = timezone.localdate() - dt.timedelta(days=60)
    for clerk, email in ((street_clerk, "street@example.invalid"), (town_clerk, "town@example.invalid")):
        clerk.email = email
        clerk.save()
        services.create_item(clerk, title=f"{clerk.unit.name}逾期未发布的通知", written_date=written, body="<p>x</p>")
    return [street_clerk.unit, town_clerk.unit]


def test_publication_reminders_queue_one_job_per_unit_and_never_twice(queue, overdue):
    assert catalog_tasks.daily_publication_reminders.call_local() == 2
    assert queue.queue_size() == 2
    assert catalog_tasks.daily_publication_reminders.call_local() == 0      # both still queued: nothing twice
    jobs = consume()
    assert sorted(j.args[0] for j in jobs) == sorted(u.pk for u in overdue)
    assert sorted(m.to[0] for m in mail.outbox) == ["street@example.invalid", "town@example.invalid"]
    assert all(len(m.to) == 1 for m in mail.outbox)                         # each unit's own staff only
    assert AuditEntry.objects.filter(action="catalog.reminder").count() == 2
    for unit in overdue:                                                    # released when done
        assert queue_lock.holder(fanout.lock_key("catalog.reminder", unit.pk)) is None
    assert catalog_tasks.daily_publication_reminders.call_local() == 2      # the next run queues them again


def test_a_failed_unit_job_keeps_its_lock_while_huey_retries_it(queue, overdue, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(catalog_tasks.reminders, "send_publication_reminders", broken)
    assert catalog_tasks.daily_publication_reminders.call_local() == 2
    consume()                                                               # both fail; retries scheduled
    assert queue.schedule_size() == 2
    key = fanout.lock_key("catalog.reminder", overdue[0].pk)
    assert queue_lock.holder(key)                                           # a retry is coming: still held
    assert catalog_tasks.daily_publication_reminders.call_local() == 0


def test_report_reminders_queue_a_job_per_missing_unit_and_per_supervisor(queue, county, street, town,
                                                                          make_user, supervisor):
    make_user(town, Role.CLERK, email="clerk@town.example")
    supervisor.email = "sup@county.example"
    supervisor.save()
    from gongkai.reports import reminders

    missing = reminders.missing_reports(timezone.localdate().year - 1)
    assert town in missing
    queued = report_tasks.january_report_reminders.call_local()
    assert queued == len(missing) + 1                                       # + the county's supervisors
    assert report_tasks.january_report_reminders.call_local() == 0
    jobs = consume()
    assert len(jobs) == queued
    to = {m.to[0]: m for m in mail.outbox}
    assert "河口镇人民政府" in to["clerk@town.example"].subject
    assert "河口镇人民政府" in to["sup@county.example"].body
    runs = AuditEntry.objects.filter(action="report.reminders").order_by("pk")
    assert [r.detail["queued"] for r in runs] == [queued, 0]                 # each run of the schedule audited


def test_on_the_embedded_queue_in_immediate_mode_the_jobs_run_at_once(overdue):
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    try:
        catalog_tasks.daily_publication_reminders()
        assert len(mail.outbox) == 2
        catalog_tasks.daily_publication_reminders()                         # locks freed: runs again
        assert len(mail.outbox) == 4
    finally:
        HUEY.immediate = False
