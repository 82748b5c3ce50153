"""Letters (告知书) of an application: DOCX from Word templates filled by docxtpl, and PDF.

The shipped templates are ``templates/letters/<kind>.docx`` (written by
``letter_templates/build.py``); an active ``LetterTemplate`` of the same kind, uploaded in the
admin, replaces the shipped one. The PDF is the filled DOCX's paragraphs laid out as HTML
and printed by WeasyPrint, so an office's own template shows in both.

Placeholders a template may use: office_name, office_phone, office_address, letter_number,
letter_date, addressee, number, applicant_name, received_on, description, supplement_items,
supplement_workdays, extension_days, extension_reason, original_due, new_due, party, reply_due,
decision_title, decision_name, decision_basis, decision_text, answered_on, remedy.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string

from gongkai.domain import application_clock as clock
from gongkai.domain.decisions import decision_type
from gongkai.domain.workdays import UnknownYearError
from gongkai.units import audit
from gongkai.workdays.services import get_calendar

from . import services
from .models import Application, ApplicationPause, LetterKind, LetterTemplate

SHIPPED = Path(__file__).resolve().parent / "templates" / "letters"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REMEDY = ("如对本告知不服，可以在收到本告知书之日起60日内申请行政复议，或者6个月内提起行政诉讼。")
SUPPLEMENT_WORKDAYS = 15   # the 合理的补正期限 the letter states (第三十条 leaves it to the office)


class LetterUnavailable(Exception):
    """The application has not reached the step this letter belongs to."""


@dataclass(frozen=True)
class Letter:
    kind: str               # a LetterKind value
    slug: str               # in the URL: kind, or consultation-<pause id>
    title: str
    pause: ApplicationPause | None = None


def _cn(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def available(app: Application) -> list[Letter]:
    """The letters the application's steps so far call for, in order."""
    out = []
    if app.supplement_requested_on:
        out.append(Letter(LetterKind.SUPPLEMENT, "supplement", LetterKind.SUPPLEMENT.label))
    for pause in app.pauses.all():
        out.append(Letter(LetterKind.CONSULTATION, f"consultation-{pause.pk}",
                          f"{LetterKind.CONSULTATION.label}（{pause.party}）", pause))
    ext = getattr(app, "extension", None) if app.pk else None
    if ext is not None and ext.approved:
        out.append(Letter(LetterKind.EXTENSION, "extension", LetterKind.EXTENSION.label))
    if app.decision_type:
        kind = f"answer_{decision_type(app.decision_type).group.code}"
        out.append(Letter(kind, "answer", LetterKind(kind).label))
    return out


def find(app: Application, slug: str) -> Letter:
    for letter in available(app):
        if letter.slug == slug:
            return letter
    raise LetterUnavailable(slug)


def context(app: Application, letter: Letter) -> dict[str, str]:
    unit = app.unit
    ctx = {
        "office_name": unit.name, "office_phone": getattr(unit, "phone", "") or "—",
        "office_address": getattr(unit, "address", "") or "—",
        "number": app.number, "applicant_name": app.name, "addressee": app.name,
        "received_on": _cn(app.received_on), "description": app.description,
        "remedy": REMEDY, "letter_number": f"（申请编号：{app.number}）",
    }
    kind = letter.kind
    if kind == LetterKind.SUPPLEMENT:
        ctx.update(supplement_items=app.supplement_items, supplement_workdays=str(SUPPLEMENT_WORKDAYS),
                   letter_date=_cn(app.supplement_requested_on))
    elif kind == LetterKind.CONSULTATION:
        pause = letter.pause
        try:
            reply_due = clock.consultation_reply_due(get_calendar(), pause.started_on)
        except UnknownYearError:
            reply_due = None
        ctx.update(addressee=pause.party, party=pause.party, reply_due=_cn(reply_due) or "规定期限",
                   letter_date=_cn(pause.started_on))
    elif kind == LetterKind.EXTENSION:
        ext = app.extension
        try:
            computed = services.deadline(app)
            original, new = computed.base_due, computed.due
        except (UnknownYearError, clock.ClockError):
            original, new = None, app.due_on
        ctx.update(extension_days=str(ext.days), extension_reason=ext.reason, original_due=_cn(original),
                   new_due=_cn(new), letter_date=_cn(ext.approved_on))
    else:
        dtype = decision_type(app.decision_type)
        ctx.update(decision_title=dtype.title, decision_name=dtype.name, decision_basis=app.decision_basis,
                   decision_text=app.decision_text, answered_on=_cn(app.answered_on),
                   letter_date=_cn(app.answered_on))
    return ctx


def template_source(kind: str, unit=None):
    """The newest active uploaded template of ``kind`` for ``unit`` (its own first, then one for all
    units), else the shipped file."""
    candidates = LetterTemplate.objects.filter(kind=kind, active=True)
    override = (candidates.filter(unit=unit).order_by("-uploaded_at", "-id").first() if unit else None) or \
        candidates.filter(unit__isnull=True).order_by("-uploaded_at", "-id").first()
    if override:
        override.file.open("rb")
        try:
            return io.BytesIO(override.file.read())
        finally:
            override.file.close()
    return SHIPPED / f"{kind}.docx"


def docx_bytes(app: Application, letter: Letter) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(template_source(letter.kind, app.unit))
    template.render(context(app, letter))
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def pdf_bytes(app: Application, letter: Letter) -> bytes:
    """The filled DOCX laid out on A4: paragraphs in order, with their alignment and indent."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from weasyprint import HTML

    doc = Document(io.BytesIO(docx_bytes(app, letter)))
    align = {WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right"}
    paragraphs = [(p.text, align.get(p.alignment, "indent" if p.paragraph_format.first_line_indent else "left"),
                   any(r.bold for r in p.runs)) for p in doc.paragraphs]
    html = render_to_string("applications/letter.html", {"title": letter.title, "paragraphs": paragraphs})
    return HTML(string=html).write_pdf()


def render(user, app: Application, slug: str, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of one letter; the download is audited."""
    letter = find(app, slug)
    if fmt == "docx":
        content, ctype = docx_bytes(app, letter), DOCX_TYPE
    elif fmt == "pdf":
        content, ctype = pdf_bytes(app, letter), "application/pdf"
    else:
        raise LetterUnavailable(fmt)
    audit.record("application.letter", app, user=user, detail={"letter": slug, "format": fmt})
    return content, ctype, f"{app.number}-{slug}.{fmt}"
