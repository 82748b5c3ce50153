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

from django.utils import timezone

from gongkai.applications.ledger import metrics as application_metrics
from gongkai.catalog import metrics as catalog_metrics
from gongkai.disputes import metrics as dispute_metrics
from gongkai.domain import assessment as rules
from gongkai.domain.annual_report import deadlines
from gongkai.domain.assessment import Measurement
from gongkai.reports import metrics as report_metrics
from gongkai.units.models import Unit
from gongkai.watch import metrics as watch_metrics

log = logging.getLogger(__name__)

EVIDENCE_LIMIT = 50


def assessed_units(scheme_unit: Unit) -> list[Unit]:
    """The reporting units (乡镇、街道、部门) below ``scheme_unit``, in tree order."""
    return list(Unit.objects.filter(path__startswith=scheme_unit.path, is_active=True,
                                    kind__in=deadlines.REPORTING_KINDS)
                .exclude(pk=scheme_unit.pk).order_by("path"))


def measured_unit_ids(unit: Unit) -> list[int]:
    """``unit`` and the non-reporting units (村、社区) below it."""
    below = Unit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk)
    return [unit.pk] + [u.pk for u in below if u.kind not in deadlines.REPORTING_KINDS]


def _ev(label: str, url: str = "", ok: bool = False) -> dict:
    return {"label": label, "url": url, "ok": ok}


def _cut(evidence: list[dict]) -> list[dict]:
    if len(evidence) > EVIDENCE_LIMIT:
        more = len(evidence) - EVIDENCE_LIMIT
        return evidence[:EVIDENCE_LIMIT] + [_ev(f"……另有{more}项未列出")]
    return evidence


# ---------------------------------------------------------------- the measures
# Each reads one app's metrics module (its figures and evidence) and turns it into a Measurement.

def _evidence(rows) -> list[dict]:
    return _cut([_ev(e["label"], e.get("url", ""), e.get("ok", False)) for e in rows])


def proactive_timely(unit_ids, year, today) -> Measurement:
    good, due, evidence = catalog_metrics.proactive_timely(unit_ids, year, today)
    return Measurement(rules.rate(good, due), f"应按时发布{due}条，按时{good}条", _evidence(evidence))


def applications_timely(unit_ids, year, today) -> Measurement:
    good, due, evidence = application_metrics.answered_timely(unit_ids, year, today)
    return Measurement(rules.rate(good, due), f"到期申请{due}件，按时答复{good}件", _evidence(evidence))


def disputes_corrected(unit_ids, year, today) -> Measurement:
    corrected, total, evidence = dispute_metrics.corrected(unit_ids, year)
    return Measurement(corrected, f"当年审结{total}件，被纠正{corrected}件",
                       [_ev(e["label"], e["url"]) for e in evidence])


def annual_report(unit_ids, year, today) -> Measurement:
    """The report on the year before ``year`` (published during the assessed year); ``unit_ids[0]``
    is the reporting unit (``measured_unit_ids`` puts it first)."""
    problems, summary, evidence = report_metrics.annual_report(unit_ids[0], year, today)
    return Measurement(problems, summary, [_ev(e["label"], e["url"], e["ok"]) for e in evidence])


def findings_fixed(unit_ids, year, today) -> Measurement:
    good, due, evidence = watch_metrics.findings_fixed(unit_ids, year, today)
    return Measurement(rules.rate(good, due), f"到期问题{due}个，按期整改{good}个", _evidence(evidence))


def veto_lines(unit_ids, year, today) -> Measurement:
    """单项否决 lines crossed by the unit's sites: this year as the watchdog dashboard shows them now,
    a past year on the findings still open at its end."""
    crossed, summary, evidence = watch_metrics.veto_lines(unit_ids, year, today)
    return Measurement(crossed, summary, [_ev(e["label"], e["url"]) for e in evidence])


def _metric(module: str, name: str):
    """A metric function of a sibling app (the tests put fakes here; None reads as 未安装).
    An import error is not hidden: the measure fails and says so (``measure``)."""
    return getattr(importlib.import_module(module), name)


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


MEASURE_FAILED = "计算出错"


def measure(code: str, unit_ids: list[int], year: int, today: dt.date) -> Measurement:
    """One measure. A measure that fails is reported as failed — logged with its traceback, shown
    as 计算出错 on the scorecard (``Measurement.failed``), and the scorecard says that its total is
    incomplete — never as a zero that looks like a result, and never as an error page."""
    try:
        return MEASURE_FUNCTIONS[code](unit_ids, year, today)
    except Exception as exc:  # reported below, not swallowed: the log has the traceback
        log.exception("assessment measure %s failed for units %s, year %s", code, unit_ids, year)
        return Measurement(None, MEASURE_FAILED,
                           [_ev(f"{MEASURE_FAILED}（{type(exc).__name__}），本项未计分，请联系管理员")],
                           failed=True)


# ---------------------------------------------------------------- scorecards and ranking

@dataclass
class Scorecard:
    unit: Unit
    scores: list[rules.IndicatorScore]
    adjustments: list = field(default_factory=list)
    rank: int | None = None

    @property
    def failed(self) -> list[rules.IndicatorScore]:
        """The indicators whose measure failed: the total leaves them out and says so."""
        return [s for s in self.scores if s.measurement.failed]

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
