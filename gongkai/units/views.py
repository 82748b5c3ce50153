"""Audit log search and export (操作日志), for unit admins and supervisors."""
from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.units.downloads import named

from . import audit, selectors
from .models import ACTION_LABELS, Role
from .scoping import visible_units
from .web import role_required

AUDIT_ROLES = (Role.UNIT_ADMIN, Role.SUPERVISOR)


def _date(value: str):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _filtered(request):
    f = {k: request.GET.get(k, "").strip()[:100] for k in ("q", "action", "actor", "unit", "since", "until")}
    entries = selectors.audit_entries(request.user, q=f["q"], action=f["action"], actor=f["actor"], unit=f["unit"],
                                      since=_date(f["since"]), until=_date(f["until"]))
    return entries, f


@role_required(*AUDIT_ROLES)
def audit_log(request):
    entries, f = _filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    codes = selectors.audit_action_codes(request.user)
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
