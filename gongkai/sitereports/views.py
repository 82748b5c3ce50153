"""Workbench and portal pages of website reports: thin views over sitereports.services."""
from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.domain import website_report as rules
from gongkai.units.downloads import named
from gongkai.units.web import object_action, staff_required

from . import permissions, public, render as outputs, selectors, services
from .models import SiteType, WebsiteReport


def year_choices() -> list[int]:
    last = timezone.localdate().year - 1
    return list(range(last, 2017, -1))


def _report(request, pk) -> WebsiteReport:
    return get_object_or_404(selectors.visible_reports(request.user), pk=pk)


@staff_required
def index(request):
    """The unit's sites, each with its reports; build a year's report; for a supervisor, every site
    of its units with the state of last year's report."""
    user = request.user
    sites = list(selectors.visible_sites(user))
    reports = selectors.reports_by_site(user)
    last = year_choices()[0]
    rows = [{"site": s, "reports": reports.get(s.pk, []),
             "last": next((r for r in reports.get(s.pk, []) if r.year == last), None),
             "allowed": permissions.site_actions(user, s),
             "registration": getattr(s, "registration", None)} for s in sites]
    return render(request, "sitereports/index.html", {
        "rows": rows, "years": year_choices(), "last": last, "deadline": rules.deadline(last),
        "site_types": SiteType.choices})


@staff_required
@require_POST
def build(request):
    site_id, year = request.POST.get("site", ""), request.POST.get("year", "")
    site = get_object_or_404(selectors.visible_sites(request.user), pk=int(site_id)) if site_id.isdigit() else None
    if site is None or not year.isdigit() or int(year) not in year_choices():
        messages.error(request, "请选择网站和年度")
        return redirect("sitereports:index")
    try:
        report = services.build(request.user, site, year=int(year))
    except services.SiteReportError as exc:
        messages.error(request, str(exc))
        return redirect("sitereports:index")
    messages.success(request, "已根据系统数据生成报表" + (f"，发现{len(report.errors)}项错误" if report.errors else ""))
    return redirect("sitereports:detail", pk=report.pk)


@staff_required
@require_POST
def register(request, site_pk):
    site = get_object_or_404(selectors.visible_sites(request.user), pk=site_pk)
    try:
        services.save_registration(request.user, site, site_code=request.POST.get("site_code", ""),
                                   site_type=request.POST.get("site_type", ""), icp_no=request.POST.get("icp_no", ""),
                                   police_no=request.POST.get("police_no", ""))
    except services.SiteReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已保存网站备案信息，重新生成报表后生效")
    return redirect("sitereports:index")


def _form_rows(report: WebsiteReport) -> list[dict]:
    tpl = services.template(report)
    values = rules.effective(report.fields)
    rows = []
    for f in tpl.fields:
        cell = report.fields.get(f.key, {})
        value = values.get(f.key)
        rows.append({"f": f, "cell": cell, "label": rules.column_label(f), "name": f"f_{f.key}",
                     "text": "" if value is None else (rules.display(f, value) if f.kind != rules.MULTI else ""),
                     "chosen": (value or []) if f.kind == rules.MULTI else [],
                     "computed": rules.display(f, cell.get("computed")) if cell.get("source") != rules.E else "",
                     "overridden": cell.get("source") != rules.E and cell.get("override") not in (None, "", [])})
    return rows


@staff_required
def detail(request, pk):
    report = _report(request, pk)
    return render(request, "sitereports/detail.html", {
        "report": report, "allowed": permissions.allowed_actions(request.user, report), "rows": _form_rows(report),
        "deadline": services.deadline_of(report),
        "days_late": services.days_late(report, services.published_on(report) or timezone.localdate()),
        "tables": [outputs.layout(report)],
    })


@object_action(_report, services.SiteReportError, "sitereports:detail")
def save(request, report):
    values, reasons, errors = services.parse_form(report, request.POST)
    if errors:
        raise services.SiteReportError("；".join(errors[:5]) + ("……" if len(errors) > 5 else ""))
    report = services.save_fields(request.user, report, values=values, reasons=reasons)
    return "已保存" + (f"，仍有{len(report.errors)}项错误" if report.errors else "")


