"""Annual reports: build from the records, check, edit, submit, sign and publish; the only code
that changes an AnnualReport. Every change is one transaction, asks its check in reports.permissions
first (the user's unit and role, the report's state), and is audited."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from gongkai.domain.annual_report import rules
from gongkai.domain.annual_report.narrative import find_statements
from gongkai.domain.annual_report.tables import rows_for
from gongkai.domain.annual_report import deadlines, yearly_figures
from gongkai.domain.annual_report.draft import draft, full_text, problems_from
from gongkai.units import audit
from gongkai.units.models import Unit

from gongkai.workplan.metrics import section_six_text

from . import sources
from .models import AnnualReport, ReportDeadline, ReportFormat, ReportStatus, YearlyFigures
from .permissions import (ReportError, allows, check_archive, check_build, check_enter_figures, check_publish,
                          check_rebuild, check_return_to_draft, check_save_narrative, check_submit)

if TYPE_CHECKING:
    from django.core.files import File

    from gongkai.units.models import User

FIRST_2021_YEAR = 2021      # reports on 2021 and later use the 2021 format
FIRST_2019_YEAR = 2019
NARRATIVE_TEXT_FIELDS = ("overview", "new_problems", "other", "other_added")
FIGURE_FIELDS = ("licensing", "punishment", "enforcement", "fees_wan_yuan", "platform_facts", "supervision_facts")


def format_for(year: int) -> str:
    if year >= FIRST_2021_YEAR:
        return ReportFormat.F2021
    if year >= FIRST_2019_YEAR:
        return ReportFormat.F2019
    return ReportFormat.ARCHIVE


def title_for(unit: Unit, year: int) -> str:
    return f"{unit.name}{year}年政府信息公开工作年度报告"


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("unit").get(pk=report.pk)


def previous_report(unit: Unit, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(unit=unit, year=year - 1).exclude(format=ReportFormat.ARCHIVE).first()


# ---------------------------------------------------------------- build

def to_2019(tables: dict) -> dict:
    """The 2021-shaped tables in the 2019 format: 其他处理 is one row; table 二 keeps the counts the
    catalog knows (本年新制作 = 制发, 对外公开总数量 = 现行有效) and the yearly figures' decisions."""
    apps = tables["applications"]
    others = [sum(apps[f"other.{i}"][c] for i in (1, 2, 3)) for c in range(7)]
    applications = {row: (others if row == "other" else apps[row]) for row in rows_for("2019")}
    p = tables["proactive"]
    proactive = {
        "regulations": [p["regulations"][0], None, p["regulations"][2]],
        "normative_documents": [p["normative_documents"][0], None, p["normative_documents"][2]],
        "licensing": [None, None, p["licensing"][0]], "other_services": [None, None, None],
        "punishment": [None, None, p["punishment"][0]], "enforcement": [None, None, p["enforcement"][0]],
        "fees": [None, None], "procurement": [None, None],
    }
    return {"proactive": proactive, "applications": applications, "disputes": tables["disputes"]}


def _tables(unit: Unit, year: int, fmt: str) -> dict:
    built = sources.tables(unit, year)
    return to_2019(built) if fmt == ReportFormat.F2019 else built


@transaction.atomic
def build(user: User, unit: Unit, *, year: int) -> AnnualReport:
    """Create the draft of ``year``, or rebuild it: tables and the drafted prose (总体情况, 收费) are
    recomputed from the records; what the office wrote (问题与改进, 其他事项) is kept."""
    check_build(user, unit)
    fmt = format_for(year)
    if fmt == ReportFormat.ARCHIVE:
        raise ReportError(f"{year}年的报告为历史报告，只能上传原文件存档")
    if year >= timezone.localdate().year:
        raise ReportError(f"{year}年尚未结束，不能编制该年度的年度报告")
    report, created = AnnualReport.objects.select_for_update().get_or_create(
        unit=unit, year=year, defaults={"format": fmt, "title": title_for(unit, year)})
    check_rebuild(user, report)
    previous = previous_report(unit, year)
    built = sources.tables(unit, year)          # counted once: the slow part of a build
    tables = to_2019(built) if fmt == ReportFormat.F2019 else built
    drafted = draft(sources.facts(unit, year, built,
                                  problems_from(previous.narrative) if previous else ()))
    work_points = section_six_text(unit, year)       # 落实上级年度政务公开工作要点情况
    drafted["other"] = "\n".join(part for part in (drafted["other"], work_points) if part)
    kept = report.narrative or {}
    if kept:
        answered = {row["problem"]: row.get("improvement", "") for row in kept.get("problems", [])}
        for row in drafted["problems"]:
            row["improvement"] = answered.get(row["problem"], "")
        drafted["new_problems"], drafted["other_added"] = kept.get("new_problems", ""), kept.get("other_added", "")
    report.format, report.tables, report.narrative = fmt, tables, drafted
    report.findings, report.built_at = check(report), timezone.now()
    report.save()
    audit.record("report.build", report, user=user, unit=unit,
                 detail={"year": year, "created": created, "errors": len(report.errors)})
    return report


