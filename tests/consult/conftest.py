"""Consultation tests: captcha and rate limit off unless a test turns them on; a helper to ask."""
import datetime as dt
import itertools

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.applications.handling import codes
from gongkai.consult import services

_tokens = itertools.count(1)


@pytest.fixture(autouse=True)
def _public_switches(settings):
    settings.GONGKAI_PUBLIC_CAPTCHA = False
    settings.GONGKAI_PUBLIC_RATE_LIMIT = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today(monkeypatch):
    def freeze(day: dt.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        return day
    return freeze


@pytest.fixture
def ask(db):
    def make(unit, **over):
        data = {"subject": "老旧小区改造什么时候开工", "body": "请问我们小区的改造什么时候开工？我是王小明，电话13812345678。",
                "contact": "13812345678", "name": "王小明", "token": codes.new_token()}
        data.update(over)
        return services.ask(unit=unit, **data)
    return make
