"""审计管理员's follow-up notes on audit events (8.1.5.2 b): 「根据分析结果进行处理」 recorded beside
the event, never editing it. The note is append-only and its text is written into its own
``audit.note`` event, so the hash chain covers it; ``is_intact`` compares the two."""
from __future__ import annotations

from django.db import transaction

from gongkai.units import audit
from gongkai.units.models import AuditEntry, Role

from .models import AuditNote

MAX_CHARS = 2000


class NoteRefused(Exception):
    pass


@transaction.atomic
def add_note(user, entry: AuditEntry, text: str) -> AuditNote:
    if user.role != Role.AUDITADMIN or not user.is_active:
        raise NoteRefused("只有审计管理员可以添加跟进说明")
    text = (text or "").strip()
    if not text:
        raise NoteRefused("请填写跟进说明")
    if len(text) > MAX_CHARS:
        raise NoteRefused(f"跟进说明不能超过 {MAX_CHARS} 字（现有 {len(text)} 字）")
    note = AuditNote.objects.create(entry=entry, author=user, author_name=user.display_name, text=text)
    audit.record("audit.note", entry, user=user, unit=None, target_repr=f"操作日志 #{entry.pk}",
                 detail={"note_id": note.pk, "entry_id": entry.pk, "text": text})
    return note


def notes_of(entry: AuditEntry) -> list[AuditNote]:
    """The entry's notes, each marked ``intact`` when its text still equals its chained event's."""
    notes = list(AuditNote.objects.filter(entry_id=entry.pk).order_by("at", "id"))
    events = {e.detail.get("note_id"): e.detail.get("text") for e in AuditEntry.objects.filter(
        action="audit.note", target_type="units.auditentry", target_id=str(entry.pk))}
    for note in notes:
        note.intact = events.get(note.pk) == note.text
    return notes