# ---------------------------------------------------------------- check

def check(report: AnnualReport) -> list[dict]:
    """Every identity of the tables, last year's 结转, and the numbers stated in the prose."""
    previous = previous_report(report.unit, report.year)
    prev_tables = previous.tables if previous and previous.tables else None
    return rules.check_report(report.tables, report.format,
                              statements=find_statements(full_text(report.narrative)),
                              previous=prev_tables, previous_fmt=previous.format if previous else None)


# ---------------------------------------------------------------- edit

@transaction.atomic
def save_narrative(user: User, report: AnnualReport, *, texts: dict, improvements: list[str]) -> AnnualReport:
    """The office's own words: section texts and, for each of last year's problems, what was done."""
    report = _lock(report)
    check_save_narrative(user, report)
    narrative = dict(report.narrative)
    for key in NARRATIVE_TEXT_FIELDS:
        if key in texts:
            narrative[key] = (texts[key] or "").strip()
    problems = [dict(row) for row in narrative.get("problems", [])]
    if len(improvements) != len(problems):
        raise ReportError("改进情况与上年问题的条数不一致，请刷新页面后重试")
    for row, text in zip(problems, improvements):
        row["improvement"] = (text or "").strip()
    narrative["problems"] = problems
    report.narrative = narrative
    report.findings = check(report)
    report.save(update_fields=["narrative", "findings", "updated_at"])
    audit.record("report.edit", report, user=user, unit=report.unit, detail={"errors": len(report.errors)})
    return report


@transaction.atomic
def save_figures(user: User, unit: Unit, *, year: int, values: dict, audited: bool = True) -> YearlyFigures:
    """Table 二's figures from other systems (许可, 处罚, 强制, 收费) and the facts the prose cites."""
    check_enter_figures(user, unit)
    figures, _ = YearlyFigures.objects.select_for_update().get_or_create(unit=unit, year=year)
    for key in FIGURE_FIELDS:
        if key in values:
            setattr(figures, key, values[key])
    figures.updated_by = user
    figures.full_clean()
    figures.save()
    if audited:
        audit.record("report.figures", figures, user=user, unit=unit,
                     detail={"year": year, **{k: str(getattr(figures, k)) for k in FIGURE_FIELDS[:4]}})
    return figures


def import_figures(user: User, data: bytes, *, dry_run: bool = False) -> yearly_figures.FiguresFile:
    """Yearly figures of many units from one workbook: every row checked (format, unit the user may
    enter for, year), and all stored in one transaction only when every row is good."""
    parsed = yearly_figures.parse_figures(data, FIRST_2019_YEAR, timezone.localdate().year - 1)
    units = {u.code: u for u in Unit.objects.filter(code__in={r.values.get("unit_code") for r in parsed.rows})}
    for row in parsed.rows:
        unit = units.get(row.values.get("unit_code"))
        if row.values.get("unit_code") and unit is None:
            row.errors.append(f"单位代码“{row.values['unit_code']}”不存在")
        elif unit is not None and not allows(check_enter_figures, user, unit):
            row.errors.append(f"您无权填报{unit.name}的年度业务数据")
    if parsed.bad or dry_run or not parsed.rows:
        return parsed
    with transaction.atomic():
        for row in parsed.rows:
            values = {k: v for k, v in row.values.items() if k in FIGURE_FIELDS}
            save_figures(user, units[row.values["unit_code"]], year=row.values["year"], values=values, audited=False)
        audit.record("report.figures_import", user=user, detail={"rows": len(parsed.rows)})
    return parsed


