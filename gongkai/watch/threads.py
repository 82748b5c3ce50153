"""Running a crawl or a probe round in a thread of its own (the crawler runs its own asyncio loop)."""
from __future__ import annotations

import threading

from django.db import connection

__all__ = ["in_thread"]


def in_thread(fn, *args, **kwargs):
    """Run ``fn`` in a fresh thread: the crawler runs its own asyncio loop, which must not meet
    a loop already running in the caller's thread (Huey worker, Playwright in tests)."""
    box: dict = {}

    def target():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the caller
            box["error"] = exc
        finally:
            connection.close()

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")
