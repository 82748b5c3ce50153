"""站点导入 services: the dry run (试导入), the confirmed import, the report as XLSX, and the
tamper baseline the watchdog takes from imported pages.

Policy (documented in docs/siteimport.md):
* A record the reader could not read fully (``DetailRecord.problems``: no title, 索引号, 发布日期 or
  body) is not imported; it is listed with its page URL and what is missing.
* A later record with the 索引号, or the 文号 and 标题, of an earlier one in the same crawl is a
  duplicate: only the first (newest in list order) is imported.
* A record whose page was imported before (same unit and URL), whose 索引号 is already in the catalog,
  or whose 文号 and 标题 match an item of the unit, is "already in the catalog" and not imported.
* 主题分类 and 体裁 are matched by exact, then normalised name (``domain.site_import.plan``). An
  unmapped value never blocks the item: it is imported with that category left EMPTY and the value is
  listed in the report (and kept on the ImportedRecord), so the unit admin files it afterwards.
  An unknown 有效性 is imported as 有效 and listed the same way.
* A missing 成文日期 is recorded as the 发布日期 on the item (the catalog requires one); the
  ImportedRecord keeps that the old page had none.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.catalog import history
from gongkai.catalog.models import Category, IndexCounter, Item, ItemStatus, Scheme, Validity
from gongkai.catalog.services import WorkflowError
from gongkai.domain import notice_period
from gongkai.domain.richtext import html_to_text
from gongkai.domain.site_import import plan
from gongkai.domain.site_import.records import Attachment, DetailRecord
from gongkai.domain.spreadsheet_cells import neutralise_row
from gongkai.units import audit

from .models import ImportedRecord, ImportRun, RunState

if TYPE_CHECKING:
    from gongkai.units.models import Unit, User
    from gongkai.watch.models import Site

IMPORT, PROBLEM, DUPLICATE, EXISTS = "import", "problem", "duplicate", "exists"
STATUS_LABELS = {IMPORT: "将导入", PROBLEM: "无法读取", DUPLICATE: "重复", EXISTS: "已在目录中"}
DEFAULT_BATCH = 50


class SiteImportError(WorkflowError):
    """A refusal of the import itself (Chinese message)."""


def _crawl(start_url: str, since: int | None, max_pages: int):
    from .crawl import crawl_column

    return crawl_column(start_url, since=since, max_pages=max_pages)


# ---------------------------------------------------------------- the dry run

def _names(scheme: str) -> dict[str, str]:
    return {str(c.pk): c.name for c in Category.objects.filter(scheme=scheme, is_active=True)}


def _record_json(r: DetailRecord) -> dict:
    return {"url": r.url, "title": r.title, "index_number": r.index_number, "doc_number": r.doc_number,
            "publisher": r.publisher, "written_on": r.written_on.isoformat() if r.written_on else None,
            "published_on": r.published_on.isoformat() if r.published_on else None,
            "topic": r.topic, "genre": r.genre, "validity": r.validity, "body_html": r.body_html,
            "attachments": [{"url": a.url, "name": a.name} for a in r.attachments],
            "problems": list(r.problems)}


def record_of(data: dict) -> DetailRecord:
    def day(v):
        return dt.date.fromisoformat(v) if v else None

    return DetailRecord(url=data["url"], title=data["title"], index_number=data["index_number"],
                        doc_number=data["doc_number"], publisher=data["publisher"], written_on=day(data["written_on"]),
                        published_on=day(data["published_on"]), topic=data["topic"], genre=data["genre"],
                        validity=data["validity"], body_html=data["body_html"],
                        attachments=tuple(Attachment(a["url"], a["name"]) for a in data["attachments"]),
                        problems=tuple(data.get("problems", ())))


def _notice_of(r: DetailRecord) -> notice_period.NoticeCheck | None:
    """The 公示期 the page's text prints, checked against its date (the importer records the same)."""
    if r.published_on is None:
        return None
    period = notice_period.read_period(html_to_text(r.body_html), r.published_on.year)
    return notice_period.check(*period, r.published_on) if period else None


