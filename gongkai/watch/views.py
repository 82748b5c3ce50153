"""Workbench pages of the website watchdog (网站守护): thin views over the watch services, scoped."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.domain.watch.findings import CATEGORIES
from gongkai.units.web import staff_required

from . import errors, lifecycle, permissions, registration, selectors, tasks
from .forms import FindingFilter, FixForm, SiteForm
from .models import ACTIVE_STATUSES, Site

STATE_LABELS = {"ok": "正常", "warning": "预警", "veto": "单项否决"}


def trend_svg(points, width: int = 300, height: int = 60) -> str:
    """Open findings per day as an inline SVG line (server-rendered, no JavaScript)."""
    if not points:
        return ""
    top = max(n for _, n in points) or 1
    step = width / max(len(points) - 1, 1)
    coords = " ".join(f"{i * step:.1f},{height - 4 - (n / top) * (height - 8):.1f}" for i, (_, n) in enumerate(points))
    first, last = points[0], points[-1]
    label = f"近{len(points)}天未解决问题数：{first[0]:%m-%d} {first[1]}个，{last[0]:%m-%d} {last[1]}个，最多{top}个"
    return format_html(
        '<svg class="trend" role="img" aria-label="{}" width="{}" height="{}" viewBox="0 0 {} {}">'
        '<title>{}</title><polyline fill="none" stroke="#b22" stroke-width="2" points="{}"/></svg>',
        label, width, height, width, height, label, coords)


def _dashboard_row(site, today):
    findings = list(site.findings.all())
    open_ = [f for f in findings if f.status in ACTIVE_STATUSES]
    lines = selectors.veto_lines(site, open_)
    for row in lines:
        row["state_label"] = STATE_LABELS.get(row.get("state"), row.get("state"))
    worst = "veto" if any(r.get("state") == "veto" for r in lines) else \
        "warning" if any(r.get("state") == "warning" for r in lines) else "ok"
    return {"site": site, "open": len(open_), "high": sum(1 for f in open_ if f.severity == "high"),
            "fixed_waiting": sum(1 for f in findings if f.status == "fixed"),
            "median_fix": selectors.median_days_to_fix(findings), "lines": lines, "state": worst,
            "state_label": STATE_LABELS[worst], "last_run": site.runs.first(),
            "trend": trend_svg(selectors.open_trend(findings, today))}


@staff_required
def index(request):
    today = timezone.localdate()
    rows = [_dashboard_row(site, today) for site in selectors.visible_sites(request.user)]
    mine = selectors.assigned_open_findings(request.user)
    return render(request, "watch/index.html", {
        "rows": rows, "mine": mine, "may_register": permissions.may_register_site(request.user)})


def _columns_from(form):
    return form.cleaned_data.get("columns") or []


@staff_required
@require_http_methods(["GET", "POST"])
def site_new(request):
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "columns"}
        try:
            site = registration.register_site(request.user, request.user.unit, data, _columns_from(form))
        except errors.WatchError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已登记守护网站“{site.name}”")
            return redirect("watch:site", pk=site.pk)
    return render(request, "watch/site_form.html", {"form": form, "site": None})


@staff_required
@require_http_methods(["GET", "POST"])
def site_edit(request, pk):
    site = get_object_or_404(selectors.visible_sites(request.user), pk=pk)
    form = SiteForm(request.POST or None, instance=site if request.method == "GET" else Site(unit=site.unit))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "columns"}
        try:
            registration.update_site(request.user, site, data, _columns_from(form))
        except errors.WatchError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存")
            return redirect("watch:site", pk=site.pk)
    return render(request, "watch/site_form.html", {"form": form, "site": site})


@staff_required
def site_detail(request, pk):
    site = get_object_or_404(selectors.visible_sites(request.user), pk=pk)
    filters = FindingFilter(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    findings = selectors.site_findings(site, category=data.get("category") or "",
                                       severity=data.get("severity") or "", status=data.get("status") or "")
    by_category = selectors.open_counts_by_category(site)
    return render(request, "watch/site.html", {
        "site": site, "findings": findings, "filters": filters,
        "row": _dashboard_row(site, timezone.localdate()), "runs": site.runs.all()[:10],
        "categories": [(k, v, by_category.get(k, 0)) for k, v in CATEGORIES.items()],
        "allowed": permissions.allowed_actions(request.user, site, findings),
        "fix_form": FixForm()})


@staff_required
@require_POST
def check_now(request, pk):
    site = get_object_or_404(selectors.visible_sites(request.user), pk=pk)
    try:
        queued = tasks.request_check(request.user, site)
    except errors.WatchError as exc:
        messages.error(request, str(exc))
        return redirect("watch:site", pk=site.pk)
    if queued:
        messages.success(request, "已安排立即检查，检查完成后刷新本页查看结果")
    else:
        messages.info(request, "该网站已在检查队列中或正在检查，完成后刷新本页查看结果")
    return redirect("watch:site", pk=site.pk)


@staff_required
def finding_detail(request, pk):
    finding = get_object_or_404(selectors.visible_findings(request.user), pk=pk)
    diff = None
    if finding.kind == "text_changed" and finding.extra:
        diff = {"inserted": finding.extra.get("inserted") or [], "removed": finding.extra.get("removed") or []}
    return render(request, "watch/finding.html", {
        "finding": finding, "events": selectors.finding_events(finding), "diff": diff,
        "allowed": permissions.finding_actions(request.user, finding),
        "fix_form": FixForm()})


@staff_required
@require_POST
def mark_fixed(request, pk):
    finding = get_object_or_404(selectors.visible_findings(request.user), pk=pk)
    form = FixForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(form.errors.get("note", [])) or "请填写整改说明")
    else:
        try:
            lifecycle.mark_fixed(request.user, finding, form.cleaned_data["note"])
        except errors.WatchError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已标记为已整改，下一次检查将自动复核")
    target = request.POST.get("next", "")
    if target.startswith("/work/watch/") and "//" not in target:
        return redirect(target)
    return redirect("watch:finding", pk=finding.pk)
