"""Per-address limit on public submissions and failed status look-ups, in Django's cache.

The address is the one the audit log records (``gongkai.units.audit.client_ip``: REMOTE_ADDR,
or the client named by the proxies listed in GONGKAI_TRUSTED_PROXIES — a header from anyone
else is ignored, so rotating X-Real-IP/X-Forwarded-For does not escape the limit). ``GONGKAI_PUBLIC_RATE_LIMIT=0`` turns it off. The count is per
hour window; with the default local-memory cache it is per server process.
"""
from __future__ import annotations

import time

from django.core.cache import cache

from gongkai.units.audit import client_ip

from . import conf

WINDOW = 3600


def _key(request, bucket: str) -> str:
    return f"gongkai:apply:{bucket}:{client_ip(request) or '-'}:{int(time.time()) // WINDOW}"


def _limit(bucket: str) -> int:
    return conf.submissions_per_hour() if bucket == "submit" else conf.lookups_per_hour()


def exceeded(request, bucket: str) -> bool:
    if not conf.rate_limit_enabled():
        return False
    return cache.get(_key(request, bucket), 0) >= _limit(bucket)


def hit(request, bucket: str) -> None:
    if not conf.rate_limit_enabled():
        return
    key = _key(request, bucket)
    cache.add(key, 0, WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)


def lookup(request, form, find, not_found: str):
    """A public look-up by number and query code (申请查询, 留言查询) with its failures limited per
    address: ``find(number, code)`` is asked once the form is valid. Returns the record (or None)
    and the page's HTTP status (429 over the limit, 404 not found — a failure counted)."""
    if exceeded(request, "lookup"):
        form.add_error(None, "查询失败次数过多，请一小时后再试")
        return None, 429
    if not form.is_valid():
        return None, 200
    found = find(form.cleaned_data["number"], form.cleaned_data["code"])
    if found is None:
        hit(request, "lookup")
        form.add_error(None, not_found)
        return None, 404
    return found, 200
