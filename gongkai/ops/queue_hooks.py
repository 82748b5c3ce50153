"""Huey hooks: a job queued during a request carries the request's id (in a reserved keyword
argument, taken off again before the job runs), so its log lines have the same ``request_id``; and
each job's duration and outcome go to the metrics."""
from __future__ import annotations

import time

from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_ENQUEUED

from . import metrics, requestid

KWARG = "_gongkai_request_id"
_installed = False


def _on_enqueued(signal, task, *args, **kwargs) -> None:
    rid = requestid.current.get()
    if rid and KWARG not in (task.kwargs or {}):
        task.kwargs = dict(task.kwargs or {}, **{KWARG: rid})


def _before(task) -> None:
    rid = (task.kwargs or {}).pop(KWARG, "") if isinstance(task.kwargs, dict) else ""
    task._gongkai_ops = (time.monotonic(), rid, requestid.current.set(rid or ""),
                         requestid.current_task.set(task.name))


def _after(task, value, exception) -> None:
    state = getattr(task, "_gongkai_ops", None)
    if state is None:
        return
    started, rid, reset_rid, reset_task = state
    del task._gongkai_ops
    metrics.observe_task(task.name, time.monotonic() - started, exception is None)
    requestid.current_task.reset(reset_task)
    requestid.current.reset(reset_rid)
    if exception is not None and task.retries and rid:     # Huey queues it again: keep the id
        task.kwargs = dict(task.kwargs or {}, **{KWARG: rid})


def install() -> None:
    global _installed
    if _installed:
        return
    HUEY.signal(SIGNAL_ENQUEUED)(_on_enqueued)
    HUEY.pre_execute("gongkai_ops")(_before)
    HUEY.post_execute("gongkai_ops")(_after)
    _installed = True
