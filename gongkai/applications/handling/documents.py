"""Letters printed for an application: the 登记回执 (A4 PDF); and its history."""
from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.units.downloads import named
from gongkai.units.models import AuditEntry

from . import pii, services
from ..models import Application


def receipt_pdf(app: Application, query_code: str | None = None) -> bytes:
    """登记回执: number, receipt date and its rule, the answer deadline; the query code only
    when it is known (right after submission), the identity number masked."""
    from weasyprint import HTML

    html = render_to_string("applications/receipt.html", {
        "app": app, "query_code": query_code, "masked_id": pii.masked_id(app),
        "notice_due": services.supplement_notice_due(app), "printed": timezone.localdate(),
    })
    return HTML(string=html).write_pdf()


def receipt_response(app: Application, query_code: str | None = None) -> HttpResponse:
    """The 登记回执 as a download, named for the application (counter, public page and workbench)."""
    response = HttpResponse(receipt_pdf(app, query_code), content_type="application/pdf")
    return named(response, f"政府信息公开申请登记回执（{app.number}）", "pdf")


def history(app: Application) -> list[tuple[AuditEntry, str]]:
    entries = AuditEntry.objects.filter(target_type="applications.application",
                                        target_id=str(app.pk)).order_by("at", "id")
    return [(e, e.action_label) for e in entries]
