"""Attachments: the name and type they are stored and served under, and the extraction of their
text off the request thread (a Huey task; ``ensure_text`` when a check cannot wait).

An attachment's type is its content's (magic bytes), never its name's: a Word file uploaded as
``通知.pdf`` is stored and served as ``通知.docx`` with the Word content type, and every download
carries ``X-Content-Type-Options: nosniff``.
"""
from __future__ import annotations

import os
import re

from django.db import transaction
from django.http import FileResponse

from gongkai.domain import attachment_formats

from .models import Attachment, TextStatus


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
KIND_LABELS = {"pdf": "PDF", "docx": "Word（DOCX）", "xlsx": "Excel（XLSX）", **attachment_formats.LABELS}
_EXTENSIONS = {"pdf": (".pdf",), "docx": (".docx", ".docm"), "xlsx": (".xlsx", ".xlsm"), **attachment_formats.EXTENSIONS}
CONTENT_TYPES.update(attachment_formats.CONTENT_TYPES)
_LOOKS_LIKE_EXTENSION = re.compile(r"^\.[A-Za-z0-9]{1,5}$")
MAX_NAME = 200


def stored_name(name: str, kind: str) -> tuple[str, bool]:
    """(the name to store, whether its extension was changed to match the content)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or f"附件.{kind}"
    stem, ext = os.path.splitext(base)
    if ext.lower() in _EXTENSIONS[kind]:
        return base[:MAX_NAME - len(ext)] + ext if len(base) > MAX_NAME else base, False
    if not _LOOKS_LIKE_EXTENSION.match(ext):
        stem = base
    suffix = _EXTENSIONS[kind][0]
    return stem[:MAX_NAME - len(suffix)] + suffix, True


def download(attachment: Attachment, handle) -> FileResponse:
    """The file as a download under its content's type and a name with the matching extension."""
    name, _ = stored_name(attachment.name, attachment.kind)
    response = FileResponse(handle, as_attachment=True, filename=name,
                            content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- text extraction

def extract_now(pk: int) -> Attachment | None:
    """Extract one attachment's text, bounded, and store it with its status. Idempotent: an
    attachment already extracted (or deleted) is left as it is."""
    with transaction.atomic():
        att = Attachment.objects.select_for_update().filter(pk=pk).first()
        if att is None or att.text_status != TextStatus.PENDING:
            return att
        text, status, note = _read(att)
        att.text, att.text_status, att.text_note = text, status, note[:500]
        att.save(update_fields=["text", "text_status", "text_note"])
    return att


def ensure_text(att: Attachment) -> Attachment:
    """The attachment with its text: extracted here and now if the task has not done it yet."""
    if att.text_status == TextStatus.PENDING:
        return extract_now(att.pk) or att
    return att


def _read(att: Attachment) -> tuple[str, str, str]:
    from gongkai.domain.textextract import TooLarge, UnsupportedFile, extract

    try:
        with att.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return "", TextStatus.FAILED, "文件缺失，无法读取"
    try:
        if att.kind in attachment_formats.KINDS:
            result = attachment_formats.extract(data, att.kind, att.name)
        else:
            result = extract(data, att.name)
    except attachment_formats.ManualCheck as exc:
        return "", TextStatus.FAILED, exc.reason
    except TooLarge as exc:
        return "", TextStatus.FAILED, exc.reason
    except UnsupportedFile as exc:
        detail = str(exc).split(": ", 1)[-1]
        return "", TextStatus.FAILED, f"文件无法读取，可能已损坏或被加密（{detail}）"
    if result.truncated:
        return result.text, TextStatus.TRUNCATED, result.truncated
    return result.text, TextStatus.DONE, ""


def unchecked_reason(att: Attachment) -> str:
    """Why the personal-data check could not cover (all of) this attachment, "" when it did."""
    if att.text_status == TextStatus.FAILED and att.text_note in attachment_formats.MANUAL_NOTES:
        return att.text_note
    if att.text_status == TextStatus.FAILED:
        return f"无法读取：{att.text_note or '原因不明'}"
    if att.text_status == TextStatus.TRUNCATED:
        return att.text_note or "文本过长，只检查了一部分"
    if att.text_status == TextStatus.PENDING:
        return "文本尚未提取"
    return ""
