"""Documents printed for an item: the 公开栏 notice sheet (A4 PDF); and its history."""
from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.units.models import AuditEntry

from .models import Item


def notice_sheet_pdf(item: Item) -> bytes:
    """A4 sheet to post on the 公开栏, with the catalog metadata and the text (CJK fonts embedded)."""
    from weasyprint import HTML

    html = render_to_string("catalog/notice_sheet.html", {
        "item": item, "channels": item.channels.all(), "attachments": item.attachments.all(),
        "printed": timezone.localdate(),
    })
    return HTML(string=html).write_pdf()


def item_history(item: Item):
    return AuditEntry.objects.filter(target_type="catalog.item", target_id=str(item.pk)).order_by("at", "id")
