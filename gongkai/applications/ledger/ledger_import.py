"""Import of an office's existing Excel ledger (依申请公开台账) of applications.

``dry_run`` reads and checks the whole file and reports every bad row; nothing is stored.
``import_ledger`` does the same checks inside one transaction and stores every row or none:
any bad row, or any failure while saving, rolls the whole file back. One audit entry records
the import with its counts (no personal data).

Imported applications:

- keep the ledger's own 申请编号 when it is given and not used by any application; otherwise
  get the unit's next number for the year received (a kept number in the platform's own form,
  ``{unit code}-{year}-{serial}``, moves the unit's counter past it, so later numbers never
  collide with it);
- are registered and assigned to the importing user (``created_by`` = ``assigned_to``);
- are answered when the row has 办理结果 and 答复日期 (the 法律依据 defaults to the first legal
  basis of the result type, reported as a warning); otherwise open (received) with the answer
  deadline computed by the platform's clock;
- are duplicates, and refused, when their 申请编号 is taken, or an application of the same unit
  has the same 收到申请日期, 证件号码 and 申请内容 (in the database or earlier in the file).

The applicant gets no query code from an import (the ledger predates the platform); the office
answers progress questions itself.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.units.permissions import can_act
from gongkai.domain import application_clock as clock
from gongkai.domain import ledger
from gongkai.domain.application_clock import ClockError
from gongkai.domain.workdays import UnknownYearError
from gongkai.domain.ledger import LedgerFileError, RowError
from gongkai.units import audit
from gongkai.units.models import Unit
from gongkai.workdays.services import get_calendar

from ..handling import codes
from ..handling import pii, services
from ..models import Application, NumberCounter, Status

__all__ = ["ImportReport", "LedgerImportError", "can_import", "dry_run", "import_ledger", "template_workbook"]

BATCH = 500
FIELD_LABELS = {c.key: c.label for c in ledger.COLUMNS}
TEMPLATE_EXAMPLE = {
    "number": f"{ledger.EXAMPLE_MARK}（此行导入时忽略，可删除）", "received_on": "2026-03-05", "channel": "当面提交",
    "applicant_type": "自然人", "name": "王小明", "id_number": "11010519491231002X", "phone": "13812345678",
    "email": "", "address": "城关大道2号", "description": "城关街道2026年老旧小区改造项目的批复文件",
    "info_form": "纸质", "delivery": "自行领取", "decision_type": "予以公开", "decision_basis": "第三十六条第（二）项",
    "answered_on": "2026年3月20日", "decision_text": "已于答复当日提供批复文件复印件",
}


class LedgerImportError(Exception):
    """The user may not import into this unit (message in Chinese)."""


@dataclass
class ImportReport:
    """What a dry run found, or what an import did."""

    file_error: str = ""
    total: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    answered: int = 0
    open: int = 0
    imported: int = 0
    numbers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    @property
    def good(self) -> int:
        return self.total - len(self.bad_rows)

    def errors_by_row(self) -> list[tuple[int, list[RowError]]]:
        rows: dict[int, list[RowError]] = {}
        for e in self.errors:
            rows.setdefault(e.row, []).append(e)
        return sorted(rows.items())


def _read(file) -> bytes:
    if isinstance(file, (bytes, bytearray)):
        return bytes(file)
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(ledger.MAX_FILE_BYTES + 1)


def can_import(user, unit: Unit) -> bool:
    """Staff of the receiving unit (clerk, reviewer, unit admin: the clerks keep the ledger); a
    supervisor may not import into another unit."""
    return can_act(user, unit, services.STAFF_ROLES)


def _own_number(unit: Unit, number: str) -> tuple[int, int] | None:
    """(year, serial) when ``number`` is in the platform's form for ``unit``."""
    m = re.fullmatch(rf"{re.escape(unit.code.upper())}-(\d{{4}})-(\d{{1,9}})", number)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _build(unit: Unit, row: ledger.LedgerRow) -> Application:
    v = row.values
    fields = {k: v.get(k, "") for k in services.APPLICANT_FIELDS}
    app = Application(unit=unit, channel=v["channel"], received_on=v["received_on"], **fields,
                      number=v.get("number", ""))
    if v.get("decision_type") and v.get("answered_on"):
        app.status = Status.ANSWERED
        app.decision_type, app.decision_basis = v["decision_type"], v.get("decision_basis", "")
        app.decision_text, app.answered_on = v.get("decision_text", ""), v["answered_on"]
    return app


