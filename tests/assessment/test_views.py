"""Supervisor and clerk pages: scheme definition, ranking, scorecards, adjustments, exports, scoping."""
import datetime as dt
import io
import re

import pytest

from gongkai.assessment import scoring, services
from gongkai.assessment.models import Adjustment, Scheme
from gongkai.units.models import AuditEntry, Role, Unit, UnitKind

from tests.conftest import PASSWORD

D = dt.date


@pytest.fixture(autouse=True)
def _no_sibling_metrics(monkeypatch):
    """Duties and workplan metrics are their own apps' business: here they are 无数据."""
    monkeypatch.setattr(scoring, "_metric", lambda module, name: None)


@pytest.fixture
def login(client):
    def as_(user):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        return client
    return as_


@pytest.fixture
def scheme(supervisor, county, street, town, today):
    return services.create_scheme(supervisor, county, year=2026)


def test_supervisor_defines_a_scheme_from_the_default(login, supervisor, street, town, today):
    c = login(supervisor)
    r = c.post("/work/assessment/new/", {"year": 2026})
    scheme = Scheme.objects.get(year=2026)
    assert r.status_code == 302 and r["Location"] == f"/work/assessment/{scheme.pk}/edit/"
    assert scheme.name == "示范县人民政府2026年度政务公开工作考核方案" and len(scheme.indicators) == 9
    assert AuditEntry.objects.filter(action="assessment.scheme.create", target_id=str(scheme.pk)).exists()
    r = c.post("/work/assessment/new/", {"year": 2026})
    assert Scheme.objects.count() == 1
    r = c.get(r["Location"])
    assert "2026年度的考核方案已经存在" in r.content.decode()


def _form(scheme, **over):
    data = {"name": scheme.name}
    for ind in scheme.indicators:
        data[f"{ind['code']}-on"] = "on"
        for key in ("name", "weight", "full_at", "zero_at", "per_item"):
            if key in ind:
                data[f"{ind['code']}-{key}"] = ind[key]
    data.update(over)
    return data


def test_scheme_edit_validates_in_chinese_and_saves_nothing_half(login, supervisor, scheme):
    c = login(supervisor)
    r = c.post(f"/work/assessment/{scheme.pk}/edit/", _form(scheme, **{
        "proactive_timely-weight": "20", "applications_timely-full_at": "70", "applications_timely-zero_at": "80"}))
    page = r.content.decode()
    assert r.status_code == 400
    assert "指标“依申请公开按时答复”的满分线必须高于零分线" in page
    scheme.refresh_from_db()
    assert scheme.indicators[0]["weight"] == 15
    r = c.post(f"/work/assessment/{scheme.pk}/edit/", _form(scheme, **{"proactive_timely-weight": "20"}))
    assert "各项指标分值合计应为100分，当前为105分" in r.content.decode()
    # drop training (5 points) and give them to on-line applications
    data = _form(scheme, **{"applications_timely-weight": "20"})
    del data["training_held-on"]
    r = c.post(f"/work/assessment/{scheme.pk}/edit/", data)
    assert r.status_code == 302
    scheme.refresh_from_db()
    assert [i["code"] for i in scheme.indicators][-1] == "tasks_on_time"
    assert scheme.indicators[1]["weight"] == 20
    entry = AuditEntry.objects.get(action="assessment.scheme.update")
    assert set(entry.detail["changed"]) == {"applications_timely", "training_held"}


def test_only_the_schemes_supervisor_edits_it(login, street_admin, scheme):
    r = login(street_admin).post(f"/work/assessment/{scheme.pk}/edit/", _form(scheme))
    assert r.status_code == 404


def test_ranking_shows_every_unit_with_score_and_evidence(login, supervisor, scheme, street, town, application):
    late = application(street, D(2026, 6, 1), D(2026, 6, 4))
    c = login(supervisor)
    page = c.get(f"/work/assessment/{scheme.pk}/").content.decode()
    assert "城关街道办事处" in page and "河口镇人民政府" in page
    cards = {card.unit: card for card in scoring.ranking(scheme)}
    # no sign-off, tasks, training (无数据), last year's report not published: 100 - 25 - 5
    assert cards[town].total == 70 and cards[town].rank == 1
    assert cards[street].total == 55 and cards[street].rank == 2    # and its only application was late
    r = c.get(f"/work/assessment/{scheme.pk}/units/{street.pk}/")
    page = r.content.decode()
    assert f'href="/work/applications/{late.pk}/"' in page and "逾期3天" in page
    assert "无数据：gongkai.duties.metrics 模块未安装" in page


