"""The rules behind the kill-a-worker recovery, in process: one live check per site, a stale run
resumed once however often the sweep runs, abandoned after MAX_ATTEMPTS, the tasks retried."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.watch import checks, errors, tasks
from gongkai.watch.models import CheckRun, RunKind, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(street):
    return Site.objects.create(unit=street, name="街道网站", homepage="http://10.9.9.9/")


def _open_run(site, age_seconds: float, attempts: int = 1):
    beat = timezone.now() - dt.timedelta(seconds=age_seconds)
    return CheckRun.objects.create(site=site, kind=RunKind.DAILY, started=beat, heartbeat=beat, attempts=attempts)


def test_a_site_with_a_live_check_is_not_checked_again(site):
    _open_run(site, age_seconds=1)
    with pytest.raises(errors.SiteBusy):
        checks.check_site(site, RunKind.DAILY)
    assert CheckRun.objects.count() == 1


def test_a_stale_run_is_queued_for_resume_once_however_often_the_sweep_runs(site, settings):
    settings.WATCH_RUN_STALE_SECONDS = 60
    run = _open_run(site, age_seconds=120)
    queued = []
    checks.sweep_stale_runs(lambda pk, attempt: queued.append((pk, attempt)))
    checks.sweep_stale_runs(lambda pk, attempt: queued.append((pk, attempt)))
    assert queued == [(run.pk, 2)]


def test_the_same_resume_job_delivered_twice_runs_once(site, settings):
    """The guard refuses the site's private address, so the run closes at once without a crawl."""
    settings.WATCH_RUN_STALE_SECONDS = 60
    run = _open_run(site, age_seconds=120)
    assert checks.check_site(site, RunKind.DAILY, resume=(run.pk, 2)).pk == run.pk
    assert checks.check_site(site, RunKind.DAILY, resume=(run.pk, 2)) is None
    run.refresh_from_db()
    assert run.finished and run.attempts == 2 and CheckRun.objects.count() == 1


def test_a_run_that_kept_dying_is_closed_with_the_reason(site, settings):
    settings.WATCH_RUN_STALE_SECONDS = 60
    run = _open_run(site, age_seconds=120, attempts=checks.MAX_ATTEMPTS)
    done = checks.sweep_stale_runs(lambda *a: pytest.fail("must not resume"))
    run.refresh_from_db()
    assert done["closed"] == [run.pk] and run.finished and "多次意外退出" in run.error


def test_the_watch_tasks_are_retried():
    for task in (tasks.run_check, tasks.check_site_task, tasks.resume_check):
        assert task.s(1).retries == tasks.RETRIES >= 1
