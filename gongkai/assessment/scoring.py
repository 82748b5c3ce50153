"""Measure each indicator of an assessment (考核) from the platform's records, per unit and year.

Every measure returns a ``domain.assessment.Measurement``: the value, a Chinese summary and the
evidence behind each point lost, each a link into the workbench (the late item, the late
application, the corrected case, the unfixed finding, the missing sign-off …). The arithmetic of
points is in ``gongkai.domain.assessment``.

A unit is measured with the villages and communities below it (they do not report on their own);
the units assessed under a scheme are the reporting units below the scheme's unit.
"""
from __future__ import annotations

import datetime as dt
import importlib
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.domain import assessment as rules
from gongkai.domain import report_deadlines
from gongkai.domain.assessment import Measurement
from gongkai.units.models import Unit

log = logging.getLogger(__name__)

EVIDENCE_LIMIT = 50


def assessed_units(scheme_unit: Unit) -> list[Unit]:
    """The reporting units (乡镇、街道、部门) below ``scheme_unit``, in tree order."""
    return list(Unit.objects.filter(path__startswith=scheme_unit.path, is_active=True,
                                    kind__in=report_deadlines.REPORTING_KINDS)
                .exclude(pk=scheme_unit.pk).order_by("path"))


def measured_unit_ids(unit: Unit) -> list[int]:
    """``unit`` and the non-reporting units (村、社区) below it."""
    below = Unit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk)
    return [unit.pk] + [u.pk for u in below if u.kind not in report_deadlines.REPORTING_KINDS]


def _ev(label: str, url: str = "", ok: bool = False) -> dict:
    return {"label": label, "url": url, "ok": ok}


def _cut(evidence: list[dict]) -> list[dict]:
    if len(evidence) > EVIDENCE_LIMIT:
        more = len(evidence) - EVIDENCE_LIMIT
        return evidence[:EVIDENCE_LIMIT] + [_ev(f"……另有{more}项未列出")]
    return evidence


# ---------------------------------------------------------------- the measures

def proactive_timely(unit_ids, year, today) -> Measurement:
    from gongkai.catalog.models import DisclosureMode, Item, ItemStatus, UNPUBLISHED_STATUSES

    items = Item.objects.filter(unit_id__in=unit_ids, disclosure_mode=DisclosureMode.PROACTIVE,
                                publish_due__isnull=False)
    published = items.filter(status=ItemStatus.PUBLISHED, published_date__year=year)
    pending = items.filter(status__in=UNPUBLISHED_STATUSES, publish_due__year=year, publish_due__lt=today)
    rows = list(published.only("pk", "title", "published_date", "publish_due")) + \
        list(pending.only("pk", "title", "publish_due"))
    evidence, good = [], 0
    for item in sorted(rows, key=lambda i: (i.publish_due, i.pk)):
        url = reverse("catalog:item", args=[item.pk])
        if item.published_date and item.published_date <= item.publish_due:
            good += 1
        elif item.published_date:
            evidence.append(_ev(f"《{item.title}》发布期限{item.publish_due:%Y-%m-%d}，"
                                f"{item.published_date:%Y-%m-%d}才发布", url))
        else:
            evidence.append(_ev(f"《{item.title}》发布期限{item.publish_due:%Y-%m-%d}，至今未发布", url))
    value = rules.rate(good, len(rows))
    return Measurement(value, f"应按时发布{len(rows)}条，按时{good}条", _cut(evidence))


def applications_timely(unit_ids, year, today) -> Measurement:
    from gongkai.applications.models import ON_CLOCK_STATUSES, Application

    apps = Application.objects.filter(unit_id__in=unit_ids, due_on__year=year).filter(
        Q(answered_on__isnull=False) | Q(status__in=ON_CLOCK_STATUSES, due_on__lt=today)
    ).only("pk", "number", "due_on", "answered_on").order_by("due_on", "pk")
    evidence, good, due = [], 0, 0
    for app in apps:
        due += 1
        url = reverse("applications:detail", args=[app.pk])
        if app.answered_on and app.answered_on <= app.due_on:
            good += 1
        elif app.answered_on:
            days = (app.answered_on - app.due_on).days
            evidence.append(_ev(f"申请{app.number}答复期限{app.due_on:%Y-%m-%d}，"
                                f"{app.answered_on:%Y-%m-%d}答复（逾期{days}天）", url))
        else:
            evidence.append(_ev(f"申请{app.number}答复期限{app.due_on:%Y-%m-%d}，至今未答复", url))
    return Measurement(rules.rate(good, due), f"到期申请{due}件，按时答复{good}件", _cut(evidence))


