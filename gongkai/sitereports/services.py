"""Website reports: build from the records, enter or import the figures the platform cannot know,
check, submit, sign, publish and record the national filing — the only code that changes a
WebsiteReport. Every change is one transaction, asks its check in sitereports.permissions first
(the user's unit and role, the report's state), and is audited.
The rules are in gongkai.domain.website_report."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from gongkai.domain import website_report as rules
from gongkai.units import audit
from gongkai.units.models import User
from gongkai.watch.models import Site

from . import sources
from .models import SiteRegistration, SiteReportStatus, WebsiteReport
from .permissions import (SiteReportError, check_build, check_enter_figures, check_publish, check_rebuild,
                          check_record_filing, check_register, check_return_to_draft, check_save_fields, check_sign,
                          check_submit)

if TYPE_CHECKING:
    from django.http import QueryDict

REASON_LIMIT = 500
WARNING_REASON_LIMIT = 1000
DERIVED_TOTALS = {"info_total": ("info_overview", "info_news", "info_catalog")}


def title_for(site: Site, year: int) -> str:
    return f"{site.name}{year}年政府网站工作年度报表"


def _lock(report: WebsiteReport) -> WebsiteReport:
    return WebsiteReport.objects.select_for_update().select_related("site", "unit").get(pk=report.pk)


def template(report: WebsiteReport) -> rules.Template:
    return rules.template_for(report.template_year)


def previous_report(report: WebsiteReport) -> WebsiteReport | None:
    return WebsiteReport.objects.filter(site=report.site, year=report.year - 1).first()


def _consult_source(key: str) -> str:
    if key in ("unified_platform", "msg_received", "msg_answered", "msg_avg_days", "msg_avg_workdays",
               "msg_published"):
        return rules.A if sources.consult_available() else rules.E
    return ""


def _derive(tpl: rules.Template, fields: dict) -> None:
    """Totals the platform computes from other fields (信息发布 总数 = 概况 + 政务动态 + 目录)."""
    values = rules.effective(fields)
    for total, parts in DERIVED_TOTALS.items():
        if total in fields and all(values.get(k) is not None for k in parts):
            fields[total]["computed"] = sum(values[k] for k in parts)


def check(report: WebsiteReport) -> list[dict]:
    previous = previous_report(report)
    units = sources.site_units(report.site)
    return rules.check(template(report), report.fields,
                       previous=rules.effective(previous.fields) if previous else None,
                       carried_in=sources.carried_in(units, report.year) if sources.consult_available() else 0)


# ---------------------------------------------------------------- build

@transaction.atomic
def build(user: User, site: Site, *, year: int) -> WebsiteReport:
    """Create ``year``'s draft or rebuild it: the A and W figures are recomputed from the records;
    what the clerk entered or overrode (with its reason) is kept."""
    check_build(user, site)
    if year >= timezone.localdate().year:
        raise SiteReportError(f"{year}年尚未结束，不能编制该年度的报表")
    try:
        tpl = rules.template_for(year)
    except ValueError as exc:
        raise SiteReportError(str(exc)) from None
    report, created = WebsiteReport.objects.select_for_update().get_or_create(
        site=site, year=year, defaults={"unit": site.unit, "title": title_for(site, year),
                                        "template_year": tpl.first_year})
    check_rebuild(user, report)
    computed = sources.computed(site, year)
    previous = previous_report(report)
    kept = report.fields or {}
    fields = {}
    for f in tpl.fields:
        source = _consult_source(f.key) or f.source
        old = kept.get(f.key, {})
        cell = {"source": source, "computed": computed.get(f.key) if source != rules.E else None,
                "override": old.get("override"), "reason": old.get("reason", "")}
        if (source == rules.E and cell["override"] is None and previous and f.kind == rules.TEXT
                and f.section in ("签署", "移动新媒体")):
            cell["override"] = rules.effective(previous.fields).get(f.key)   # names and phone carry over
        fields[f.key] = cell
    _derive(tpl, fields)
    report.fields, report.title = fields, title_for(site, year)
    report.findings, report.built_at = check(report), timezone.now()
    report.save()
    audit.record("sitereport.build", report, user=user, unit=report.unit,
                 detail={"year": year, "created": created, "errors": len(report.errors)})
    return report


# ---------------------------------------------------------------- enter

def parse_form(report: WebsiteReport, data: QueryDict | dict[str, Any]) -> tuple[dict, dict, list[str]]:
    """Values and reasons from a POSTed form (``f_<key>``, ``r_<key>``; a multi-select as a list),
    and every value that is not of its field's type."""
    values, reasons, errors = {}, {}, []
    for f in template(report).fields:
        name = f"f_{f.key}"
        if f.kind == rules.MULTI:
            if name in data or f"{name}_present" in data:
                raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
            else:
                continue
        elif name in data:
            raw = data.get(name)
        else:
            continue
        try:
            values[f.key] = rules.parse_value(f, raw)
        except ValueError as exc:
            errors.append(str(exc))
        if f"r_{f.key}" in data:
            reasons[f.key] = (data.get(f"r_{f.key}") or "").strip()
            if len(reasons[f.key]) > REASON_LIMIT:
                errors.append(f"{rules.column_label(f)}的修改理由不能超过{REASON_LIMIT}字")
    return values, reasons, errors


