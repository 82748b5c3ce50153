"""The done-when of the site import on a Hanweb column paged by ``jpage`` (dataproxy.jsp): the dry run
lists every item, the import reproduces them, a second run imports nothing, and an imported page
altered on the old site is a tamper finding against the imported text."""
from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalog.models import Item
from gongkai.domain.watch.config import SiteConfig
from gongkai.siteimport import services
from gongkai.siteimport.models import ImportedRecord
from gongkai.units.models import Role, Unit, UnitKind
from gongkai.watch.run import run_watch
from tests.siteimport.test_import_site import CODE, assert_reproduced


@pytest.fixture
def qingshan(county):
    return Unit.objects.create(name="青山县人民政府办公室", code=CODE, kind=UnitKind.COUNTY, parent=county)


@pytest.fixture
def admin(make_user, qingshan):
    return make_user(qingshan, Role.UNIT_ADMIN, "qs_admin", full_name="王管")


def test_jpage_column_imports_every_group_once_and_is_tamper_checked(cms_site, admin, qingshan):
    site = cms_site("jpage")
    run = services.dry_run(admin, qingshan, start_url=site.start_url)
    records = run.report["records"]
    assert [r["url"] for r in records if r["status"] == "import"] == [site.detail_url(i) for i in site.items]
    assert [p["url"] for p in run.report["pages"]] == [site.broken_url]      # the page that could not be opened
    assert not Item.objects.exists()
    services.run_import(admin, run)
    assert_reproduced(site)

    again = services.dry_run(admin, qingshan, start_url=site.start_url)       # second run: nothing new
    assert not [r for r in again.report["records"] if r["status"] == "import"]
    services.run_import(admin, again)
    assert Item.objects.count() == len(site.items)

    target = site.items[-1]                                           # from the last proxy group
    url = site.detail_url(target)
    approved = {url: ImportedRecord.objects.get(source_url=url).item.body_text}

    def tamper_findings():
        config = SiteConfig(start_urls=[url], max_pages=1, today=dt.date.today().isoformat(),
                            requests_per_second=0, timeout=5, approved_texts=approved, external="skip")
        return [f for f in run_watch(config).findings if f.kind == "text_changed" and f.url == url]

    assert tamper_findings() == []
    site.alter(target, target.body_html.replace("城区供水", "城区澳门赌场上线供水", 1))   # inside the imported text
    assert len(tamper_findings()) == 1