@object_action(_report, services.SiteReportError, "sitereports:detail")
def rebuild(request, report):
    services.build(request.user, report.site, year=report.year)
    return "已根据最新数据重新生成"


@object_action(_report, services.SiteReportError, "sitereports:detail")
def submit(request, report):
    services.submit(request.user, report, warning_reason=request.POST.get("reason", ""))
    return "已校验并提交签发"


@object_action(_report, services.SiteReportError, "sitereports:detail")
def return_to_draft(request, report):
    services.return_to_draft(request.user, report, reason=request.POST.get("reason", ""))
    return "已退回修改"


@object_action(_report, services.SiteReportError, "sitereports:detail")
def sign(request, report):
    services.sign(request.user, report)
    return "已签发"


@object_action(_report, services.SiteReportError, "sitereports:detail")
def publish(request, report):
    report = services.publish(request.user, report)
    late = services.days_late(report, services.published_on(report))
    text = "已在门户网站“政府网站工作年度报表”栏目发布"
    return text + (f"；发布期限为{services.deadline_of(report):%Y年%m月%d日}，逾期{late}天" if late else "")


@object_action(_report, services.SiteReportError, "sitereports:detail")
def file_nationally(request, report):
    services.record_filing(request.user, report, backfilled_url=request.POST.get("url", ""))
    return "已登记报送全国政府网站信息报送系统"


@staff_required
def output(request, pk, fmt):
    return outputs.download(_report(request, pk), fmt)


class ImportForm(forms.Form):
    file = forms.FileField(label="填报数据（.xlsx）")
    dry_run = forms.BooleanField(label="只检查，不导入", required=False)


@staff_required
@require_http_methods(["GET", "POST"])
def figures_import(request):
    """Hand-entered figures of many sites from one workbook: every row good, or nothing stored."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    parsed = None
    if request.method == "POST" and form.is_valid():
        try:
            parsed = services.import_fields(request.user, form.cleaned_data["file"].read(),
                                            dry_run=form.cleaned_data["dry_run"])
        except rules.LedgerFileError as exc:
            form.add_error("file", str(exc))
        else:
            if not parsed.rows:
                form.add_error("file", "表中没有数据行")
            elif not parsed.bad and not form.cleaned_data["dry_run"]:
                messages.success(request, f"已导入{len(parsed.rows)}行填报数据")
                return redirect("sitereports:index")
    columns = rules.workbook_columns(rules.template_for(year_choices()[0]))
    return render(request, "sitereports/import.html", {"form": form, "parsed": parsed, "columns": columns})


@staff_required
def figures_template(request):
    from openpyxl import Workbook

    from gongkai.domain.spreadsheet_cells import neutralise_row

    year = year_choices()[0]
    columns = rules.workbook_columns(rules.template_for(year))
    book = Workbook()
    sheet = book.active
    sheet.title = "政府网站工作年度报表填报"
    sheet.append([label for _key, label in columns])
    for registration in selectors.coded_registrations(request.user):
        sheet.append(neutralise_row([registration.site_code, year]))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=outputs.CONTENT_TYPES["xlsx"])
    return named(response, f"{year}年政府网站工作年度报表填报模板", "xlsx")


# ---------------------------------------------------------------- portal

def portal_list(request):
    reports = list(public.published_reports())
    return render(request, "sitereports/portal_list.html", {"reports": reports})


def portal_detail(request, pk):
    report = get_object_or_404(public.published_reports(), pk=pk)
    return render(request, "sitereports/portal_detail.html", {"report": report, "tables": [outputs.layout(report)]})


def portal_output(request, pk, fmt):
    report = get_object_or_404(public.published_reports(), pk=pk)
    if fmt not in outputs.RENDERERS:
        raise Http404
    return outputs.download(report, fmt)
