"""A built annual report's section 六 cites the year's 政策解读 from the catalog (and 政务咨询 when the
consultation module is installed), and the report still passes its own narrative checks."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalog.models import Interpretation, Item, ItemStatus
from gongkai.reports import services


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 1, 10))


def _item(unit, user, day, **extra):
    return Item.objects.create(unit=unit, index_no=f"{unit.code}/{Item.objects.count() + 1}", title="信息",
                               publisher=unit.name, written_date=day, published_date=day,
                               status=ItemStatus.PUBLISHED, created_by=user, **extra)


def test_built_report_cites_the_years_interpretations(street, street_clerk):
    doc = _item(street, street_clerk, dt.date(2025, 4, 1), needs_interpretation=True)
    for day in (dt.date(2025, 4, 1), dt.date(2025, 6, 1)):
        Interpretation.objects.create(item=_item(street, street_clerk, day), form="text").documents.set([doc])
    report = services.build(street_clerk, street, year=2025)
    assert "本年度发布政策解读2条，需要解读的政策文件1份、其中1份已同步发布解读" in report.narrative["other"]
    assert not [f for f in report.findings if f["rule"].startswith("narrative.")]


def test_a_year_without_them_says_nothing_of_them(street, street_clerk):
    report = services.build(street_clerk, street, year=2025)
    assert "政策解读" not in report.narrative["other"] and "留言" not in report.narrative["other"]
