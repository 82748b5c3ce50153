"""Downloads of a report (or a roll-up's tables) as DOCX, PDF or XLSX."""
from __future__ import annotations

from django.http import Http404, HttpResponse

from gongkai.units.downloads import named

from .render.docx import docx_bytes
from .render.pdf import pdf_bytes
from .render.xlsx import xlsx_bytes
from .models import AnnualReport

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
RENDERERS = {"docx": docx_bytes, "pdf": pdf_bytes, "xlsx": xlsx_bytes}


def as_report(rollup) -> AnnualReport:
    """A roll-up's summed tables in the shape of a report, for the XLSX of the tables."""
    return AnnualReport(unit=rollup.unit, year=rollup.year, format=rollup.format, tables=rollup.tables,
                        narrative={}, title=f"{rollup.unit.name}{rollup.year}年政府信息公开工作年度报告汇总表")


def download(report, fmt: str) -> HttpResponse:
    if not isinstance(report, AnnualReport):
        report = as_report(report)
    if fmt not in RENDERERS:
        raise Http404
    response = HttpResponse(RENDERERS[fmt](report), content_type=CONTENT_TYPES[fmt])
    return named(response, report.title, fmt)
