"""Masked exports of applications (申请台账导出): CSV for any spreadsheet and XLSX for Excel.

The people's identity numbers and phone numbers never leave the platform in full: an
identity number (居民身份证号码) keeps its first 3 and last 4 characters (so the birth date is
hidden), a unified social credit code (统一社会信用代码) the same, a phone number its first 3
and last 4 digits. The query code is never exported (only its hash is stored anyway). Every
export is audited with what was exported, never with whom it lists.
"""
from __future__ import annotations

import csv
import io

from django.utils import timezone

from gongkai.crypto.fields import Undecryptable
from gongkai.domain.decisions import applicant_type
from gongkai.domain.identity import mask_credit_code
from gongkai.domain.pii import ID_CARD, MOBILE, MaskRule, mask_value
from gongkai.domain.spreadsheet_cells import text_cell
from gongkai.units import audit

from ..models import Application

EXPORT_MASK = MaskRule(id_card_first=3, id_card_last=4, mobile_first=3, mobile_last=4)
KEEP_FIRST, KEEP_LAST = 3, 4

COLUMNS = ["申请编号", "受理单位", "收到申请日期", "提交方式", "申请人类型", "申请人姓名或名称",
           "证件号码（已遮蔽）", "联系电话（已遮蔽）", "办理状态", "答复期限", "办理结果", "答复日期"]
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def mask_identity(app: Application) -> str:
    """The applicant's identity number or credit code, masked by the kind of applicant."""
    if isinstance(app.id_number, Undecryptable):
        return "【无法解密】"
    try:
        organisation = applicant_type(app.applicant_type).is_organisation
    except ValueError:
        organisation = True  # unknown kind: mask as a code, keeping no more than 3 + 4 characters
    if organisation:
        return mask_credit_code(app.id_number)
    return mask_value(ID_CARD, app.id_number, EXPORT_MASK)


def mask_phone(phone: str) -> str:
    """A mobile or landline number with its first 3 and last 4 digits shown."""
    if isinstance(phone, Undecryptable):
        return "【无法解密】"
    digits = [c for c in phone or "" if c.isdigit()]
    if len(digits) <= KEEP_FIRST + KEEP_LAST:
        return "*" * len(digits)
    return mask_value(MOBILE, "".join(digits), EXPORT_MASK)


def _text(value) -> str:
    """A cell as text, a would-be formula neutralised (the one rule: gongkai/domain/spreadsheet_cells.py)."""
    return text_cell(value)


def rows(applications):
    """One list of cells per application, in COLUMNS order."""
    for app in applications:
        yield [_text(v) for v in (
            app.number, app.unit.name, app.received_on, app.get_channel_display(),
            app.get_applicant_type_display(), app.name, mask_identity(app), mask_phone(app.phone),
            app.get_status_display(), app.due_on or "", app.get_decision_type_display() if app.decision_type else "",
            app.answered_on or "")]


def to_csv(applications) -> bytes:
    """UTF-8 with BOM, so that Excel on a Chinese Windows opens it correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    writer.writerows(rows(applications))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


FULL_COLUMNS = [c.replace("（已遮蔽）", "") for c in COLUMNS]


def full_rows(applications):
    """As ``rows`` with identity and phone numbers in full: only for an approved export request."""
    for app, row in zip(applications, rows(applications), strict=True):
        row[6], row[7] = _text(app.id_number), _text(app.phone)
        yield row


def to_xlsx(applications, full: bool = False) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "申请台账"
    sheet.append(FULL_COLUMNS if full else COLUMNS)
    for row in (full_rows(applications) if full else rows(applications)):
        sheet.append(row)
    for column, width in zip("ABCDEFGHIJKL", (18, 20, 12, 14, 12, 16, 22, 16, 10, 12, 24, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(user, applications, fmt: str, filters: dict) -> tuple[bytes, str, str]:
    """The file (content, content type, title for the file name) of ``applications`` — already scoped to what
    ``user`` may see — in ``fmt``; the export is audited (format, filters and count only)."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的导出格式：{fmt}")
    applications = list(applications.select_related("unit"))
    content = to_csv(applications) if fmt == "csv" else to_xlsx(applications)
    audit.record("application.export", None, user=user, unit=getattr(user, "unit", None),
                 detail={"format": fmt, "rows": len(applications), **filters},
                 target_repr=f"申请台账（{len(applications)}件）")
    name = f"政府信息公开申请台账（{timezone.localdate():%Y-%m-%d}）"
    return content, FORMATS[fmt], name
