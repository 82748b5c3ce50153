"""站点导入 services against constructed records (no crawl): the dry run's report, the history path
of the catalog, duplicates, taxonomies, 索引号 and the counter, resumability, idempotence."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gongkai.catalog import history
from gongkai.catalog.models import Category, IndexCounter, Item, ItemStatus, Scheme
from gongkai.catalog.services import WorkflowError, create_item
from gongkai.domain.site_import.plan import match_category, normalise_name
from gongkai.domain.site_import.records import Attachment, DetailRecord
from gongkai.siteimport import services
from gongkai.siteimport.models import ImportedRecord, ImportRun, RunState
from gongkai.units.models import AuditEntry, Role, Unit, UnitKind
from tests.watch.localsite import Route, Site

CODE = "11330100002495012X"


def rec(no: int, *, index=None, title=None, doc="", topic="综合政务", genre="通知", validity="有效",
        written=dt.date(2024, 3, 1), published=dt.date(2024, 3, 5), body=None, attachments=(), problems=()):
    return DetailRecord(
        url=f"http://127.0.0.1:9/art/{no}.html", title=title or f"关于第{no}项工作的通知",
        index_number=f"{CODE}/2024-{no:05d}" if index is None else index, doc_number=doc,
        publisher="青山县人民政府办公室", written_on=written, published_on=published, topic=topic, genre=genre,
        validity=validity, body_html=body or f"<p>第{no}项工作的正文。</p>", attachments=tuple(attachments),
        problems=tuple(problems))


@pytest.fixture
def qingshan(county):
    return Unit.objects.create(name="青山县人民政府办公室", code=CODE, kind=UnitKind.COUNTY, parent=county)


@pytest.fixture
def admin(make_user, qingshan):
    return make_user(qingshan, Role.UNIT_ADMIN, "qs_admin", full_name="王管")


def checked_run(admin, unit, records, problems=(), monkeypatch=None):
    monkeypatch.setattr(services, "_crawl", lambda url, since, max_pages: [*records, *problems])
    return services.dry_run(admin, unit, start_url="http://127.0.0.1:9/col/index.html")


def test_dry_run_reports_everything_and_writes_nothing(admin, qingshan, monkeypatch, make_user):
    from gongkai.siteimport.crawl import CrawlProblem

    clerk = make_user(qingshan, Role.CLERK)
    existing = create_item(clerk, title="关于已有工作的通知", doc_number="青政办发〔2024〕9号", publisher="x",
                           written_date=dt.date(2023, 1, 2), body="<p>已有</p>")
    records = [
        rec(1, topic="卫生,体育", genre="命令"),                      # normalised matches
        rec(2, topic="公安、安全生产监管", genre="公报", validity="暂行"),  # unmapped: listed, left empty
        rec(3, index=f"{CODE}/2024-00001", title="另一标题"),          # same 索引号 as 1: duplicate
        rec(4, doc="青政发〔2024〕3号", title="同号同题"),
        rec(5, doc="青政发〔2024〕3号", title="同号同题"),               # same 文号+标题 as 4: duplicate
        rec(6, index="", problems=("未找到索引号",)),
        rec(7, index=existing.index_no),                              # 索引号 already in the catalog
        rec(8, doc="青政办发〔2024〕9号", title="关于已有工作的通知"),    # same 文号+标题 as an item
        rec(9, index="X" * 41),                                        # longer than the catalog stores
    ]
    run = checked_run(admin, qingshan, records, [CrawlProblem("http://127.0.0.1:9/art/x.html", "页面无法打开（HTTP 500）")],
                      monkeypatch)
    status = {r["url"].rsplit("/", 1)[-1]: (r["status"], r["reasons"]) for r in run.report["records"]}
    assert {k: v[0] for k, v in status.items()} == {
        "1.html": "import", "2.html": "import", "3.html": "duplicate", "4.html": "import", "5.html": "duplicate",
        "6.html": "problem", "7.html": "exists", "8.html": "exists", "9.html": "problem"}
    assert status["6.html"][1] == ["未找到索引号"]
    assert "索引号" in status["3.html"][1][0] and "1.html" in status["3.html"][1][0]
    assert "超过40个字符" in status["9.html"][1][0]
    assert run.report["counts"] == {"import": 3, "problem": 3, "duplicate": 2, "exists": 2}
    assert {(u["field"], u["value"]) for u in run.report["unmapped"]} == {
        ("主题分类", "公安、安全生产监管"), ("体裁", "公报"), ("有效性", "暂行")}
    assert run.state == RunState.CHECKED
    assert Item.objects.count() == 1 and not ImportedRecord.objects.exists()
    assert AuditEntry.objects.filter(action="siteimport.dry_run", actor=admin).exists()

    book = load_workbook(io.BytesIO(services.report_xlsx(run)))
    rows = list(book["导入清单"].iter_rows(values_only=True))
    assert rows[0][0] == "结论" and len(rows) == 1 + 9 + 1
    assert ("无法读取", "页面无法打开（HTTP 500）", "http://127.0.0.1:9/art/x.html") in \
        [(r[0], r[11], r[13]) for r in rows]
    assert sorted(r[0] for r in book["未对应的分类"].iter_rows(min_row=2, values_only=True)) == ["主题分类", "体裁", "有效性"]


def test_confirmed_run_imports_published_history_once(admin, qingshan, monkeypatch):
    records = [rec(12, topic="卫生、体育"), rec(3, topic="乱七八糟", written=None, validity="失效")]
    run = checked_run(admin, qingshan, records, monkeypatch=monkeypatch)
    services.run_import(admin, run)
    run.refresh_from_db()
    assert run.state == RunState.DONE and len(run.results["done"]) == 2
    first = Item.objects.get(index_no=f"{CODE}/2024-00012")
    assert first.status == ItemStatus.PUBLISHED and first.published_date == dt.date(2024, 3, 5)
    assert first.written_date == dt.date(2024, 3, 1) and first.title == "关于第12项工作的通知"
    assert first.topic == Category.objects.get(scheme=Scheme.TOPIC, name="卫生、体育")
    assert first.body_text.strip() == "第12项工作的正文。"
    assert first.imported_from.source_url == "http://127.0.0.1:9/art/12.html"
    assert first.channels.get().published_on == dt.date(2024, 3, 5)
    second = Item.objects.get(index_no=f"{CODE}/2024-00003")
    assert second.topic is None and second.validity == "repealed"
    assert second.written_date == second.published_date and second.imported_from.written_on is None
    entry = AuditEntry.objects.get(action="item.import", target_id=str(first.pk))
    assert entry.actor == admin and entry.detail["source_url"] == "http://127.0.0.1:9/art/12.html"
    # the unit's own counter continues after the highest imported serial of that year
    assert IndexCounter.objects.get(unit=qingshan, year=2024).last == 12
    clerk_item = create_item(admin, title="新信息", publisher="x", written_date=dt.date(2024, 6, 1), body="<p>新</p>")
    assert clerk_item.index_no == f"{CODE}/2024-00013"
    # a second run imports nothing new
    again = checked_run(admin, qingshan, records, monkeypatch=monkeypatch)
    assert again.report["counts"]["import"] == 0 and again.report["counts"]["exists"] == 2
    services.run_import(admin, again)
    assert Item.objects.filter(imported_from__isnull=False).count() == 2


def test_foreign_index_number_is_kept_and_leaves_the_counter(admin, qingshan, monkeypatch):
    foreign = "000014349/2023-00120"
    run = checked_run(admin, qingshan, [rec(1, index=foreign)], monkeypatch=monkeypatch)
    services.run_import(admin, run)
    item = Item.objects.get(index_no=foreign)
    assert item.imported_from.foreign_index_no == foreign and not item.imported_from.own_format
    assert not IndexCounter.objects.filter(unit=qingshan).exists()


def test_interrupted_run_continues_and_each_item_is_all_or_nothing(admin, qingshan, monkeypatch):
    records = [rec(n) for n in (5, 4, 3, 2)]
    run = checked_run(admin, qingshan, records, monkeypatch=monkeypatch)
    services.run_import(admin, run, batch=1)
    run.refresh_from_db()
    assert run.state == RunState.RUNNING and Item.objects.count() == 1
    real = history.import_published_item
    calls = []

    def crash_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt       # the process dies mid-run
        return real(*args, **kwargs)

    monkeypatch.setattr(history, "import_published_item", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        services.run_import(admin, run)
    assert Item.objects.count() == 2
    with pytest.raises(WorkflowError, match="尚未完成"):       # no new dry run over an unfinished import
        services.dry_run(admin, qingshan, start_url="http://127.0.0.1:9/other/")
    monkeypatch.setattr(history, "import_published_item", real)
    services.run_import(admin, ImportRun.objects.get(pk=run.pk))
    run.refresh_from_db()
    assert run.state == RunState.DONE
    assert sorted(Item.objects.values_list("index_no", flat=True)) == [f"{CODE}/2024-{n:05d}" for n in (2, 3, 4, 5)]
    assert ImportedRecord.objects.count() == 4


def test_attachments_are_checked_like_uploads_and_a_bad_one_refuses_its_item(admin, qingshan, monkeypatch):
    from tests.siteimport import sitegen

    pdf = sitegen._pdf("attachment text")
    routes = {"/f/ok.pdf": Route(pdf, headers={"Content-Type": "application/pdf"}),
              "/f/fake.pdf": Route(b"MZ\x90\x00 not a pdf at all", headers={"Content-Type": "application/pdf"}),
              "/f/pii.pdf": Route(sitegen._pdf("ID 11010519491231002X"), headers={})}
    with Site(routes) as site:
        records = [rec(1, attachments=[Attachment(site.url("/f/ok.pdf"), "实施办法")]),
                   rec(2, attachments=[Attachment(site.url("/f/fake.pdf"), "假文件.pdf")]),
                   rec(3, attachments=[Attachment(site.url("/f/gone.pdf"), "不存在.pdf")]),
                   rec(4, attachments=[Attachment(site.url("/f/pii.pdf"), "名单.pdf")])]
        run = checked_run(admin, qingshan, records, monkeypatch=monkeypatch)
        services.run_import(admin, run)
    run.refresh_from_db()
    assert list(run.results["done"]) == [records[0].url]
    failed = run.results["failed"]
    assert "不是允许的类型" in failed[records[1].url]
    assert "无法下载" in failed[records[2].url] and "404" in failed[records[2].url]
    assert "个人信息" in failed[records[3].url]
    item = Item.objects.get()
    att = item.attachments.get()
    assert att.name == "实施办法.pdf" and att.kind == "pdf" and att.size == len(pdf)
    assert att.file.read() == pdf
    assert item.imported_from.attachments[0]["sha256"] == att.sha256
    assert Item.objects.filter(index_no=records[1].index_number).count() == 0   # nothing half-written


def test_only_the_unit_admin_imports(make_user, qingshan, admin, monkeypatch, town):
    clerk = make_user(qingshan, Role.CLERK)
    other_admin = make_user(town, Role.UNIT_ADMIN)
    monkeypatch.setattr(services, "_crawl", lambda *a: [rec(1)])
    for user in (clerk, other_admin):
        with pytest.raises(WorkflowError, match="无权"):
            services.dry_run(user, qingshan, start_url="http://127.0.0.1:9/")
    run = services.dry_run(admin, qingshan, start_url="http://127.0.0.1:9/")
    with pytest.raises(WorkflowError, match="无权"):
        services.run_import(other_admin, run)
    with pytest.raises(WorkflowError):
        services.dry_run(admin, qingshan, start_url="ftp://127.0.0.1/")
    assert not Item.objects.exists()


def test_history_service_validates_through_the_model(admin, qingshan):
    data = history.HistoricalItem(title="x" * 400, index_no="A/1", published_date=dt.date(2024, 1, 2),
                                  body_html="<p>正文</p>")
    with pytest.raises(WorkflowError, match="标题"):
        history.import_published_item(qingshan, data, imported_by=admin, source_url="http://127.0.0.1:9/a")
    late = history.HistoricalItem(title="t", index_no="A/2", published_date=dt.date(2024, 1, 2),
                                  written_date=dt.date(2024, 2, 1), body_html="<p>正文</p>")
    with pytest.raises(WorkflowError, match="早于成文日期"):
        history.import_published_item(qingshan, late, imported_by=admin, source_url="http://127.0.0.1:9/b")
    assert not Item.objects.exists()


def test_category_matching_is_exact_or_normalised_never_a_guess():
    names = {"1": "卫生、体育", "2": "命令（令）", "3": "公安、安全、司法"}
    assert match_category("卫生、体育", names).how == "exact"
    assert match_category("卫生，体育", names).code == "1"
    assert match_category(" 卫生 / 体育 ", names).code == "1"
    assert match_category("命令", names).code == "2"
    assert match_category("公安", names).how == "unmapped"
    assert match_category("公安、安全生产监管", names).code is None
    assert match_category("", names).how == "empty"
    assert normalise_name("ＡＢ，Ｃ") == "AB、C"


def test_the_notice_period_a_page_prints_is_read_shown_in_the_dry_run_and_recorded(admin, qingshan, monkeypatch):
    # a 公示 of the old site names its 公示期 only in its text; the importer records it, so that the
    # portal can say that one published after its period (rec 21) gave nobody time to object
    on_time = rec(20, title="关于2024年3月低保对象的公示", genre="公示", published=dt.date(2024, 3, 5),
                  body="<p>现将拟纳入低保对象予以公示，公示期为5个工作日（3月6日—12日）。如有异议，请来电。</p>")
    late = rec(21, title="关于临时救助对象的公示", genre="公示", published=dt.date(2024, 3, 20),
               body="<p>公示时间：2024年3月6日至2024年3月12日。</p>")
    plain = rec(22)
    run = checked_run(admin, qingshan, [on_time, late, plain], monkeypatch=monkeypatch)
    notes = {row["url"]: row["notes"] for row in run.report["records"]}
    assert "正文载明公示期2024年3月6日至2024年3月12日，按此记录" in notes[on_time.url]
    assert any("发布时公示期已过" in n for n in notes[late.url])
    assert not any("公示期" in n for n in notes[plain.url])
    services.run_import(admin, run)
    first = Item.objects.get(index_no=on_time.index_number)
    assert (first.notice_start, first.notice_end) == (dt.date(2024, 3, 6), dt.date(2024, 3, 12))
    assert not first.published_after_notice_ended
    assert Item.objects.get(index_no=late.index_number).published_after_notice_ended
    assert Item.objects.get(index_no=plain.index_number).notice_start is None


def test_history_service_refuses_an_impossible_notice_period(admin, qingshan):
    data = history.HistoricalItem(title="关于某事的公示", index_no=f"{CODE}/2024-00031",
                                  published_date=dt.date(2024, 3, 5), body_html="<p>正文</p>",
                                  notice_start=dt.date(2024, 3, 12), notice_end=dt.date(2024, 3, 6))
    with pytest.raises(WorkflowError, match="结束日期不能早于开始日期"):
        history.import_published_item(qingshan, data, imported_by=admin, source_url="http://127.0.0.1:9/x")
    assert not Item.objects.filter(index_no=f"{CODE}/2024-00031").exists()
