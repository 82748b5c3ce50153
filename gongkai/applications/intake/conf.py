"""Switches of the public intake, read from the environment at request time
(so an intranet install, or a test, can turn them off without a settings change).

- ``GONGKAI_PUBLIC_CAPTCHA=0``: no arithmetic question on the public form.
- ``GONGKAI_PUBLIC_RATE_LIMIT=0``: no per-address limit.
- ``GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR``: applications one address may file in an hour (default 10);
  failed status look-ups are allowed four times as many.
"""
from __future__ import annotations

import os


def _flag(name: str) -> bool:
    return os.environ.get(name, "1").strip().lower() not in ("0", "false", "no", "off")


def captcha_enabled() -> bool:
    return _flag("GONGKAI_PUBLIC_CAPTCHA")


def rate_limit_enabled() -> bool:
    return _flag("GONGKAI_PUBLIC_RATE_LIMIT")


def submissions_per_hour() -> int:
    try:
        return max(1, int(os.environ.get("GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR", "10")))
    except ValueError:
        return 10


def lookups_per_hour() -> int:
    return submissions_per_hour() * 4
