"""Audit log search and export (操作日志), for unit admins and supervisors."""
from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.units.downloads import named

from . import audit
from .models import ACTION_LABELS, AuditEntry, Role
from .scoping import scope, visible_units
from .web import role_required

AUDIT_ROLES = (Role.UNIT_ADMIN, Role.SUPERVISOR)


def _date(value: str):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _filtered(request):
    entries = scope(AuditEntry.objects.select_related("unit"), request.user)
    f = {k: request.GET.get(k, "").strip()[:100] for k in ("q", "action", "actor", "unit", "since", "until")}
    if f["q"]:
        cond = Q(target_repr__icontains=f["q"]) | Q(target_id=f["q"])
        if _looks_like_ip(f["q"]):
            cond |= Q(ip=f["q"])
        entries = entries.filter(cond)
    if f["action"]:
        entries = entries.filter(action__startswith=f["action"])
    if f["actor"]:
        entries = entries.filter(actor_name__icontains=f["actor"])
    if f["unit"].isdigit():
        entries = entries.filter(unit_id=int(f["unit"]))
    tz = timezone.get_current_timezone()
    if since := _date(f["since"]):
        entries = entries.filter(at__gte=dt.datetime.combine(since, dt.time.min, tz))
    if until := _date(f["until"]):
        entries = entries.filter(at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tz))
    return entries, f


def _looks_like_ip(value: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return False


@role_required(*AUDIT_ROLES)
def audit_log(request):
    entries, f = _filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    codes = sorted(set(scope(AuditEntry.objects, request.user).values_list("action", flat=True).distinct()))
    actions = [(code, ACTION_LABELS.get(code, code)) for code in codes]
    return render(request, "units/audit_log.html", {
        "page": page, "filters": f, "query": query.urlencode(), "units": visible_units(request.user),
        "actions": actions,
    })


@role_required(*AUDIT_ROLES)
def audit_export(request):
    entries, _ = _filtered(request)
    audit.record("audit.export", user=request.user, detail={"filters": dict(request.GET.items())})
    response = HttpResponse(audit.export_csv(entries.iterator()), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return named(response, f"操作日志-{stamp}", "csv")
