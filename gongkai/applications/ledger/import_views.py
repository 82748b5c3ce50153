"""Import of an Excel ledger (台账) of applications: upload, dry-run report, confirm. Thin views
over ``ledger_import``.

The uploaded file waits for confirmation in a private folder under MEDIA_ROOT (never served),
named by a random token kept in the uploader's session; confirming re-checks the whole file
inside the import's transaction, so what is stored is exactly what was checked then.
"""
from __future__ import annotations

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.domain import ledger
from gongkai.units.downloads import named
from gongkai.units.web import staff_required

from . import ledger_import

SESSION_KEY = "applications_ledger_pending"
PENDING_MAX_AGE = 24 * 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label="台账文件（.xlsx）", help_text=f"最多{ledger.MAX_ROWS}行；先检查，确认后才导入")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ledger.MAX_FILE_BYTES:
            raise forms.ValidationError(f"文件超过{ledger.MAX_FILE_BYTES // (1024 * 1024)}MB，请分成多个文件导入")
        return upload


def _pending_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "ledger_imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pending_path(request) -> Path | None:
    token = request.session.get(SESSION_KEY, "")
    if not token or not token.isalnum():
        return None
    path = _pending_dir() / f"{request.user.pk}-{token}.xlsx"
    return path if path.exists() else None


def _drop_stale(folder: Path) -> None:
    limit = time.time() - PENDING_MAX_AGE
    for path in folder.glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def _allowed(request) -> bool:
    unit = request.user.unit
    return unit is not None and ledger_import.can_import(request.user, unit)


@staff_required
def upload(request):
    if not _allowed(request):
        messages.error(request, "当前角色不能导入申请台账（仅限本单位工作人员）")
        return redirect("applications:list")
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        old = _pending_path(request)  # a new upload replaces whatever waited for confirmation
        if old:
            old.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        data = form.cleaned_data["file"].read()
        report = ledger_import.dry_run(request.user.unit, data)
        if report.file_error:
            form.add_error("file", report.file_error)
            report = None
        elif report.ok:
            folder = _pending_dir()
            _drop_stale(folder)
            token = secrets.token_hex(16)
            (folder / f"{request.user.pk}-{token}.xlsx").write_bytes(data)
            request.session[SESSION_KEY] = token
    return render(request, "applications/import.html", {
        "form": form, "report": report, "columns": ledger.COLUMNS, "max_rows": ledger.MAX_ROWS})


@staff_required
@require_POST
def confirm(request):
    if not _allowed(request):
        messages.error(request, "当前角色不能导入申请台账（仅限本单位工作人员）")
        return redirect("applications:list")
    path = _pending_path(request)
    if path is None:
        messages.error(request, "没有待导入的台账，请重新上传并检查")
        return redirect("applications:import")
    try:
        report = ledger_import.import_ledger(request.user, request.user.unit, path.read_bytes())
    except ledger_import.LedgerImportError as exc:
        messages.error(request, str(exc))
        return redirect("applications:import")
    if not report.ok:  # the data changed since the check (e.g. the same number registered meanwhile)
        return render(request, "applications/import.html", {
            "form": LedgerUploadForm(), "report": report, "columns": ledger.COLUMNS, "max_rows": ledger.MAX_ROWS,
            "stale": True})
    path.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"已导入{report.imported}件申请（已答复{report.answered}件，未办结{report.open}件）")
    return redirect("applications:list")


@staff_required
def template(request):
    response = HttpResponse(ledger_import.template_workbook(), content_type=XLSX)
    return named(response, "依申请公开台账导入模板", "xlsx")