def test_clerk_sees_only_its_own_scorecard_read_only(login, scheme, street, town, street_clerk, town_clerk):
    c = login(street_clerk)
    assert c.get(f"/work/assessment/{scheme.pk}/units/{street.pk}/").status_code == 200
    page = c.get("/work/assessment/").content.decode()
    assert f"/work/assessment/{scheme.pk}/units/{street.pk}/" in page
    assert c.get(f"/work/assessment/{scheme.pk}/units/{town.pk}/").status_code == 404
    assert c.get(f"/work/assessment/{scheme.pk}/").status_code == 404
    assert c.get(f"/work/assessment/{scheme.pk}/ranking.xlsx").status_code == 404
    r = c.post(f"/work/assessment/{scheme.pk}/units/{street.pk}/adjust/", {"points": "5", "reason": "自评"})
    assert r.status_code == 404 and not Adjustment.objects.exists()
    assert "登记加减分" not in c.get(f"/work/assessment/{scheme.pk}/units/{street.pk}/").content.decode()


def test_another_countys_supervisor_sees_nothing(login, make_user, scheme, street):
    other = Unit.objects.create(name="邻县人民政府", code="T9000", kind=UnitKind.COUNTY)
    c = login(make_user(other, Role.SUPERVISOR))
    assert c.get(f"/work/assessment/{scheme.pk}/").status_code == 404
    assert c.get(f"/work/assessment/{scheme.pk}/units/{street.pk}/").status_code == 404


def test_adjustment_needs_a_reason_is_audited_and_counted(login, supervisor, scheme, street, street_clerk):
    c = login(supervisor)
    url = f"/work/assessment/{scheme.pk}/units/{street.pk}/adjust/"
    r = c.post(url, {"points": "-3", "reason": "  "})
    assert r.status_code == 400 and "理由" in r.content.decode() and not Adjustment.objects.exists()
    r = c.post(url, {"points": "abc", "reason": "x"})
    assert r.status_code == 400 and not Adjustment.objects.exists()
    r = c.post(url, {"points": "-3", "reason": "网站栏目长期未更新，经督查通报"})
    assert r.status_code == 302
    entry = AuditEntry.objects.get(action="assessment.adjust")
    assert entry.detail["points"] == "-3.0" and entry.unit_id == street.pk and entry.actor_id == supervisor.pk
    card = scoring.scorecard(scheme, street)
    assert card.total == 67 and card.adjustment_total == -3
    page = login(street_clerk).get(f"/work/assessment/{scheme.pk}/units/{street.pk}/").content.decode()
    assert "网站栏目长期未更新，经督查通报" in page and '<span id="headline-total">67</span>' in page


def test_xlsx_and_pdf_open(login, supervisor, scheme, street, application):
    from openpyxl import load_workbook

    application(street, D(2026, 10, 9))
    c = login(supervisor)
    r = c.get(f"/work/assessment/{scheme.pk}/ranking.xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:2] == ("名次", "单位") and rows[1][-1] == "总分"
    assert {(row[0], row[1], row[-1]) for row in rows[2:]} == {(1, "河口镇人民政府", 70), (2, "城关街道办事处", 55)}
    assert any("至今未答复" in (row[4] or "") for row in wb["扣分依据"].iter_rows(values_only=True))
    assert AuditEntry.objects.filter(action="assessment.export").exists()
    r = c.get(f"/work/assessment/{scheme.pk}/units/{street.pk}/scorecard.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    import pypdfium2

    pdf = pypdfium2.PdfDocument(r.content)
    text = "".join("".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))
    assert "城关街道办事处" in text and "至今未答复" in text


def test_trend_over_years_is_an_inline_svg(login, supervisor, scheme, county, street, town):
    services.create_scheme(supervisor, county, year=2025)
    page = login(supervisor).get("/work/assessment/trend/").content.decode()
    assert "<svg" in page and "<polyline" in page and "2025年" in page and "2026年" in page
    # the chart needs no script: the only scripts on staff pages are the form helpers from /static/
    assert "cdn" not in page.lower()
    assert all(tag.startswith('<script src="/static/js/') for tag in re.findall(r"<script[^>]*>", page))
