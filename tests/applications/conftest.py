"""Applications tests: valid applicant data, a frozen 'today', captcha and rate limit off unless a test turns them on."""
import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.applications.handling import codes
from gongkai.applications.handling import services

ID_NUMBER = "11010519491231002X"
CREDIT_CODE = "91350100M000100Y43"


@pytest.fixture(autouse=True)
def _public_switches(settings):
    settings.GONGKAI_PUBLIC_CAPTCHA = False
    settings.GONGKAI_PUBLIC_RATE_LIMIT = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today(monkeypatch):
    """Freeze the platform's 'today' (timezone.localdate) at a given date."""
    def freeze(day: dt.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        return day
    return freeze


@pytest.fixture
def applicant():
    def data(**over):
        base = {"applicant_type": "natural_person", "name": "王小明", "id_number": ID_NUMBER,
                "phone": "13812345678", "email": "wxm@example.com", "address": "城关大道2号",
                "description": "城关街道2026年老旧小区改造项目的批复文件（文号不详）",
                "info_form": "electronic", "delivery": "email"}
        base.update(over)
        return base
    return data


@pytest.fixture
def counter_app(street_clerk, applicant):
    """Register an application at the street's counter, received on ``received``."""
    def make(received=dt.date(2026, 9, 28), **over):
        data = applicant(channel="counter", received_on=received, **over)
        return services.register_at_counter(street_clerk, data=data, submission_key=codes.new_token()).application
    return make
