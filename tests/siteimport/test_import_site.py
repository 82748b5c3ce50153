"""End to end against the generated old sites (tests/siteimport/sitegen.py): the dry run lists every
item, the import reproduces them (titles, 索引号, dates, bodies, attachments by hash), a second run
imports nothing, and an imported page altered on the old site is a tamper finding."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gongkai.catalog.models import IndexCounter, Item, ItemStatus
from gongkai.cli import main
from gongkai.domain.richtext import clean_body
from gongkai.domain.watch.config import SiteConfig
from gongkai.siteimport.models import ImportedRecord, ImportRun, RunState
from gongkai.units.models import AuditEntry, Role, Unit, UnitKind
from gongkai.watch import checks as watch_checks
from gongkai.watch.models import Site as WatchSite
from gongkai.watch.run import run_watch

CODE = "11330100002495012X"


@pytest.fixture
def qingshan(county):
    return Unit.objects.create(name="青山县人民政府办公室", code=CODE, kind=UnitKind.COUNTY, parent=county)


@pytest.fixture
def admin(make_user, qingshan):
    return make_user(qingshan, Role.UNIT_ADMIN, "qs_admin", full_name="王管")


def cli(capsys, *args):
    status = main(["catalog", "import-site", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def assert_reproduced(site):
    for expected in site.items:
        rec = ImportedRecord.objects.select_related("item").get(source_url=site.detail_url(expected))
        item = rec.item
        assert item.status == ItemStatus.PUBLISHED
        assert (item.title, item.index_no, item.doc_number, item.publisher, item.published_date) == \
            (expected.title, expected.index_number, expected.doc_number, expected.publisher, expected.published_on)
        assert item.written_date == (expected.written_on or expected.published_on)
        assert rec.written_on == expected.written_on
        assert item.body == clean_body(expected.body_html)
        assert [(a.sha256, a.size) for a in item.attachments.order_by("id")] == \
            [(f.sha256, len(f.data)) for f in expected.attachments]
        assert [a["sha256"] for a in rec.attachments] == [f.sha256 for f in expected.attachments]


def test_cli_dry_run_import_second_run_and_tamper(cms_site, admin, qingshan, capsys, tmp_path):
    site = cms_site("hanweb")
    report = tmp_path / "report.xlsx"
    status, out, _ = cli(capsys, site.start_url, "--unit", CODE, "--dry-run", "--report", report)
    assert status == 0 and "nothing imported" in out
    for item in site.items:                          # every item listed with its metadata
        assert f"将导入\t{item.index_number}\t{item.published_on}\t{item.title}\t{site.detail_url(item)}" in out
    assert f"无法读取\t-\t-\t-\t{site.broken_url}\t页面无法打开（HTTP 500）" in out
    assert "unmapped 主题分类: 公安、安全生产监管" in out
    rows = list(load_workbook(io.BytesIO(report.read_bytes()))["导入清单"].iter_rows(values_only=True))
    assert len(rows) == 1 + len(site.items) + 1
    assert not Item.objects.exists()

    status, out, err = cli(capsys, site.start_url, "--unit", CODE)
    assert status == 0, err
    assert f"imported {len(site.items)} into {CODE}" in out
    assert_reproduced(site)
    assert ImportRun.objects.filter(state=RunState.DONE).count() == 1
    assert AuditEntry.objects.filter(action="item.import", actor=admin).count() == len(site.items)
    assert IndexCounter.objects.get(unit=qingshan, year=2024).last == 12
    assert IndexCounter.objects.get(unit=qingshan, year=2023).last == 45

    status, out, _ = cli(capsys, site.start_url, "--unit", CODE)      # second run: nothing new
    assert status == 0 and "imported 0 into" in out and f"{len(site.items)} already in the catalog" in out
    assert Item.objects.count() == len(site.items)

    # the imported pages are the tamper check's approved text; an altered page is a finding
    watched = WatchSite.objects.create(unit=qingshan, name="青山县旧网站", homepage=site.base + "/")
    approved = watch_checks.build_config(watched).approved_texts
    target = site.items[0]
    url = site.detail_url(target)
    assert approved[url] == Item.objects.get(index_no=target.index_number).body_text

    def tamper_findings():
        config = SiteConfig(start_urls=[url], max_pages=1, today=dt.date.today().isoformat(),
                            requests_per_second=0, timeout=5, approved_texts=approved, external="skip")
        return [f for f in run_watch(config).findings if f.kind == "text_changed" and f.url == url]

    assert tamper_findings() == []                   # the unaltered old page matches what was imported
    site.alter(target, target.body_html.replace("</p>", "澳门赌场上线，点击下载。</p>", 1))
    found = tamper_findings()
    assert len(found) == 1 and found[0].severity == "high" and found[0].category == "tamper"


@pytest.mark.parametrize("layout", ["trs", "kpy"])
def test_other_layouts_import_the_same_items(cms_site, admin, qingshan, layout):
    from gongkai.siteimport import services

    site = cms_site(layout)
    run = services.dry_run(admin, qingshan, start_url=site.start_url)
    assert [r["url"] for r in run.report["records"] if r["status"] == "import"] == \
        [site.detail_url(i) for i in site.items]
    services.run_import(admin, run)
    assert_reproduced(site)