def plan_records(unit: Unit, records: list[DetailRecord], problems: list[tuple[str, str]]) -> dict:
    """The dry-run report for ``records`` (read pages) and ``problems`` ((URL, message) of pages
    that could not be fetched) — nothing is written."""
    topics, genres = _names(Scheme.TOPIC), _names(Scheme.GENRE)
    dups = {d.url: d for d in plan.duplicates([r for r in records if not r.problems])}
    imported = {r.source_url: r.content_hash
                for r in ImportedRecord.objects.filter(unit=unit, source_url__in=[r.url for r in records])}
    taken = set(Item.objects.filter(index_no__in=[r.index_number for r in records if r.index_number])
                .values_list("index_no", flat=True))
    own_items = {(plan.normalise_name(n), t) for n, t in Item.objects.filter(
        unit=unit, doc_number__in=[r.doc_number for r in records if r.doc_number]).values_list("doc_number", "title")}
    out, unmapped = [], {}
    for r in records:
        row = _record_json(r)
        row["hash"] = plan.content_hash(r)
        topic, genre = plan.match_category(r.topic, topics), plan.match_category(r.genre, genres)
        validity = plan.validity_of(r.validity)
        row.update(topic_id=topic.code, genre_id=genre.code, topic_how=topic.how, genre_how=genre.how,
                   validity_value=validity or Validity.EFFECTIVE,
                   own_format=plan.own_number(r.index_number, unit.code) is not None, notes=[])
        for label, m in (("主题分类", topic), ("体裁", genre)):
            if m.how == "unmapped":
                unmapped.setdefault((label, m.value), []).append(r.url)
                row["notes"].append(f"{label}“{m.value}”无对应分类，导入后该项为空")
        if validity is None:
            unmapped.setdefault(("有效性", r.validity), []).append(r.url)
            row["notes"].append(f"有效性“{r.validity}”无法识别，按“有效”导入")
        if r.written_on is None and r.published_on is not None:
            row["notes"].append("原网页无成文日期，以发布日期记录")
        if (notice := _notice_of(r)) is not None:
            row["notes"].append(f"正文载明公示期{notice.period_text}，按此记录" + (
                "（发布时公示期已过，门户将标明）" if notice.ended else ""))
        too_long = len(r.index_number.strip()) > Item._meta.get_field("index_no").max_length
        if r.problems or too_long:
            row["status"] = PROBLEM
            row["reasons"] = list(r.problems) + ([f"索引号“{r.index_number}”超过40个字符，无法保存"] if too_long else [])
        elif r.url in dups:
            row["status"], row["reasons"] = DUPLICATE, [f"{dups[r.url].why}（与 {dups[r.url].of}）"]
        elif r.url in imported:
            row["status"] = EXISTS
            row["reasons"] = ["此前已从该网页导入" + ("" if imported[r.url] == row["hash"] else "（原网页此后有改动）")]
        elif r.index_number in taken:
            row["status"], row["reasons"] = EXISTS, [f"索引号“{r.index_number}”已在目录中"]
        elif r.doc_number and (plan.normalise_name(r.doc_number), r.title.strip()) in own_items:
            row["status"], row["reasons"] = EXISTS, ["文号和标题与目录中的信息相同"]
        else:
            row["status"], row["reasons"] = IMPORT, []
        out.append(row)
    counts = {s: sum(1 for row in out if row["status"] == s) for s in STATUS_LABELS}
    counts[PROBLEM] += len(problems)
    return {"records": out, "pages": [{"url": u, "message": m} for u, m in problems],
            "unmapped": [{"field": f, "value": v, "count": len(urls), "urls": urls[:20]}
                         for (f, v), urls in sorted(unmapped.items())],
            "counts": counts}


def start_dry_run(user: User, unit: Unit, *, start_url: str, since: int | None = None,
                  max_pages: int = 2000) -> ImportRun:
    """试导入 begins: a new run (state "crawling") of the unit; a run of the unit still waiting for
    confirmation, or still crawling, is discarded. The crawl itself is ``perform_dry_run``."""
    if not history.can_import(user, unit):
        raise SiteImportError("您无权导入网站栏目（仅限单位管理员）")
    start_url = (start_url or "").strip()
    if not start_url.lower().startswith(("http://", "https://")):
        raise SiteImportError("栏目地址须以 http:// 或 https:// 开头")
    if len(start_url) > 1000:
        raise SiteImportError("栏目地址过长")
    if since is not None and not 1990 <= since <= timezone.localdate().year:
        raise SiteImportError(f"起始年份须在1990年至{timezone.localdate().year}年之间")
    with transaction.atomic():
        if ImportRun.objects.select_for_update().filter(unit=unit, state=RunState.RUNNING).exists():
            raise SiteImportError("上一次导入尚未完成，请先继续导入，完成后再试导入新的栏目")
        ImportRun.objects.filter(unit=unit, state__in=[RunState.CHECKED, RunState.CRAWLING]).update(
            state=RunState.DISCARDED)
        run = ImportRun.objects.create(unit=unit, start_url=start_url, since=since, requested_by=user,
                                       state=RunState.CRAWLING, report={"max_pages": max_pages},
                                       results={"done": {}, "failed": {}})
        audit.record("siteimport.dry_run", run, user=user, unit=unit,
                     detail={"start_url": start_url, "since": since})
    return run