def disputes_corrected(unit_ids, year, today) -> Measurement:
    from gongkai.disputes.models import Dispute, Outcome

    closed = Dispute.objects.filter(unit_id__in=unit_ids).exclude(outcome=Outcome.PENDING).filter(
        Q(closed_on__year=year) | Q(closed_on__isnull=True, filed_on__year=year)).order_by("filed_on", "pk")
    evidence, corrected, total = [], 0, 0
    for d in closed:
        total += 1
        if d.outcome == Outcome.CORRECTED:
            corrected += 1
            evidence.append(_ev(f"{d.get_kind_display()}{('（' + d.case_number + '）') if d.case_number else ''}"
                                f"结果被纠正", reverse("disputes:detail", args=[d.pk])))
    return Measurement(corrected, f"当年审结{total}件，被纠正{corrected}件", evidence)


def annual_report(unit_ids, year, today) -> Measurement:
    """The report on the year before ``year`` (published during the assessed year); ``unit_ids[0]``
    is the reporting unit (``measured_unit_ids`` puts it first)."""
    from gongkai.reports.models import AnnualReport, ReportStatus
    from gongkai.reports.rollup import deadline_overrides

    unit = Unit.objects.get(pk=unit_ids[0])
    reported = year - 1
    due = report_deadlines.deadline(reported, unit.kind, deadline_overrides())
    if due is None:
        return Measurement(0, "本单位不编制年度报告", [])
    report = AnnualReport.objects.filter(unit=unit, year=reported).first()
    url = reverse("reports:detail", args=[report.pk]) if report else reverse("reports:index")
    name = f"{reported}年度政府信息公开工作年度报告"
    problems = []
    published_on = timezone.localdate(report.published_at) if report and report.published_at else None
    if report is None or report.status != ReportStatus.PUBLISHED:
        if today > due:
            problems.append(_ev(f"{name}应于{due:%Y-%m-%d}前发布，至今未发布", url))
    elif published_on and published_on > due:
        problems.append(_ev(f"{name}应于{due:%Y-%m-%d}前发布，{published_on:%Y-%m-%d}才发布", url))
    if report is not None and report.format != "archive" and report.errors:
        first = report.errors[0]
        problems.append(_ev(f"{name}有{len(report.errors)}项校验错误，如：{first.get('message', '')}", url))
    if not problems:
        state = "按时发布且无错误" if published_on else f"发布期限{due:%Y-%m-%d}未到"
        # the summary already says it; the evidence row only links to the report (it used to repeat the sentence)
        return Measurement(0, f"{name}{state}", [_ev(f"查看{name}", url, ok=True)])
    return Measurement(len(problems), f"{name}存在{len(problems)}项问题", problems)


def findings_fixed(unit_ids, year, today) -> Measurement:
    from gongkai.watch.models import Finding, FindingStatus

    findings = Finding.objects.filter(site__unit_id__in=unit_ids, due_on__year=year, due_on__lt=today) \
        .select_related("site").order_by("due_on", "pk")
    evidence, good, due = [], 0, 0
    fixed_states = (FindingStatus.FIXED, FindingStatus.VERIFIED)
    for f in findings:
        due += 1
        url = reverse("watch:finding", args=[f.pk])
        fixed_on = timezone.localdate(f.fixed_at) if f.fixed_at else None
        label = f"{f.site.name}：{f.url[:80]}（{f.kind}）"
        if f.status in fixed_states and fixed_on and fixed_on <= f.due_on:
            good += 1
        elif f.status in fixed_states and fixed_on:
            evidence.append(_ev(f"{label}整改期限{f.due_on:%Y-%m-%d}，{fixed_on:%Y-%m-%d}才整改", url))
        else:
            evidence.append(_ev(f"{label}整改期限{f.due_on:%Y-%m-%d}，尚未整改", url))
    return Measurement(rules.rate(good, due), f"到期问题{due}个，按期整改{good}个", _cut(evidence))


