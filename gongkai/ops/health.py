"""Readiness checks (就绪检查): the database answers, the queue's store answers, the media directory
takes a file. Each check says only ok or not; the reason goes to the log, never to the caller."""
from __future__ import annotations

import logging
import os
import tempfile

log = logging.getLogger("gongkai.ops")


def _database() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _queue() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.pending_count()


def _media() -> None:
    from django.conf import settings

    os.makedirs(settings.MEDIA_ROOT, exist_ok=True)      # as the file storage does on its first save
    fd, name = tempfile.mkstemp(prefix=".readyz-", dir=settings.MEDIA_ROOT)
    try:
        os.write(fd, b"ok")
    finally:
        os.close(fd)
        os.unlink(name)


CHECKS = {"database": _database, "queue": _queue, "media": _media}


def readiness() -> dict[str, bool]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = True
        except Exception:
            log.warning("readyz: %s not ready", name, exc_info=True)
            results[name] = False
    return results
