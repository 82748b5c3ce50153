"""审计管理员's console (/manage/audit/, GB/T 22239-2019 8.1.5.2): read-only search over the whole
audit log with filters, CSV and JSONL export, chain verification and saved reports. Only
Role.AUDITADMIN; every query, export and verification is itself audited. Nothing here changes
or deletes an entry."""
from __future__ import annotations

import datetime as dt
import ipaddress

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.domain import audit_chain, audit_reports
from gongkai.monitoring import alerts, notes
from gongkai.units import audit
from gongkai.units.downloads import named
from gongkai.units.models import AuditEntry, Outcome, Role

from ..roles.access import console_role_required
from . import selectors

auditadmin_required = console_role_required(Role.AUDITADMIN)
FILTERS = ("q", "action", "actor", "outcome", "ip", "since", "until")


def _date(value: str):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _filtered(request):
    f = {k: request.GET.get(k, "").strip()[:100] for k in FILTERS}
    errors = []
    ip = ""
    if f["ip"]:
        try:
            ip = str(ipaddress.ip_address(f["ip"]))
        except ValueError:
            errors.append("来源地址格式不正确，已忽略")
    days = {}
    for key in ("since", "until"):
        if f[key]:
            days[key] = _date(f[key])
            if days[key] is None:
                errors.append(f"日期“{f[key]}”格式不正确（应为 年-月-日），已忽略")
    entries = selectors.console_entries(q=f["q"], action=f["action"], actor=f["actor"], outcome=f["outcome"], ip=ip,
                                        since=days.get("since"), until=days.get("until"))
    return entries, f, errors


def _label(entries):
    """The object as the audit administrator may see it (no business records' names)."""
    for e in entries:
        e.shown_object = audit.object_label(e, for_administrator=True)


def _used(f):
    return {k: v for k, v in f.items() if v}


@require_GET
@auditadmin_required
def index(request):
    entries, f, errors = _filtered(request)
    audit.record("audit.search", user=request.user, detail={"filters": _used(f), "page": request.GET.get("page", "1")[:10]})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    _label(page.object_list)
    return render(request, "security/auditlog/index.html", {
        "page": page, "filters": f, "errors": errors, "query": query.urlencode(),
        "outcomes": Outcome.choices, "reports": audit_reports.REPORTS.values(),
        "retention_days": audit_chain.effective_retention_days(settings.GONGKAI_AUDIT_RETENTION_DAYS),
        "floor": audit_chain.RETENTION_FLOOR_DAYS, "alerts": alerts.recent(),
    })


@require_GET
@auditadmin_required
def export(request, fmt):
    entries, f, _ = _filtered(request)
    audit.record("audit.export", user=request.user, detail={"format": fmt, "filters": _used(f), "via": "console"})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = HttpResponse(audit.export_csv(entries.iterator(), for_administrator=True), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(audit.export_jsonl(selectors.in_id_order(entries).iterator(), for_administrator=True),
                                         content_type="application/x-ndjson; charset=utf-8")
    return named(response, f"操作日志审计导出-{stamp}", fmt)


@require_POST
@auditadmin_required
def verify(request):
    report = audit.verify_chain()
    audit.record("audit.verify", user=request.user, outcome=Outcome.SUCCESS if report.ok else Outcome.FAILURE,
                 reason=report.problem, detail={"checked": report.checked, "broken_id": report.broken_id,
                                                "via": "console"})
    alerts.chain_break(report)  # alerts: a break found here alerts as the nightly check does
    return render(request, "security/auditlog/verify.html", {"report": report})


@require_GET
@auditadmin_required
def event(request, pk):
    """One event with its follow-up notes (8.1.5.2 b); opening it is audited like a search."""
    entry = get_object_or_404(selectors.entries_newest_first(), pk=pk)
    audit.record("audit.search", user=request.user, detail={"event_id": entry.pk})
    entry.shown_object = audit.object_label(entry, for_administrator=True)
    return render(request, "security/auditlog/event.html", {
        "entry": entry, "notes": notes.notes_of(entry), "max_chars": notes.MAX_CHARS,
        "show_detail": entry.target_type in audit.ADMIN_VISIBLE_TYPES,
    })


@require_POST
@auditadmin_required
def add_note(request, pk):
    entry = get_object_or_404(AuditEntry, pk=pk)
    try:
        notes.add_note(request.user, entry, request.POST.get("text", ""))
    except notes.NoteRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已添加跟进说明（只能追加，不能修改或删除）。")
    return redirect("manage:auditlog:event", pk=entry.pk)


def _workday_test():
    """The platform's working-day calendar; a year it has no schedule for counts Mon–Fri."""
    from gongkai.workdays.services import get_calendar

    calendar = get_calendar()

    def is_workday(day):
        try:
            return calendar.is_workday(day)
        except Exception:  # a year without an entered schedule: the calendar never guesses
            return day.weekday() < 5
    return is_workday


@require_GET
@auditadmin_required
def report(request, key):
    spec = audit_reports.REPORTS.get(key)
    if spec is None:
        raise Http404
    days = request.GET.get("days", "30")
    days = min(int(days), 3660) if days.isdigit() and int(days) > 0 else 30
    entries = selectors.report_entries(spec, timezone.now() - dt.timedelta(days=days))
    rows, by_user = None, None
    if spec.off_hours:
        workday = _workday_test()
        rows = [e for e in entries[:5000] if audit_reports.is_off_hours(timezone.localtime(e.at), workday)][:500]
    else:
        by_user = selectors.actor_counts(entries)
        rows = list(entries[:500])
    _label(rows)
    audit.record("audit.report", user=request.user, detail={"report": key})
    return render(request, "security/auditlog/report.html", {"spec": spec, "rows": rows, "by_user": by_user,
                                                            "days": days})
