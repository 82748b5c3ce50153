"""Download of the workbench list as a masked CSV or XLSX file (same filters as the list)."""
from __future__ import annotations

from django.http import Http404, HttpResponse

from gongkai.units.downloads import named
from gongkai.units.web import staff_required

from . import exports
from ..handling.queue_views import QUEUES, _queue
from .. import selectors


@staff_required
def export(request, fmt):
    """/work/applications/export.csv?queue=&unit= (or export.xlsx): the user's visible applications
    of that queue and unit, identity and phone numbers masked."""
    if fmt not in exports.FORMATS:
        raise Http404("不支持的导出格式")
    name = request.GET.get("queue", "open")
    name = name if name in QUEUES else "open"
    selected = _queue(selectors.visible_applications(request.user), name, request.user)
    unit = request.GET.get("unit", "")
    filters = {"queue": name}
    if unit.isdigit():
        selected = selected.filter(unit_id=int(unit))
        filters["unit"] = int(unit)
    content, ctype, title = exports.export(request.user, selected.order_by("due_on", "received_on", "id"),
                                              fmt, filters)
    return named(HttpResponse(content, content_type=ctype), title, fmt)
