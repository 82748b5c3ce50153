"""年度报告 over JSON: published reports (public) and the inspection of reports (审查, staff).

The tables use the inspector's JSON shape (``proactive``, ``applications`` {ROW: [7]}, ``disputes``
[15]) for our own reports too, so a supervisor's tools read both alike."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from gongkai.units.web import business_auth
from pydantic import Field

from gongkai.reports import inspection_views
from gongkai.reports.public import published_reports
from gongkai.units import audit as audit_log

from .paging import Pages
from .schemas import ErrorOut

public = Router(tags=["年度报告"])
work = Router(tags=["年度报告（工作台）"], auth=business_auth)
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class ReportSummary(Schema):
    id: int
    unit: str = Field(..., alias="unit.name")
    year: int
    title: str
    format: str
    published_at: dt.datetime | None


class ReportDetail(ReportSummary):
    tables: dict
    narrative: dict
    findings: list[dict]


class Finding(Schema):
    rule: str
    severity: str
    cells: list[str]
    message: str


class UnreadableCell(Schema):
    """A number (or a cell's text) printed in the report's tables but not read into its cell."""
    cell: str | None
    text: str
    page: int | None
    table: int | None
    row: str
    column: str
    why: str


class InspectedReport(Schema):
    path: str
    format: str
    unit: str | None
    year: int | None
    tables: dict
    findings: list[Finding]
    unreadable: list[UnreadableCell] = []


class InspectionOut(Schema):
    reports: list[InspectedReport]
    unreadable: list[str]


@public.get("", response=list[ReportSummary], summary="已发布的年度报告")
@paginate(Pages, page_size=50)
def list_reports(request):
    return published_reports().exclude(format="archive")


@public.get("/{report_id}", response={200: ReportDetail, 404: ErrorOut}, summary="年度报告（含表格数据）")
def get_report(request, report_id: RowId):
    return get_object_or_404(published_reports().exclude(format="archive"), pk=report_id)


@work.post("/inspect", response={200: InspectionOut, 422: ErrorOut}, summary="审查年度报告（上传一个或多个文件）")
# the path before 审查 was called inspection, kept (deprecated) for existing clients: a redirect would lose
# the POST, and a route hidden from the schema would escape the fuzzing
@work.post("/audit", response={200: InspectionOut, 422: ErrorOut}, deprecated=True,
           summary="审查年度报告（旧路径，请改用 /inspect）", operation_id="inspect_reports_old_path",
           url_name="inspect_reports_old_path")
def inspect_reports(request, files: File[list[UploadedFile]]):
    if len(files) > inspection_views.MAX_FILES:
        return 422, {"detail": f"一次最多审查{inspection_views.MAX_FILES}个文件"}
    if any(f.size > inspection_views.MAX_BYTES for f in files):
        return 422, {"detail": "单个文件不能超过20MB"}
    results, unreadable = inspection_views.run([(f.name, f.read()) for f in files])
    audit_log.record("report.audit", user=request.user,
                     detail={"files": len(files), "with_errors": sum(
                         1 for r in results if any(x["severity"] == "error" for x in r["findings"]))})
    return {"reports": results, "unreadable": unreadable}