def perform_dry_run(run: ImportRun) -> ImportRun:
    """Crawl the column of a "crawling" run, read every item, store the report (state "checked").
    The catalog is not touched. A run discarded meanwhile is left as it is."""
    run = ImportRun.objects.select_related("unit").get(pk=run.pk)
    if run.state != RunState.CRAWLING:
        return run
    records, problems = [], []
    for found in _crawl(run.start_url, run.since, int(run.report.get("max_pages", 2000))):
        if isinstance(found, DetailRecord):
            records.append(found)
        else:
            problems.append((found.url, found.message))
    report = plan_records(run.unit, records, problems)
    report.update(start_url=run.start_url, since=run.since, checked_at=timezone.now().isoformat())
    ImportRun.objects.filter(pk=run.pk, state=RunState.CRAWLING).update(report=report, state=RunState.CHECKED)
    run.refresh_from_db()
    return run


def dry_run(user: User, unit: Unit, *, start_url: str, since: int | None = None, max_pages: int = 2000) -> ImportRun:
    """试导入 here and now (the command line; the workbench queues ``perform_dry_run``)."""
    return perform_dry_run(start_dry_run(user, unit, start_url=start_url, since=since, max_pages=max_pages))


# ---------------------------------------------------------------- the real run

def _file_name(a: Attachment) -> str:
    name = (a.name or "").strip()
    return name or unquote(urlsplit(a.url).path.rsplit("/", 1)[-1]) or "附件"


def download(a: Attachment) -> history.FileData:
    """One attachment through the outbound guard, bounded by the attachment size limit."""
    from gongkai.watch.outbound import FetchFailed, configured_policy, fetch

    name, limit = _file_name(a), settings.GONGKAI_ATTACHMENT_MAX_BYTES
    try:
        got = fetch(a.url, configured_policy(), max_bytes=limit + 1, timeout=30.0)
    except FetchFailed:
        raise WorkflowError(f"附件“{name}”无法下载（{a.url}）") from None
    if got.status != 200:
        raise WorkflowError(f"附件“{name}”无法下载（HTTP {got.status}，{a.url}）")
    if got.truncated or len(got.body) > limit:
        raise WorkflowError(f"附件“{name}”超过上限{limit / 1048576:.0f}MB（{a.url}）")
    return history.FileData(name, got.body, a.url)


def _continue_counter(unit, number: plan.OwnNumber) -> None:
    counter, _ = IndexCounter.objects.select_for_update().get_or_create(unit=unit, year=number.year)
    if counter.last < number.serial:
        IndexCounter.objects.filter(pk=counter.pk, last__lt=number.serial).update(last=number.serial)


def _category(pk):
    return Category.objects.filter(pk=int(pk)).first() if pk else None


def import_row(user: User, run: ImportRun, *, row: dict) -> ImportedRecord:
    """One record: attachments downloaded and checked first, then item, attachments, record and the
    counter in one transaction (all or nothing)."""
    r = record_of(row)
    files = [download(a) for a in r.attachments]
    data = history.HistoricalItem(
        title=r.title, index_no=r.index_number.strip(), published_date=r.published_on, written_date=r.written_on,
        doc_number=r.doc_number, publisher=r.publisher, topic=_category(row["topic_id"]),
        genre=_category(row["genre_id"]), validity=row["validity_value"], body_html=r.body_html, files=files)
    if len(data.index_no) > Item._meta.get_field("index_no").max_length:
        raise WorkflowError(f"索引号“{data.index_no}”过长，无法导入")
    with transaction.atomic():
        item = history.import_published_item(run.unit, data, imported_by=user, source_url=r.url)
        number = plan.own_number(data.index_no, run.unit.code)
        if number is not None:
            _continue_counter(run.unit, number)
        return ImportedRecord.objects.create(
            item=item, unit=run.unit, run=run, source_url=r.url, foreign_index_no=r.index_number,
            own_format=number is not None, content_hash=row["hash"], written_on=r.written_on,
            topic_text=r.topic[:200], genre_text=r.genre[:200], validity_text=r.validity[:50],
            attachments=[{"url": f.source_url, "name": att.name, "sha256": att.sha256}
                         for f, att in zip(files, item.attachments.order_by("id"), strict=True)],
            imported_by=user)


def pending_rows(run: ImportRun) -> list[dict]:
    results = run.results or {}
    handled = set(results.get("done", {})) | set(results.get("failed", {}))
    return [row for row in run.report.get("records", []) if row["status"] == IMPORT and row["url"] not in handled]