# ---------------------------------------------------------------- submit, sign, publish

def _refresh_findings(report: AnnualReport) -> None:
    report.findings = check(report)


def _errors_message(report: AnnualReport, what: str) -> str:
    first = report.errors[0]
    return f"报告有{len(report.errors)}项错误，{what}。第一项：〔{first['rule']}〕{first['message']}"


@transaction.atomic
def submit(user: User, report: AnnualReport) -> AnnualReport:
    """草稿 → 待审核; a report with an error is not sent on."""
    report = _lock(report)
    check_submit(user, report)
    _refresh_findings(report)
    if report.errors:
        raise ReportError(_errors_message(report, "改正后才能提交"))
    unanswered = [row["problem"] for row in report.narrative.get("problems", []) if not row.get("improvement")]
    if unanswered:
        raise ReportError(f"请写明上年问题“{unanswered[0]}”的改进情况")
    report.status, report.submitted_by = ReportStatus.SUBMITTED, user
    report.save(update_fields=["status", "submitted_by", "findings", "updated_at"])
    audit.record("report.submit", report, user=user, unit=report.unit)
    return report


@transaction.atomic
def return_to_draft(user: User, report: AnnualReport, *, reason: str) -> AnnualReport:
    report = _lock(report)
    check_return_to_draft(user, report)
    if not reason.strip():
        raise ReportError("请写明退回理由")
    report.status = ReportStatus.DRAFT
    report.save(update_fields=["status", "updated_at"])
    audit.record("report.return", report, user=user, unit=report.unit, detail={"reason": reason.strip()[:200]})
    return report


@transaction.atomic
def publish(user: User, report: AnnualReport, *, warning_reason: str = "") -> AnnualReport:
    """审核签发并发布: a reviewer of the unit other than the submitter; errors block, warnings need a
    recorded reason. The tables and prose are frozen from here on."""
    report = _lock(report)
    check_publish(user, report)
    _refresh_findings(report)
    if report.errors:
        raise ReportError(_errors_message(report, "不能发布"))
    if report.warnings and not warning_reason.strip():
        raise ReportError(f"报告有{len(report.warnings)}项警告，请写明仍然发布的理由")
    report.status, report.signed_by, report.published_at = ReportStatus.PUBLISHED, user, timezone.now()
    report.warning_reason = warning_reason.strip()
    report.save()
    audit.record("report.publish", report, user=user, unit=report.unit,
                 detail={"warnings": len(report.warnings), "reason": report.warning_reason[:200],
                         "days_late": lateness(report, published_on(report))[1]})
    return report


def deadline_overrides() -> dict[str, tuple[int, int]]:
    """The office's own deadlines per kind of unit, where it set them (ReportDeadline)."""
    return {d.unit_kind: (d.month, d.day) for d in ReportDeadline.objects.all()}


def lateness(report: AnnualReport, on: dt.date) -> tuple[dt.date | None, int]:
    """The statutory publication deadline (条例第四十九条) and how many days ``on`` misses it by."""
    overrides = deadline_overrides()
    return (deadlines.deadline(report.year, report.unit.kind, overrides),
            deadlines.days_late(report.year, report.unit.kind, on, overrides))


@transaction.atomic
def store_archive(user: User, unit: Unit, *, year: int, upload: File, title: str = "") -> AnnualReport:
    """A narrative-only report of an earlier year (e.g. 2016), kept and shown as its original file."""
    check_archive(user, unit)
    if format_for(year) != ReportFormat.ARCHIVE:
        raise ReportError(f"{year}年及以后的报告请由系统生成")
    if AnnualReport.objects.filter(unit=unit, year=year).exists():
        raise ReportError(f"{unit.name}{year}年的报告已存在")
    report = AnnualReport(unit=unit, year=year, format=ReportFormat.ARCHIVE, title=title or title_for(unit, year),
                          status=ReportStatus.PUBLISHED, signed_by=user, published_at=timezone.now())
    report.archive_file.save(upload.name, upload, save=False)
    report.save()
    audit.record("report.archive", report, user=user, unit=unit, detail={"year": year})
    return report


def published_on(report: AnnualReport | None) -> dt.date | None:
    return timezone.localtime(report.published_at).date() if report and report.published_at else None
