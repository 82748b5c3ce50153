"""Workbench queues of applications (list, filters, assignment, the look-up by applicant): thin
views over ``services`` and ``assignment``."""
from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.units.scoping import visible_units
from gongkai.units.web import staff_required

from . import assignment, permissions, pii, services
from .. import selectors

PER_PAGE = 30
QUEUES = {"mine": "我承办的", "open": "未办结", "due_soon": "3个工作日内到期", "overdue": "已超期"}


def _queue(apps, name: str, user):
    return assignment.mine(apps, user) if name == "mine" else services.queue(apps, name)


@staff_required
def application_list(request):
    apps = selectors.visible_applications(request.user)
    name = request.GET.get("queue", "open")
    name = name if name in QUEUES else "open"
    counts = {key: _queue(apps, key, request.user).count() for key in QUEUES}
    selected = _queue(apps, name, request.user).select_related("assigned_to", "unit")
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        selected = selected.filter(unit_id=int(unit))
    page = Paginator(selected.order_by("due_on", "received_on", "id"), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    can_assign = assignment.can_assign(request.user, request.user.unit)
    return render(request, "applications/list.html", {
        "page": page, "queues": QUEUES, "queue": name, "counts": counts, "today": timezone.localdate(),
        "units": visible_units(request.user), "unit": unit, "query": query.urlencode(),
        "can_register": permissions.may_register(request.user), "can_assign": can_assign,
        "takeable": {app.pk for app in page if assignment.can_take(request.user, app)},
        "staff": assignment.assignable_staff(request.user.unit) if can_assign else (),
        "here": request.get_full_path(),
    })


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("applications:list")


@staff_required
@require_POST
def take(request, pk):
    """我来办理."""
    app = get_object_or_404(selectors.visible_applications(request.user), pk=pk)
    try:
        assignment.take(request.user, app)
    except services.ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{app.number}已由您承办")
    return _back(request)


@staff_required
@require_POST
def bulk_assign(request):
    """Assign the selected rows to one member of the unit's staff; other units' rows are ignored."""
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    assignee_id = request.POST.get("assignee", "")
    assignee = (assignment.assignable_staff(request.user.unit).filter(pk=int(assignee_id)).first()
                if assignee_id.isdigit() and request.user.unit else None)
    try:
        n = assignment.bulk_assign(request.user, selectors.visible_applications(request.user), ids=ids, assignee=assignee)
    except services.ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已将{n}件申请分配给{assignee.display_name}" if n else "所选申请的承办人未变")
    return _back(request)


FIND_APPLICANT_MAX_CHARS = 30   # the longest identity or telephone number, with spaces


@staff_required
def find_applicant(request):
    """按证件号码或联系电话查找申请: an exact match through the blind index, among the applications
    the user may see; sent by POST so that the number never lands in an address or a log."""
    text = request.POST.get("applicant", "").strip() if request.method == "POST" else ""
    results, error = None, ""
    if len(text) > FIND_APPLICANT_MAX_CHARS:
        error = f"证件号码或联系电话不超过{FIND_APPLICANT_MAX_CHARS}个字（现有{len(text)}个字），请检查后重新输入"
    elif text:
        results = [(app, pii.masked(app)) for app in
                   pii.search(selectors.visible_applications(request.user), text).select_related("assigned_to").order_by("-received_on")[:50]]
    return render(request, "applications/find.html", {"results": results, "searched": bool(text) and not error,
                                                      "error": error})
