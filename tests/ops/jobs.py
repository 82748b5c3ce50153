"""A view that queues a job, and the job, for the request-id tests (ROOT_URLCONF of the test)."""
import logging

from django.http import HttpResponse
from django.urls import path
from huey.contrib.djhuey import db_task

log = logging.getLogger("gongkai.tests.ops")


@db_task(retries=1, retry_delay=0)
def logged_job(n: int, fail_once: bool = False, state: dict | None = None):
    log.info("job %s runs", n)
    if fail_once and not (state or {}).get("failed"):
        (state or {})["failed"] = True
        raise RuntimeError("first try fails")
    return n


def enqueue_view(request):
    log.info("request queues a job")
    logged_job(7)
    return HttpResponse("queued")


urlpatterns = [path("enqueue", enqueue_view)]
