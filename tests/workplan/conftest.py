"""Work-points fixtures: a county document with a task for the town, a village below it, and
published items made through the ORM."""
import datetime as dt
import itertools

import pytest
from django.utils import timezone

from gongkai.catalog.models import Item, ItemStatus
from gongkai.units.models import Role
from gongkai.workplan import services

_serial = itertools.count(1)


@pytest.fixture
def today(monkeypatch):
    def freeze(day: dt.date):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        return day
    return freeze


@pytest.fixture
def village_clerk(make_user, village):
    return make_user(village, Role.CLERK, "village_clerk", full_name="周村")


@pytest.fixture
def make_item(street_clerk):
    def make(unit, title="政务公开工作要点落实情况", status=ItemStatus.PUBLISHED):
        day = dt.date(2026, 5, 20)
        return Item.objects.create(unit=unit, index_no=f"{unit.code}/2026-W{next(_serial):05d}", title=title,
                                   publisher=unit.name, written_date=day, status=status,
                                   published_date=day if status == ItemStatus.PUBLISHED else None,
                                   created_by=street_clerk)
    return make


@pytest.fixture
def county_doc(supervisor, county):
    return services.create_document(supervisor, county, data={
        "title": "2026年政务公开工作要点", "doc_number": "略政办〔2026〕7号", "year": 2026, "kind": "higher"})


@pytest.fixture
def town_task(supervisor, county_doc, town):
    """The county hands the town a task requiring a published item, due 30 June 2026."""
    return services.add_task(supervisor, county_doc, data={
        "unit": town, "title": "公开村务财务收支情况", "requirement": "每季度公开", "due_on": dt.date(2026, 6, 30),
        "evidence_kind": "item"})
