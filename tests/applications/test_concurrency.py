"""Concurrent submissions (SQLite file DB and PostgreSQL): one application per submission key,
distinct gap-free numbers otherwise."""
import threading

import pytest
from django.db import connection

from gongkai.applications.handling import codes
from gongkai.applications.handling import services
from gongkai.applications.models import Application

THREADS = 6


def _run(work, args):
    errors, barrier = [], threading.Barrier(len(args))

    def target(arg):
        try:
            barrier.wait()
            work(arg)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(a,)) for a in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_of_one_submission_make_one_application(street, applicant):
    token, results = codes.new_token(), []
    errors = _run(lambda _: results.append(services.submit_online(street, data=applicant(), submission_key=token)), range(THREADS))
    assert errors == []
    assert Application.objects.count() == 1
    app = Application.objects.get()
    assert {r.application.pk for r in results} == {app.pk}
    assert sum(r.created for r in results) == 1
    assert app.number.endswith("-0001")


@pytest.mark.django_db(transaction=True)
def test_concurrent_distinct_submissions_get_distinct_sequential_numbers(street, applicant):
    errors = _run(lambda _: [services.submit_online(street, data=applicant(), submission_key=codes.new_token()) for _ in range(3)],
                  range(THREADS))
    assert errors == []
    numbers = sorted(Application.objects.values_list("number", flat=True))
    year = Application.objects.first().received_on.year
    assert numbers == [f"T1100-{year}-{n:04d}" for n in range(1, THREADS * 3 + 1)]
