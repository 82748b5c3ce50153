"""What the public sees of annual reports: published ones only (the 年度报告 column of the portal)."""
from __future__ import annotations

from django.db.models import QuerySet

from .models import AnnualReport, ReportStatus


def published_reports() -> QuerySet[AnnualReport]:
    return (AnnualReport.objects.filter(status=ReportStatus.PUBLISHED, unit__is_active=True)
            .select_related("unit").order_by("-year", "unit__path"))
