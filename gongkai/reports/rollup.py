"""A supervisor's roll-up (汇总) of annual reports and the publication board (发布情况).

Each reporting unit contributes its published report's tables, else its draft's, else the tables
computed from its records; a unit's roll-up is its own tables plus its sub-units' roll-ups, so the
same holds again one level up (县 from 乡镇/街道 and 部门, 市 from 县)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.domain.annual_report import deadlines
from gongkai.domain.annual_report import rules
from gongkai.domain.annual_report.sums import add_tables
from gongkai.units.models import Unit

from . import services
from .models import AnnualReport, ReportStatus

SOURCE_LABELS = {"published": "已发布报告", "draft": "报告草稿", "records": "系统数据（未编制报告）"}


@dataclass
class UnitRow:
    """One unit on the board: its report (if any), where its tables come from, the rule failures."""

    unit: Unit
    report: AnnualReport | None
    source: str
    tables: dict
    findings: list[dict]
    deadline: dt.date | None
    late: bool

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]

    @property
    def errors(self) -> list[dict]:
        return [f for f in self.findings if f["severity"] == "error"]


@dataclass
class Rollup:
    unit: Unit
    year: int
    format: str
    tables: dict
    rows: list[UnitRow] = field(default_factory=list)

    @property
    def failing(self) -> list[UnitRow]:
        return [row for row in self.rows if row.errors]

    @property
    def unpublished(self) -> list[UnitRow]:
        return [row for row in self.rows if row.source != "published"]


deadline_overrides = services.deadline_overrides


def reporting_units(root: Unit):
    """``root`` and every unit below it that publishes a report (not villages or communities)."""
    return (Unit.objects.filter(path__startswith=root.path, is_active=True,
                                kind__in=deadlines.REPORTING_KINDS).order_by("path"))


def _unit_row(unit: Unit, year: int, fmt: str, report: AnnualReport | None, today: dt.date,
              overrides: dict) -> UnitRow:
    if report is not None and report.tables:
        source = "published" if report.status == ReportStatus.PUBLISHED else "draft"
        tables = report.tables
    else:
        source = "records"
        tables = services._tables(unit, year, fmt)
    findings = rules.check_report(tables, fmt)   # the tables' own arithmetic, whatever their source
    published = services.published_on(report) if source == "published" else None
    return UnitRow(unit, report, source, tables, findings,
                   deadlines.deadline(year, unit.kind, overrides),
                   deadlines.is_late(year, unit.kind, published, today, overrides))


def rollup(root: Unit, year: int, today: dt.date | None = None) -> Rollup:
    """The summed tables of ``root``'s sub-tree for ``year``, with one row per reporting unit."""
    today = today or timezone.localdate()
    fmt = services.format_for(year)
    units = list(reporting_units(root))
    reports = {r.unit_id: r for r in AnnualReport.objects.filter(unit__in=units, year=year)}
    overrides = deadline_overrides()
    rows = [_unit_row(u, year, fmt, reports.get(u.pk), today, overrides) for u in units]
    total = add_tables(fmt, *[row.tables for row in rows])
    return Rollup(root, year, fmt, total, rows)
