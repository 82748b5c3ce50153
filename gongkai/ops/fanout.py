"""One queued job per unit (or per any key), de-duplicated with an expiring lock in the queue's own
store (``gongkai.ops.queue_lock``): a unit whose job is still waiting or running is skipped, so
any number of consumers share a schedule's work and none does a unit twice at once. The lock is
released when the job ends — kept while Huey will still retry it — and expires if its worker died.
On the embedded SQLite Huey with one consumer (or in immediate mode) the same jobs run one by one."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from huey.contrib.djhuey import HUEY

from gongkai.ops import queue_lock

log = logging.getLogger("gongkai.ops")
LOCK_TTL = 6 * 3600     # a reminder job may wait behind a morning's watchdog crawls


def lock_key(job: str, key) -> str:
    return f"gongkai.job.{job}.{key}"


def enqueue_once(task, job: str, key, *args, ttl: int = LOCK_TTL) -> bool:
    """Queue ``task(*args, lock=…)`` unless the same job for ``key`` is already queued or running."""
    name = lock_key(job, key)
    token = queue_lock.acquire(name, ttl)
    if token is None:
        log.info("ops: %s for %s already queued or running; skipped", job, key)
        return False
    try:
        HUEY.enqueue(task.s(*args, lock=token))
    except Exception:
        queue_lock.release(name, token)
        raise
    return True


def fan_out(task, job: str, keys: Iterable, *args, ttl: int = LOCK_TTL) -> int:
    """One job per key (``task(key, *args, lock=…)``); returns how many were queued."""
    return sum(enqueue_once(task, job, key, key, *args, ttl=ttl) for key in keys)


@contextmanager
def holding(job: str, key, token: str | None, task=None) -> Iterator[None]:
    """Around a fanned-out job's body: frees its lock when it ends, unless Huey retries it."""
    failed = True
    try:
        yield
        failed = False
    finally:
        if token and not (failed and task is not None and task.retries > 0):
            queue_lock.release(lock_key(job, key), token)
