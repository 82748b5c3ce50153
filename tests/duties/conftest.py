"""Duties tests: a frozen 'today' in a month without public holidays."""
import datetime as dt

import pytest
from django.utils import timezone

TODAY = dt.date(2026, 11, 20)  # a Friday


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY
