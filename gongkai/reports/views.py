"""Workbench for annual reports: thin views over reports.services and reports.rollup."""
from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.units.downloads import named
from gongkai.units.scoping import visible_units
from gongkai.units.web import object_action, staff_required

from gongkai.domain.annual_report import yearly_figures

from . import outputs, permissions, rollup, selectors, services
from .forms import ArchiveForm, FiguresForm, NarrativeForm, ReasonForm, YearForm, year_choices
from .models import AnnualReport
from .outputs import download


def _report(request, pk) -> AnnualReport:
    return get_object_or_404(selectors.visible_reports(request.user), pk=pk)


def _year(request) -> int:
    form = YearForm(request.GET or None)
    return form.cleaned_data["year"] if form.is_valid() else year_choices()[0][0]


@staff_required
def index(request):
    """The unit's reports by year; for a supervisor, the board of its units for one year."""
    user, year = request.user, _year(request)
    unit = user.unit
    allowed = permissions.index_actions(user)
    context = {"year": year, "year_form": YearForm(initial={"year": year}),
               "reports": selectors.own_unit_reports(user),
               "allowed": allowed, "archive_form": ArchiveForm()}
    if allowed.board:
        root = unit or visible_units(user).filter(parent__isnull=True).first()
        if root and services.format_for(year) != "archive":
            context["board"] = rollup.rollup(root, year)
    return render(request, "reports/index.html", context)


@staff_required
@require_POST
def build(request):
    form = YearForm(request.POST)
    if not form.is_valid() or request.user.unit is None:
        messages.error(request, "请选择年度")
        return redirect("reports:index")
    try:
        report = services.build(request.user, request.user.unit, year=form.cleaned_data["year"])
    except services.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("reports:index")
    messages.success(request, "已根据系统数据生成报告" + (f"，发现{len(report.errors)}项错误" if report.errors else ""))
    return redirect("reports:detail", pk=report.pk)


@staff_required
def detail(request, pk):
    report = _report(request, pk)
    narrative = report.narrative or {}
    return render(request, "reports/detail.html", {
        "report": report, "allowed": permissions.allowed_actions(request.user, report),
        "form": NarrativeForm(initial=narrative), "problems": narrative.get("problems", []),
        "reason_form": ReasonForm(),
        "lateness": services.lateness(report, services.published_on(report) or timezone.localdate()),
    })


@staff_required
@require_POST
def save_narrative(request, pk):
    report = _report(request, pk)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("reports:detail", pk=report.pk)
    try:
        report = services.save_narrative(request.user, report, texts=form.cleaned_data,
                                         improvements=request.POST.getlist("improvement"))
    except services.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已保存" + (f"，仍有{len(report.errors)}项错误" if report.errors else ""))
    return redirect("reports:detail", pk=report.pk)


@object_action(_report, services.ReportError, "reports:detail")
def submit(request, report):
    services.submit(request.user, report)
    return "已提交审核"


@object_action(_report, services.ReportError, "reports:detail")
def return_to_draft(request, report):
    services.return_to_draft(request.user, report, reason=request.POST.get("reason", ""))
    return "已退回修改"


@object_action(_report, services.ReportError, "reports:detail")
def publish(request, report):
    report = services.publish(request.user, report, warning_reason=request.POST.get("reason", ""))
    due, late = services.lateness(report, services.published_on(report))
    if late:
        return f"已签发并在门户网站“年度报告”栏目发布；法定期限为{due:%Y年%m月%d日}，本报告逾期{late}天发布"
    return "已签发并在门户网站“年度报告”栏目发布"


@object_action(_report, services.ReportError, "reports:detail")
def rebuild(request, report):
    services.build(request.user, report.unit, year=report.year)
    return "已根据最新数据重新生成表格和总体情况"


@staff_required
def output(request, pk, fmt):
    report = _report(request, pk)
    if report.format == "archive":
        raise Http404
    return download(report, fmt)


@staff_required
@require_http_methods(["GET", "POST"])
def figures(request, year):
    unit = request.user.unit
    if unit is None or year not in dict(year_choices()):
        raise Http404
    allowed = permissions.figures_actions(request.user, unit)
    current = services.sources.yearly_figures(unit, year)
    form = FiguresForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST":
        if not allowed.save:
            messages.error(request, "您无权填报年度业务数据")
        elif form.is_valid():
            services.save_figures(request.user, unit, year=year, values=form.cleaned_data)
            messages.success(request, "已保存，重新生成报告后生效")
            return redirect("reports:index")
    return render(request, "reports/figures.html", {"form": form, "year": year, "allowed": allowed})


@staff_required
def rollup_view(request):
    year = _year(request)
    if services.format_for(year) == "archive":
        raise Http404
    units = visible_units(request.user)
    root_id = request.GET.get("unit", "")
    root = units.filter(pk=int(root_id)).first() if root_id.isdigit() else request.user.unit
    if root is None or not units.filter(pk=root.pk).exists():
        raise Http404
    result = rollup.rollup(root, year)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return download(result, "xlsx")
    return render(request, "reports/rollup.html", {"rollup": result, "year": year,
                                                   "year_form": YearForm(initial={"year": year})})


@staff_required
@require_POST
def archive(request):
    form = ArchiveForm(request.POST, request.FILES)
    if not form.is_valid() or request.user.unit is None:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs) or "请选择文件")
        return redirect("reports:index")
    try:
        report = services.store_archive(request.user, request.user.unit, year=form.cleaned_data["year"],
                                        upload=form.cleaned_data["file"], title=form.cleaned_data["title"])
    except services.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("reports:index")
    messages.success(request, "已存档")
    return redirect("reports:detail", pk=report.pk)


def archive_file(request, report: AnnualReport) -> HttpResponse:
    from django.http import FileResponse

    return FileResponse(report.archive_file.open("rb"), as_attachment=True,
                        filename=report.archive_file.name.rsplit("/", 1)[-1])


@staff_required
def archive_download(request, pk):
    report = _report(request, pk)
    if not report.archive_file:
        raise Http404
    return archive_file(request, report)


class FiguresImportForm(forms.Form):
    file = forms.FileField(label="年度业务数据（.xlsx）")
    dry_run = forms.BooleanField(label="只检查，不导入", required=False)


@staff_required
@require_http_methods(["GET", "POST"])
def figures_import(request):
    """Many units' yearly figures from one workbook: all rows good, or nothing stored."""
    form = FiguresImportForm(request.POST, request.FILES) if request.method == "POST" else FiguresImportForm()
    parsed = None
    if request.method == "POST" and form.is_valid():
        try:
            parsed = services.import_figures(request.user, form.cleaned_data["file"].read(),
                                             dry_run=form.cleaned_data["dry_run"])
        except yearly_figures.LedgerFileError as exc:
            form.add_error("file", str(exc))
        else:
            if not parsed.rows:
                form.add_error("file", "表中没有数据行")
            elif not parsed.bad and not form.cleaned_data["dry_run"]:
                messages.success(request, f"已导入{len(parsed.rows)}行年度业务数据")
                return redirect("reports:index")
    return render(request, "reports/figures_import.html", {"form": form, "parsed": parsed,
                                                           "columns": yearly_figures.COLUMNS})


@staff_required
def figures_template(request):
    from openpyxl import Workbook

    from gongkai.domain.spreadsheet_cells import neutralise_row

    book = Workbook()
    sheet = book.active
    sheet.title = "年度业务数据"
    sheet.append([label for label, _ in yearly_figures.COLUMNS.values()])
    year = year_choices()[0][0]
    for unit in visible_units(request.user).filter(kind__in=rollup.deadlines.REPORTING_KINDS):
        sheet.append(neutralise_row([unit.code, year, 0, 0, 0, 0]))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=outputs.CONTENT_TYPES["xlsx"])
    return named(response, f"{year}年度业务数据填报模板", "xlsx")