def run_import(user: User, run: ImportRun, *, batch: int | None = None) -> ImportRun:
    """确认导入 (or 继续导入): import the records the dry run listed, one transaction each, at most
    ``batch`` of them this call. Interrupted or batched, the next call continues where it stopped
    (records imported already are recognised by their URL)."""
    if not history.can_import(user, run.unit):
        raise SiteImportError("您无权导入网站栏目（仅限单位管理员）")
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().select_related("unit").get(pk=run.pk)
        if run.state not in (RunState.CHECKED, RunState.RUNNING):
            raise SiteImportError(f"该批次{run.get_state_display()}，不能导入")
        if run.state == RunState.CHECKED:
            run.state, run.confirmed_by, run.confirmed_at = RunState.RUNNING, user, timezone.now()
            run.save(update_fields=["state", "confirmed_by", "confirmed_at"])
            audit.record("siteimport.confirm", run, user=user, unit=run.unit,
                         detail={"start_url": run.start_url, "to_import": run.report["counts"][IMPORT]})
    results = run.results or {}
    results.setdefault("done", {})
    results.setdefault("failed", {})
    rows = pending_rows(run)
    for row in rows[:batch] if batch else rows:
        existing = ImportedRecord.objects.filter(unit=run.unit, source_url=row["url"]).first()
        try:
            rec = existing or import_row(user, run, row=row)
            results["done"][row["url"]] = rec.item_id
        except WorkflowError as exc:
            results["failed"][row["url"]] = str(exc)
        ImportRun.objects.filter(pk=run.pk).update(results=results)
    run.results = results
    if not pending_rows(run):
        run.state, run.finished_at = RunState.DONE, timezone.now()
        run.save(update_fields=["state", "finished_at", "results"])
        audit.record("siteimport.finish", run, user=user, unit=run.unit,
                     detail={"imported": len(results["done"]), "failed": len(results["failed"])})
    return run


@transaction.atomic
def discard(user: User, run: ImportRun) -> ImportRun:
    if not history.can_import(user, run.unit):
        raise SiteImportError("您无权导入网站栏目（仅限单位管理员）")
    if run.state != RunState.CHECKED:
        raise SiteImportError("只能放弃尚未确认的试导入")
    ImportRun.objects.filter(pk=run.pk).update(state=RunState.DISCARDED)
    run.state = RunState.DISCARDED
    audit.record("siteimport.discard", run, user=user, unit=run.unit)
    return run


# ---------------------------------------------------------------- reading

def latest_run(unit: Unit) -> ImportRun | None:
    return ImportRun.objects.filter(unit=unit).exclude(state=RunState.DISCARDED).first()


def report_rows(run: ImportRun) -> list[list]:
    done, failed = (run.results or {}).get("done", {}), (run.results or {}).get("failed", {})
    rows = []
    for r in run.report.get("records", []):
        result = "已导入" if r["url"] in done else f"导入失败：{failed[r['url']]}" if r["url"] in failed else ""
        rows.append([STATUS_LABELS[r["status"]], r["title"], r["index_number"], r["doc_number"], r["publisher"],
                     r["written_on"] or "", r["published_on"] or "", r["topic"], r["genre"], r["validity"],
                     len(r["attachments"]), "；".join(r["reasons"] + r["notes"]), result, r["url"]])
    for p in run.report.get("pages", []):
        rows.append([STATUS_LABELS[PROBLEM], "", "", "", "", "", "", "", "", "", "", p["message"], "", p["url"]])
    return rows


REPORT_HEADERS = ["结论", "标题", "索引号", "文号", "发布机构", "成文日期", "发布日期", "主题分类", "体裁", "有效性",
                  "附件数", "原因或说明", "导入结果", "原网页地址"]


def report_xlsx(run: ImportRun) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "导入清单"
    sheet.append(REPORT_HEADERS)
    for row in report_rows(run):
        sheet.append(neutralise_row(row))
    unmapped = book.create_sheet("未对应的分类")
    unmapped.append(["项目", "原网站的值", "条数", "原网页地址（前20条）"])
    for u in run.report.get("unmapped", []):
        unmapped.append(neutralise_row([u["field"], u["value"], u["count"], "\n".join(u["urls"])]))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def approved_texts(site: Site) -> dict[str, str]:
    """The watchdog's tamper baseline for imported pages: the old page's URL → the imported body."""
    texts = {}
    for url, text in (ImportedRecord.objects.filter(unit=site.unit, item__status=ItemStatus.PUBLISHED)
                      .values_list("source_url", "item__body_text").iterator()):
        if (text or "").strip():
            texts[url] = text
    return texts


__all__ = ["approved_texts", "discard", "dry_run", "latest_run", "report_xlsx", "run_import"]
