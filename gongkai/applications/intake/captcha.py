"""Self-hosted CAPTCHA for the public form: a small sum written in Chinese numerals.

No external service and no image: screen readers can read it. The answer is kept
in the session and each question can be answered once. ``GONGKAI_PUBLIC_CAPTCHA=0``
turns it off.
"""
from __future__ import annotations

import secrets

from . import conf

SESSION_KEY = "apply_captcha"
_NUMERALS = "零一二三四五六七八九十"


def enabled() -> bool:
    return conf.captcha_enabled()


def new_question(request) -> str:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    request.session[SESSION_KEY] = a + b
    return f"{_NUMERALS[a]}加{_NUMERALS[b]}等于几？"


def check(request, answer) -> bool:
    expected = request.session.pop(SESSION_KEY, None)
    return expected is not None and answer == expected
