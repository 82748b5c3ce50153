"""Figures the assessment (考核) reads from the catalog: plain functions returning plain data.

``Evidence`` is a dict {"label": Chinese text, "url": workbench URL or "", "ok": bool}.
"""
from __future__ import annotations

import datetime as dt

from django.urls import reverse

from .models import UNPUBLISHED_STATUSES, DisclosureMode, Item, ItemStatus


def proactive_timely(unit_ids, year: int, today: dt.date) -> tuple[int, int, list[dict]]:
    """(published on time, due, evidence of each late or missing one): the 主动公开 items whose
    publication deadline fell in ``year`` — published that year, or still unpublished past it."""
    items = Item.objects.filter(unit_id__in=list(unit_ids), disclosure_mode=DisclosureMode.PROACTIVE,
                                publish_due__isnull=False)
    published = items.filter(status=ItemStatus.PUBLISHED, published_date__year=year)
    pending = items.filter(status__in=UNPUBLISHED_STATUSES, publish_due__year=year, publish_due__lt=today)
    rows = list(published.only("pk", "title", "published_date", "publish_due")) + \
        list(pending.only("pk", "title", "publish_due"))
    evidence, good = [], 0
    for item in sorted(rows, key=lambda i: (i.publish_due, i.pk)):
        url = reverse("catalog:item", args=[item.pk])
        if item.published_date and item.published_date <= item.publish_due:
            good += 1
        elif item.published_date:
            evidence.append({"label": f"《{item.title}》发布期限{item.publish_due:%Y-%m-%d}，"
                                      f"{item.published_date:%Y-%m-%d}才发布", "url": url, "ok": False})
        else:
            evidence.append({"label": f"《{item.title}》发布期限{item.publish_due:%Y-%m-%d}，至今未发布",
                             "url": url, "ok": False})
    return good, len(rows), evidence
