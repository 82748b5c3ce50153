"""A measure that fails is reported as failed: logged, shown as 计算出错, left out of the total with
a warning — never a silent zero that reads like a result, never an error page."""
import datetime as dt
import logging

import pytest

from gongkai.assessment import scoring, services
from gongkai.catalog import metrics as catalog_metrics

pytestmark = pytest.mark.django_db
YEAR = 2026


def test_a_failing_measure_is_reported_not_zeroed(supervisor, county, street, monkeypatch, caplog):
    def broken(*args):
        raise RuntimeError("database went away")
    monkeypatch.setattr(catalog_metrics, "proactive_timely", broken)
    today = dt.date(2026, 6, 30)
    with caplog.at_level(logging.ERROR, logger="gongkai.assessment.scoring"):
        m = scoring.measure("proactive_timely", [street.pk], YEAR, today)
    assert m.failed and m.value is None and m.summary == "计算出错"
    assert "RuntimeError" in m.evidence[0]["label"] and "未计分" in m.evidence[0]["label"]
    assert any("proactive_timely" in r.getMessage() and r.exc_info for r in caplog.records)
    card = scoring.scorecard(services.create_scheme(supervisor, county, year=YEAR), street, today)
    failed = [s for s in card.scores if s.indicator["code"] == "proactive_timely"]
    assert card.failed == failed and failed[0].value_display == "计算出错"
    assert all(not s.measurement.failed for s in card.scores if s.indicator["code"] != "proactive_timely")


def test_the_scorecard_page_says_the_total_is_incomplete(supervisor, county, street, monkeypatch, client):
    from django.urls import reverse

    from tests.conftest import PASSWORD

    monkeypatch.setattr(catalog_metrics, "proactive_timely", lambda *a: 1 / 0)
    scheme = services.create_scheme(supervisor, county, year=YEAR)
    assert client.login(username=supervisor.username, password=PASSWORD)
    response = client.get(reverse("assessment:scorecard", args=[scheme.pk, street.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="measure-failed"' in html and "总分不完整" in html
    ranking = client.get(reverse("assessment:ranking", args=[scheme.pk])).content.decode()
    assert "项计算出错，总分不完整" in ranking
