"""The request id (请求标识): one per request, taken from ``X-Request-ID`` when it is sane (a proxy
such as nginx set it), else generated; put on every log line of the request and of the background
jobs it queues (``queue_hooks``), and sent back in the response's ``X-Request-ID``."""
from __future__ import annotations

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,63}")     # 8–64 characters, nothing a log could misread

current: contextvars.ContextVar[str] = contextvars.ContextVar("gongkai_request_id", default="")
current_task: contextvars.ContextVar[str] = contextvars.ContextVar("gongkai_task", default="")


def sane(value: str | None) -> str | None:
    return value if value and SANE.fullmatch(value) else None


def new() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets the request id for the request (first in MIDDLEWARE, so every later log line has it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = sane(request.headers.get(HEADER)) or new()
        request.request_id = rid
        reset = current.set(rid)
        try:
            response = self.get_response(request)
        finally:
            current.reset(reset)
        response[HEADER] = rid
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (empty outside a request or a job queued by one) and
    ``record.task`` (the running job's name) for the formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current.get()
        if not getattr(record, "task", None):
            record.task = current_task.get()
        return True
