"""站点导入 in the workbench: the unit admin runs the dry run, reads the report (page and XLSX),
confirms; a clerk is refused; bad input is a Chinese message, never a 500."""
from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from huey.contrib.djhuey import HUEY

from gongkai.catalog.models import Item
from gongkai.siteimport import tasks
from gongkai.siteimport.models import ImportRun, RunState
from gongkai.units.models import Role, Unit, UnitKind
from tests.conftest import PASSWORD

CODE = "11330100002495012X"


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_unit_admin_dry_runs_reads_report_and_confirms(cms_site, county, make_user, monkeypatch):
    unit = Unit.objects.create(name="青山县人民政府办公室", code=CODE, kind=UnitKind.COUNTY, parent=county)
    admin = make_user(unit, Role.UNIT_ADMIN, "qs_admin")
    clerk = make_user(unit, Role.CLERK, "qs_clerk")
    site = cms_site("kpy")
    assert login(clerk).get(reverse("siteimport:index")).status_code == 403
    client = login(admin)
    page = client.get(reverse("siteimport:index"))
    assert page.status_code == 200 and "试导入" in page.content.decode()
    bad = client.post(reverse("siteimport:index"), {"url": "ftp://x", "since": "3000"})
    assert bad.status_code == 200 and "地址须以 http:// 或 https:// 开头" in bad.content.decode()
    assert "起始年份不能晚于今年" in bad.content.decode()

    queued_jobs = []
    with monkeypatch.context() as m:      # queued, not run yet: the page says the crawl is under way
        m.setattr(tasks, "crawl_dry_run", queued_jobs.append)
        queued = client.post(reverse("siteimport:index"), {"url": site.start_url, "since": "2024"}, follow=True)
    assert queued_jobs == [ImportRun.objects.get().pk]
    assert "正在读取原网站栏目" in queued.content.decode()
    assert client.get(reverse("siteimport:report"), follow=True).status_code == 200
    HUEY.immediate = True             # the consumer runs it
    try:
        done = client.post(reverse("siteimport:index"), {"url": site.start_url, "since": "2024"}, follow=True)
    finally:
        HUEY.immediate = False
    body = done.content.decode()
    assert "已开始试导入" in body and "正在读取原网站栏目" not in body and not Item.objects.exists()
    assert ImportRun.objects.filter(state=RunState.DISCARDED).count() == 1     # the first, replaced
    for item in site.items:
        assert (item.title in body) == (item.published_on.year >= 2024)
    xlsx = client.get(reverse("siteimport:report"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(xlsx.content))["导入清单"].iter_rows(values_only=True))
    assert {r[1] for r in rows[1:] if r[0] == "将导入"} == {i.title for i in site.items if i.published_on.year >= 2024}

    assert login(clerk).post(reverse("siteimport:confirm")).status_code == 403
    confirmed = client.post(reverse("siteimport:confirm"), follow=True).content.decode()
    assert "导入完成：已导入6条" in confirmed
    assert Item.objects.count() == 6
    again = client.post(reverse("siteimport:confirm"), follow=True).content.decode()
    assert "没有待确认的试导入" in again and Item.objects.count() == 6