def _open_at_year_end(site, year: int) -> list:
    """The site's findings that were open on 31 December of ``year`` (found by then, not yet verified)."""
    tz = timezone.get_current_timezone()
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    return list(site.findings.filter(first_seen__lt=end).filter(Q(verified_at__isnull=True) | Q(verified_at__gte=end)))


def _year_end_lines(site, open_findings) -> list[dict]:
    """The freshness and serious-problem veto lines on the findings open at a past year's end
    (the availability probes of past years are not kept)."""
    from gongkai.domain.watch import freshness
    from gongkai.domain.watch.config import ColumnSpec
    from gongkai.domain.watch.findings import Finding as FindingData

    data = [FindingData(f.url, f.category, f.kind, f.severity, f.evidence, extra=f.extra or {})
            for f in open_findings if f.category == "freshness"]
    columns = [ColumnSpec(c.name, c.url, c.klass, c.max_age_days) for c in site.columns.all()]
    lines = [{"line": row["label"], "count": row["count"], "limit": f"否决{row['limit']}", "state": row["state"]}
             for row in freshness.summary(data, columns)["lines"]]
    serious = [f for f in open_findings if f.category in ("integrity", "tamper", "wording")]
    lines.append({"line": "安全、严重表述错误等严重问题", "count": len(serious), "limit": "发现即整改",
                  "state": "veto" if serious else "ok"})
    return lines


def veto_lines(unit_ids, year, today) -> Measurement:
    """单项否决 lines crossed by the unit's sites: this year as the watchdog dashboard shows them now,
    a past year on the findings still open at its end."""
    from gongkai.watch import selectors as watch
    from gongkai.watch.models import ACTIVE_STATUSES, Site

    if year > today.year:
        return Measurement(None, "考核年度尚未开始", [])
    sites = list(Site.objects.filter(unit_id__in=unit_ids, is_active=True).prefetch_related("columns"))
    if not sites:
        return Measurement(0, "未登记网站", [])
    crossed = []
    for site in sites:
        if year == today.year:
            lines = watch.veto_lines(site, list(site.findings.filter(status__in=ACTIVE_STATUSES)))
        else:
            lines = _year_end_lines(site, _open_at_year_end(site, year))
        for line in lines:
            if line["state"] == "veto":
                crossed.append(_ev(f"{site.name}：{line['line']}（{line['count']}，{line['limit']}）",
                                   reverse("watch:site", args=[site.pk])))
    when = "当前" if year == today.year else f"{year}年末"
    return Measurement(len(crossed), f"{len(sites)}个网站{when}触及否决线{len(crossed)}条", crossed)