def _apply(report: WebsiteReport, values: dict, reasons: dict) -> list[str]:
    tpl = template(report)
    fields = {k: dict(v) for k, v in report.fields.items()}
    changed = []
    for key, value in values.items():
        cell = fields.get(key)
        if cell is None:
            continue
        if cell["source"] != rules.E and value == cell.get("computed"):
            value = None        # the computed figure typed back: no override
        if value != cell.get("override"):
            changed.append(key)
        cell["override"] = value
        if key in reasons:
            cell["reason"] = reasons[key]
        if cell["override"] is None:
            cell["reason"] = ""
    for key, reason in reasons.items():
        cell = fields.get(key)
        if key not in values and cell is not None and cell.get("override") is not None:
            cell["reason"] = reason
    _derive(tpl, fields)
    report.fields = fields
    return changed


@transaction.atomic
def save_fields(user: User, report: WebsiteReport, *, values: dict, reasons: dict | None = None) -> WebsiteReport:
    """The clerk's figures: entered (E) fields, and overrides of computed ones with their reasons."""
    report = _lock(report)
    check_save_fields(user, report)
    changed = _apply(report, values, reasons or {})
    report.findings = check(report)
    report.save(update_fields=["fields", "findings", "updated_at"])
    audit.record("sitereport.edit", report, user=user, unit=report.unit,
                 detail={"changed": changed[:40], "errors": len(report.errors)})
    return report


def _sites_by_code(codes) -> dict[str, Site]:
    found = SiteRegistration.objects.filter(site_code__in=codes).select_related("site__unit")
    return {r.site_code: r.site for r in found}


def import_fields(user: User, data: bytes, *, dry_run: bool = False) -> rules.FieldsFile:
    """Hand-entered figures of many sites from one workbook: every row checked (format, a registered
    site the user may enter for, a draft report of that year built), stored in one transaction only
    when every row is good."""
    last = timezone.localdate().year - 1
    tpl = rules.template_for(last)
    parsed = rules.parse_workbook(data, tpl, 2018, last)
    sites = _sites_by_code({r.values.get(rules.SITE_CODE) for r in parsed.rows})
    targets = {}
    for row in parsed.rows:
        code, year = row.values.get(rules.SITE_CODE), row.values.get(rules.YEAR)
        site = sites.get(code)
        if code and site is None and not row.errors:
            row.errors.append(f"政府网站标识码“{code}”未登记")
            continue
        if site is None or year is None:
            continue
        try:
            check_enter_figures(user, site)
        except SiteReportError as exc:
            row.errors.append(str(exc))
            continue
        report = WebsiteReport.objects.filter(site=site, year=year).first()
        if report is None:
            row.errors.append(f"{site.name}{year}年的报表尚未生成，请先生成报表")
        elif report.status != SiteReportStatus.DRAFT:
            row.errors.append(f"{site.name}{year}年的报表已提交或发布，不能导入")
        else:
            targets[row.number] = report
    if parsed.bad or dry_run or not parsed.rows:
        return parsed
    with transaction.atomic():
        for row in parsed.rows:
            report = _lock(targets[row.number])
            values = {k: v for k, v in row.values.items() if k not in (rules.SITE_CODE, rules.YEAR)}
            _apply(report, values, {})
            report.findings = check(report)
            report.save(update_fields=["fields", "findings", "updated_at"])
        audit.record("sitereport.import", user=user, detail={"rows": len(parsed.rows)})
    return parsed


# ---------------------------------------------------------------- submit, sign, publish

def _errors_message(report: WebsiteReport, what: str) -> str:
    first = report.errors[0]
    return f"报表有{len(report.errors)}项错误，{what}。第一项：〔{first['rule']}〕{first['message']}"


@transaction.atomic
def submit(user: User, report: WebsiteReport, *, warning_reason: str = "") -> WebsiteReport:
    """草稿 → 已校验待签发: no error, and a recorded reason when there are warnings."""
    report = _lock(report)
    check_submit(user, report)
    report.findings = check(report)
    if report.errors:
        report.save(update_fields=["findings", "updated_at"])
        raise SiteReportError(_errors_message(report, "改正后才能提交"))
    reason = (warning_reason or "").strip()
    if len(reason) > WARNING_REASON_LIMIT:
        raise SiteReportError(f"仍然提交的理由不能超过{WARNING_REASON_LIMIT}字")
    if report.warnings and not reason:
        raise SiteReportError(f"报表有{len(report.warnings)}项警告，请逐项核实并写明仍然提交的理由")
    report.status, report.submitted_by, report.warning_reason = SiteReportStatus.SUBMITTED, user, reason
    report.save(update_fields=["status", "submitted_by", "warning_reason", "findings", "updated_at"])
    audit.record("sitereport.submit", report, user=user, unit=report.unit,
                 detail={"warnings": len(report.warnings), "reason": reason[:200]})
    return report