def _model_errors(app: Application, row: ledger.LedgerRow) -> None:
    """What the model itself refuses (lengths, e-mail form…), as errors of the row's columns."""
    try:
        app.full_clean(exclude=["number", "query_code_hash", "submission_key"], validate_unique=False,
                       validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = FIELD_LABELS.get(name, "")
            for message in messages:
                row.errors.append(RowError(row.row, label, message))
    if len(app.number) > Application._meta.get_field("number").max_length:
        row.error("number", "申请编号过长（最多40个字符）")


def _check(unit: Unit, data: bytes) -> tuple[ImportReport, list[tuple[ledger.LedgerRow, Application]]]:
    report = ImportReport()
    try:
        parsed = ledger.parse_ledger(data, timezone.localdate())
    except LedgerFileError as exc:
        report.file_error = str(exc)
        return report, []
    report.total, report.unknown_headers = len(parsed.rows), parsed.unknown_headers
    built = []
    for row in parsed.rows:
        if row.ok:
            app = _build(unit, row)
            _model_errors(app, row)
            built.append((row, app))
    numbers = {row.values["number"]: row for row, _ in built if row.values.get("number")}
    for number in Application.objects.filter(number__in=list(numbers)).values_list("number", flat=True):
        numbers[number].error("number", f"申请编号{number}已被平台上的申请使用")
    wanted = {ledger.duplicate_key(row.values): row for row, _ in built if row.ok}
    if wanted:
        days = {key[0] for key in wanted}
        ids = {key[1] for key in wanted}
        stored = (pii.by_id_numbers(Application.objects.filter(unit=unit, received_on__in=days), ids)
                  .values_list("received_on", "id_number", "description", "number"))
        for day, id_number, description, number in stored:
            row = wanted.get((day, id_number, ledger.description_key(description)))
            if row is not None:
                row.errors.append(RowError(row.row, "", f"与平台上的申请{number}重复（收到申请日期、证件号码和申请内容相同）"))
    for row in parsed.rows:
        report.errors.extend(row.errors)
        report.warnings.extend(row.warnings)
    good = [(row, app) for row, app in built if row.ok]
    report.answered = sum(1 for _, app in good if app.status == Status.ANSWERED)
    report.open = len(good) - report.answered
    return report, good


def dry_run(unit: Unit, file) -> ImportReport:
    """Check the ledger ``file`` (bytes or a file object) for ``unit`` and report every bad row;
    nothing is stored."""
    return _check(unit, _read(file))[0]


def _allocate_numbers(unit: Unit, apps: list[Application], taken: set[str]) -> None:
    """Give each app without a number the unit's next numbers for its year, in order, skipping
    any already used; the counter row of each year is locked and moved once."""
    by_year: dict[int, list[Application]] = {}
    for app in apps:
        if not app.number:
            by_year.setdefault(app.received_on.year, []).append(app)
    for year, group in by_year.items():
        counter, _ = NumberCounter.objects.select_for_update().get_or_create(unit=unit, year=year)
        prefix = codes.format_number(unit.code, year, 0)[:-4]
        used = taken | set(Application.objects.filter(number__startswith=prefix).values_list("number", flat=True))
        serial = counter.last
        for app in group:
            serial += 1
            while codes.format_number(unit.code, year, serial) in used:
                serial += 1
            app.number = codes.format_number(unit.code, year, serial)
        NumberCounter.objects.filter(pk=counter.pk).update(last=serial)


def _raise_counter(unit: Unit, numbers: list[str]) -> None:
    tops: dict[int, int] = {}
    for number in numbers:
        own = _own_number(unit, number)
        if own:
            tops[own[0]] = max(tops.get(own[0], 0), own[1])
    for year, serial in tops.items():
        NumberCounter.objects.get_or_create(unit=unit, year=year)
        NumberCounter.objects.filter(unit=unit, year=year, last__lt=serial).update(last=serial)


def _prepare(user, app: Application, calendar) -> None:
    app.submission_key = codes.token_key(codes.new_token())
    app.query_code_hash = codes.code_hash(codes.new_token())  # a code nobody holds
    app.created_by = app.assigned_to = user
    if app.status == Status.ANSWERED:
        app.answered_by = user
    try:  # an answered one keeps its due date too, to show whether the answer was on time
        app.due_on = clock.compute_deadline(calendar, services.clock_input(app)).due
    except (UnknownYearError, ClockError):
        app.due_on = None  # shown as "cannot be computed"; recomputed when the schedule is entered


def import_ledger(user, unit: Unit, file) -> ImportReport:
    """Store every row of the ledger ``file`` for ``unit``, or none (see the module docstring).
    ``user`` None is the command line's operator: no permission check, no 登记人."""
    if user is not None and not can_import(user, unit):
        raise LedgerImportError("您无权向该单位导入申请台账（仅限本单位工作人员）")
    if not services.offices().filter(pk=unit.pk).exists():
        raise LedgerImportError("该单位不受理政府信息公开申请")
    data = _read(file)
    try:
        with transaction.atomic():
            # Lock the unit's counter for the year first, so concurrent imports and intakes queue
            # here and the duplicate checks below stay true until commit.
            NumberCounter.objects.select_for_update().get_or_create(unit=unit, year=timezone.localdate().year)
            report, good = _check(unit, data)
            if not report.ok:
                transaction.set_rollback(True)
                return report
            kept = [app.number for _, app in good if app.number]
            _raise_counter(unit, kept)
            apps = [app for _, app in sorted(good, key=lambda pair: (pair[1].received_on, pair[0].row))]
            _allocate_numbers(unit, apps, set(kept))
            calendar = get_calendar()
            for app in apps:
                _prepare(user, app, calendar)
            Application.objects.bulk_create(apps, batch_size=BATCH)
            report.numbers = [app.number for app in apps]
            report.imported = len(good)
            audit.record("application.import", None, user=user, unit=unit, target_repr=f"{unit.name}申请台账",
                         detail={"count": report.imported, "answered": report.answered, "open": report.open})
    except IntegrityError:
        report = ImportReport(file_error="导入时有其他人同时登记了相同编号的申请，未导入任何数据，请重新导入")
    return report


def template_workbook() -> bytes:
    """The ledger template: the header row, one example row (skipped on import), and a sheet
    documenting every column."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申请台账"
    sheet.append([c.label for c in ledger.COLUMNS])
    sheet.append([TEMPLATE_EXAMPLE.get(c.key, "") for c in ledger.COLUMNS])
    for i, col in enumerate(ledger.COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = Font(bold=True, color="C00000" if col.required else "000000")
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        sheet.column_dimensions[get_column_letter(i)].width = 24 if col.key != "description" else 40
        sheet.cell(row=2, column=i).font = Font(color="808080")
        if col.key in ("number", "id_number", "phone"):
            for row in range(2, ledger.MAX_ROWS + 2):  # text, so Excel keeps 18 digits and leading zeros
                sheet.cell(row=row, column=i).number_format = "@"
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "可填写的内容", "也可识别的列名"])
    for col in ledger.COLUMNS:
        notes.append([col.label, "必填" if col.required else "选填", col.accepted, "、".join(col.variants)])
    notes.append([])
    notes.append([f"申请编号以“{ledger.EXAMPLE_MARK}”开头的行不导入；台账须放在第一个工作表，"
                  f"最多{ledger.MAX_ROWS}行；有任何一行有误时整个文件都不导入。"])
    for letter, width in zip("ABCD", (22, 10, 70, 50)):
        notes.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
