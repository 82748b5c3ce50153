"""Switches of the public intake, read from settings at request time (settings read them from the
environment, gongkai/settings.py), so a test or an intranet install can turn them off.

- ``GONGKAI_PUBLIC_CAPTCHA=0``: no arithmetic question on the public form.
- ``GONGKAI_PUBLIC_RATE_LIMIT=0``: no per-address limit.
- ``GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR``: applications one address may file in an hour (default 10);
  failed status look-ups are allowed four times as many.
"""
from __future__ import annotations

from django.conf import settings


def captcha_enabled() -> bool:
    return bool(settings.GONGKAI_PUBLIC_CAPTCHA)


def rate_limit_enabled() -> bool:
    return bool(settings.GONGKAI_PUBLIC_RATE_LIMIT)


def submissions_per_hour() -> int:
    return max(1, int(settings.GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR))


def lookups_per_hour() -> int:
    return submissions_per_hour() * 4