def _metric(module: str, name: str):
    """A metric function of a sibling app, or None when that app is not installed yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _missing(module: str) -> Measurement:
    return Measurement(None, "无数据", [_ev(f"无数据：{module} 模块未安装")])


def signoff_rate(unit_ids, year, today) -> Measurement:
    fn = _metric("gongkai.duties.metrics", "signoff_rate")
    if fn is None:
        return _missing("gongkai.duties.metrics")
    rate, evidence = fn(unit_ids, year, today)
    if rate is None:  # no registered site: no sign-off was required, none was missed
        return Measurement(100.0, "未登记网站，无须签收", [])
    value = round(float(rate) * 100, 2)  # the agreed signature gives a share (0–1)
    return Measurement(value, f"签收率{value:.1f}%", _cut([dict(e) for e in evidence]))


def tasks_on_time(unit_ids, year, today) -> Measurement:
    fn = _metric("gongkai.workplan.metrics", "tasks_on_time")
    if fn is None:
        return _missing("gongkai.workplan.metrics")
    done, due, evidence = fn(unit_ids, year, today)
    return Measurement(rules.rate(done, due), f"到期任务{due}项，按时完成{done}项",
                       _cut([dict(e) for e in evidence]))


def training_held(unit_ids, year, today) -> Measurement:
    fn = _metric("gongkai.duties.metrics", "training_held")
    if fn is None:
        return _missing("gongkai.duties.metrics")
    count, evidence = fn(unit_ids, year)
    return Measurement(count, f"开展培训{count}次", _cut([dict(e, ok=e.get("ok", True)) for e in evidence]))


def interpretation_timely(unit_ids, year, today) -> Measurement:
    fn = _metric("gongkai.catalog.interpretations", "interpretation_timely")
    if fn is None:
        return _missing("gongkai.catalog.interpretations")
    good, due, evidence = fn(unit_ids, year, today)
    return Measurement(rules.rate(good, due), f"须解读文件{due}件，同步或按时发布解读{good}件",
                       _cut([_ev(e["label"], e["url"]) for e in evidence]))


def consult_timely(unit_ids, year, today) -> Measurement:
    fn = _metric("gongkai.consult.metrics", "answered_timely")
    if fn is None:
        return _missing("gongkai.consult.metrics")
    good, due, evidence = fn(unit_ids, year, today)
    return Measurement(rules.rate(good, due), f"到期留言{due}条，按承诺期限答复{good}条",
                       _cut([_ev(e["label"], e["url"]) for e in evidence]))


MEASURE_FUNCTIONS = {
    "proactive_timely": proactive_timely, "applications_timely": applications_timely,
    "disputes_corrected": disputes_corrected, "annual_report": annual_report,
    "findings_fixed": findings_fixed, "veto_lines": veto_lines, "signoff_rate": signoff_rate,
    "tasks_on_time": tasks_on_time, "training_held": training_held,
    "interpretation_timely": interpretation_timely, "consult_timely": consult_timely,
}


def measure(code: str, unit_ids: list[int], year: int, today: dt.date) -> Measurement:
    """One measure; a failing sibling module gives 无数据 rather than an error page."""
    try:
        return MEASURE_FUNCTIONS[code](unit_ids, year, today)
    except Exception:  # a metric of another app must never take the scorecard down
        if code in ("signoff_rate", "tasks_on_time", "training_held"):
            log.exception("assessment measure %s failed", code)
            return Measurement(None, "无数据", [_ev("无数据：计算出错，请联系管理员")])
        raise


# ---------------------------------------------------------------- scorecards and ranking

@dataclass
class Scorecard:
    unit: Unit
    scores: list[rules.IndicatorScore]
    adjustments: list = field(default_factory=list)
    rank: int | None = None

    @property
    def computed(self) -> float:
        return rules.total(self.scores)

    @property
    def adjustment_total(self) -> float:
        return float(sum((a.points for a in self.adjustments), Decimal(0)))

    @property
    def total(self) -> float:
        return rules.total(self.scores, [a.points for a in self.adjustments])


def scorecard(scheme, unit: Unit, today: dt.date | None = None) -> Scorecard:
    today = today or timezone.localdate()
    ids = measured_unit_ids(unit)
    scores = [rules.score_indicator(ind, measure(ind["code"], ids, scheme.year, today))
              for ind in scheme.indicators]
    adjustments = list(scheme.adjustments.filter(unit=unit).select_related("by"))
    return Scorecard(unit, scores, adjustments)


def ranking(scheme, today: dt.date | None = None) -> list[Scorecard]:
    """Every assessed unit's scorecard, highest total first, with its rank."""
    cards = [scorecard(scheme, unit, today) for unit in assessed_units(scheme.unit)]
    ranks = rules.rank([c.total for c in cards])
    for card, r in zip(cards, ranks):
        card.rank = r
    return sorted(cards, key=lambda c: (c.rank, c.unit.path))


def trend(schemes, today: dt.date | None = None) -> dict:
    """Totals per unit per year over the given schemes (one per year): {"years": [...], "units": [(unit, [total|None…])]}."""
    schemes = sorted(schemes, key=lambda s: s.year)
    years = [s.year for s in schemes]
    table: dict[int, tuple[Unit, dict[int, float]]] = {}
    for scheme in schemes:
        for card in ranking(scheme, today):
            table.setdefault(card.unit.pk, (card.unit, {}))[1][scheme.year] = card.total
    units = [(unit, [totals.get(y) for y in years]) for unit, totals in
             sorted(table.values(), key=lambda row: row[0].path)]
    return {"years": years, "units": units}
