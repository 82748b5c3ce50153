"""What the public sees of website reports: published (and filed) ones of active units only."""
from __future__ import annotations

from django.db.models import QuerySet

from .models import SiteReportStatus, WebsiteReport


def published_reports() -> QuerySet[WebsiteReport]:
    return (WebsiteReport.objects.filter(status__in=(SiteReportStatus.PUBLISHED, SiteReportStatus.FILED),
                                         unit__is_active=True)
            .select_related("site", "unit").order_by("-year", "site__name"))