@transaction.atomic
def return_to_draft(user: User, report: WebsiteReport, *, reason: str) -> WebsiteReport:
    report = _lock(report)
    check_return_to_draft(user, report)
    if not (reason or "").strip():
        raise SiteReportError("请写明退回理由")
    if len(reason.strip()) > REASON_LIMIT:
        raise SiteReportError(f"退回理由不能超过{REASON_LIMIT}字")
    report.status, report.signed_by, report.signed_at = SiteReportStatus.DRAFT, None, None
    report.save(update_fields=["status", "signed_by", "signed_at", "updated_at"])
    audit.record("sitereport.return", report, user=user, unit=report.unit, detail={"reason": reason.strip()[:200]})
    return report


@transaction.atomic
def sign(user: User, report: WebsiteReport) -> WebsiteReport:
    """审核签发: a reviewer of the unit other than the submitter; errors block (checked again)."""
    report = _lock(report)
    check_sign(user, report)
    report.findings = check(report)
    if report.errors:
        raise SiteReportError(_errors_message(report, "不能签发"))
    if report.warnings and not report.warning_reason:
        raise SiteReportError("报表有警告但没有记录理由，请退回补充")
    report.status, report.signed_by, report.signed_at = SiteReportStatus.SIGNED, user, timezone.now()
    report.save(update_fields=["status", "signed_by", "signed_at", "findings", "updated_at"])
    audit.record("sitereport.sign", report, user=user, unit=report.unit, detail={"warnings": len(report.warnings)})
    return report


def deadline_of(report: WebsiteReport) -> dt.date:
    return rules.deadline(report.year)


def days_late(report: WebsiteReport, on: dt.date) -> int:
    return max(0, (on - deadline_of(report)).days)


@transaction.atomic
def publish(user: User, report: WebsiteReport) -> WebsiteReport:
    """已签发 → 已发布 on the portal's 政府网站工作年度报表 column; the figures are frozen from here on."""
    report = _lock(report)
    check_publish(user, report)
    report.findings = check(report)
    if report.errors:
        raise SiteReportError(_errors_message(report, "不能发布"))
    report.status, report.published_at = SiteReportStatus.PUBLISHED, timezone.now()
    report.save(update_fields=["status", "published_at", "findings", "updated_at"])
    audit.record("sitereport.publish", report, user=user, unit=report.unit,
                 detail={"days_late": days_late(report, timezone.localdate())})
    return report


@transaction.atomic
def record_filing(user: User, report: WebsiteReport, *, backfilled_url: str) -> WebsiteReport:
    """The clerk typed the figures into the national 报送系统 and 回填 the published page's URL."""
    report = _lock(report)
    check_record_filing(user, report)
    url = (backfilled_url or "").strip()
    if not url.startswith(("http://", "https://")) or len(url) > 500:
        raise SiteReportError("请填写回填到报送系统的报表页面地址（以http://或https://开头）")
    report.status, report.backfilled_url = SiteReportStatus.FILED, url
    report.national_filed_at, report.national_filed_by = timezone.now(), user
    report.save(update_fields=["status", "backfilled_url", "national_filed_at", "national_filed_by", "updated_at"])
    audit.record("sitereport.file", report, user=user, unit=report.unit, detail={"url": url[:200]})
    return report


def published_on(report: WebsiteReport) -> dt.date | None:
    return timezone.localtime(report.published_at).date() if report.published_at else None


@transaction.atomic
def save_registration(user: User, site: Site, *, site_code: str, site_type: str, icp_no: str = "",
                      police_no: str = "") -> SiteRegistration:
    """政府网站标识码, 网站类型 and the filing numbers of a watched site (the unit's administrator or
    reviewer); a rebuild of a draft report picks them up."""
    check_register(user, site)
    import re

    code = (site_code or "").strip()
    if not re.fullmatch(r"\d{10}", code):
        raise SiteReportError("政府网站标识码应为10位数字")
    if site_type not in dict(SiteRegistration._meta.get_field("site_type").choices):
        raise SiteReportError("请选择网站类型")
    other = SiteRegistration.objects.filter(site_code=code).exclude(site=site).first()
    if other is not None:
        raise SiteReportError(f"政府网站标识码{code}已登记给{other.site.name}")
    icp_no, police_no = (icp_no or "").strip(), (police_no or "").strip()
    if len(icp_no) > 60 or len(police_no) > 60:
        raise SiteReportError("ICP备案号和公安机关备案号不能超过60字")
    registration, created = SiteRegistration.objects.select_for_update().get_or_create(site=site)
    registration.site_code, registration.site_type = code, site_type
    registration.icp_no, registration.police_no = icp_no, police_no
    registration.save()
    audit.record("sitereport.registration", registration, user=user, unit=site.unit,
                 detail={"site": site.pk, "site_code": code, "created": created})
    return registration
