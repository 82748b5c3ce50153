"""Issue 6, assessment "done when": a supervisor defines a scheme, sees every unit's score with its
evidence and exports the table; the unit's clerk sees the same score and why — in a real browser."""
import datetime as dt
import io

import pytest
from playwright.sync_api import expect
from django.utils import timezone

from gongkai.assessment.models import Scheme
from tests.reports.factories import application

from .conftest import shoot
from .test_accessibility import violations
from .test_clerk_reviewer_public import login, logout

pytestmark = pytest.mark.browser


def test_supervisor_scores_units_and_clerk_sees_why(page, seeded, county, street, town, supervisor, street_clerk):
    from openpyxl import load_workbook

    year = timezone.localdate().year
    late = application(street, dt.date(year, 1, 5), dt.date(year, 3, 20))
    late.due_on = dt.date(year, 2, 2)
    late.save(update_fields=["due_on"])

    login(page, supervisor.username)
    page.locator("nav.worknav").get_by_role("link", name="考核").click()
    page.get_by_label("考核年度").fill(str(year))
    page.get_by_role("button", name="按默认指标建立方案").click()
    assert "已按默认指标建立考核方案" in page.locator(".messages").inner_text()
    assert violations(page) == []
    # more weight on answering applications: first too much, then balanced by dropping training
    page.get_by_label("依申请公开按时答复率分值").fill("20")
    page.get_by_role("button", name="保存方案").click()
    assert "各项指标分值合计应为100分，当前为105分" in page.locator("#scheme-errors").inner_text()
    page.get_by_label("采用“开展培训次数”").uncheck()
    page.get_by_role("button", name="保存方案").click()
    assert "考核方案已保存" in page.locator(".messages").inner_text()
    scheme = Scheme.objects.get(unit=county, year=year)
    assert [i["code"] for i in scheme.indicators if i["code"] == "training_held"] == []

    table = page.locator("#ranking")
    street_row = table.locator(f'tr[data-unit="{street.pk}"]')
    assert table.locator(f'tr[data-unit="{town.pk}"]').count() == 1
    street_total = street_row.locator("td.total").inner_text()
    assert violations(page) == []
    shoot(page, "assessment-ranking")
    page.get_by_role("link", name="历年趋势").click()
    expect(page.locator("svg.trend-chart")).to_have_count(1)  # count() alone does not wait for the page the click opens
    assert violations(page) == []
    page.go_back()

    street_row.get_by_role("link", name="城关街道办事处").click()
    row = page.locator("#score-applications_timely")
    assert row.locator("td").nth(2).inner_text().splitlines()[0] == "0"   # its only due application was late
    assert "不高于零分线80%，得0分" in row.locator("td").nth(2).inner_text()   # the arithmetic, per row
    evidence = row.get_by_role("link", name=f"申请{late.number}")
    assert "逾期" in evidence.inner_text()
    assert page.locator("#card-total").inner_text() == street_total
    assert violations(page) == []
    evidence.click()
    page.wait_for_url(f"**/work/applications/{late.pk}/")
    page.go_back()

    page.goto(f"/work/assessment/{scheme.pk}/")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出排名表（Excel）").click()
    wb = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    rows = {r[1]: r for r in wb.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert set(rows) == {"城关街道办事处", "河口镇人民政府"}
    assert f"{rows['城关街道办事处'][-1]:g}" == street_total
    logout(page)

    login(page, street_clerk.username)
    page.locator("nav.worknav").get_by_role("link", name="考核").click()
    page.get_by_role("link", name=f"{scheme.name}：城关街道办事处得分和扣分依据").click()
    assert page.locator("#headline-total").inner_text() == street_total
    assert "逾期" in page.locator("#score-applications_timely").inner_text()
    assert page.locator("#adjust-form").count() == 0
    shoot(page, "assessment-scorecard")
    assert page.goto(f"/work/assessment/{scheme.pk}/").status == 404   # the ranking is the supervisor's
