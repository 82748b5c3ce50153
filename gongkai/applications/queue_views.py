"""Workbench queues of applications (list, filters): thin views over applications.services."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from gongkai.units.scoping import visible_units
from gongkai.units.web import staff_required

from . import services
from .views import _scoped

PER_PAGE = 30
QUEUES = {"open": "未办结", "due_soon": "3个工作日内到期", "overdue": "已超期"}


@staff_required
def application_list(request):
    apps = _scoped(request.user)
    name = request.GET.get("queue", "open")
    name = name if name in QUEUES else "open"
    counts = {key: services.queue(apps, key).count() for key in QUEUES}
    selected = services.queue(apps, name)
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        selected = selected.filter(unit_id=int(unit))
    page = Paginator(selected.order_by("due_on", "received_on", "id"), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "applications/list.html", {
        "page": page, "queues": QUEUES, "queue": name, "counts": counts, "today": timezone.localdate(),
        "units": visible_units(request.user), "unit": unit, "query": query.urlencode(),
        "can_register": services.can_act(request.user, request.user.unit, services.STAFF_ROLES),
    })
