"""Letters (告知书) of an application: DOCX from Word templates filled by docxtpl, and PDF.

The shipped templates are ``templates/letters/<kind>.docx`` (written by
``letter_templates/build.py``); an active ``LetterTemplate`` of the same kind, uploaded in the
admin, replaces the shipped one. The PDF is the filled DOCX's paragraphs laid out as HTML
and printed by WeasyPrint, so an office's own template shows in both.

Placeholders a template may use: office_name, office_phone, office_address, letter_number,
letter_date, addressee, number, applicant_name, received_on, description, supplement_items,
supplement_workdays, extension_days, extension_reason, original_due, new_due, party, reply_due,
decision_title, decision_name, decision_basis, decision_text, answered_on, remedy; for the
登记回执 channel, receipt_rule, due_text, query_hint; for the 收费通知书 fee_basis, fee_quantity,
fee_lines, fee_amount, issued_on, payment_due, payment_how, fee_legal_basis, fee_consequence.

文号: a letter is given ``{prefix}〔{year}〕{n}号`` (``LetterIssue``), n counted per unit and year of
the letter date, only by an explicit action of the handling unit's staff (``issue``: the 编发文号
button, a POST; recording a 送达 of the letter issues it too). Downloading — a GET, by anyone who
may read the application, a supervisor included — never issues: a letter not issued yet comes
out as a draft, marked 草稿 at the top and in place of the number. The same letter always shows
the same number once issued.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.template.loader import render_to_string

from gongkai.domain import letter_wording as wording
from gongkai.domain import application_clock as clock
from gongkai.domain.decisions import decision_type
from gongkai.domain.workdays import UnknownYearError
from gongkai.domain.decisions import FEE_MEASURES
from gongkai.units import audit
from gongkai.units.models import User
from gongkai.units.serials import next_serial
from gongkai.workdays.services import get_calendar

from . import permissions as may
from . import services
from ..models import Application, ApplicationPause, Delivery, LetterIssue, LetterKind, LetterNumberCounter, LetterTemplate

SHIPPED = Path(__file__).resolve().parent.parent / "templates" / "letters"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
QUERY_HINT = ("您可以凭申请编号和登记时取得的查询码，在本机关政府信息公开网站“查询申请办理进度”页面"
              "查询办理进度；查询码请妥善保管，本回执不载明查询码。")
PAYMENT_HOW = ("请按本机关政府信息公开工作机构告知的方式将费用缴入同级国库，缴费时注明申请编号，"
               "并妥善保存缴款凭证。")
FEE_CONSEQUENCE = "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"


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
    out = [Letter(LetterKind.RECEIPT, "receipt", LetterKind.RECEIPT.label)]
    if app.supplement_requested_on:
        out.append(Letter(LetterKind.SUPPLEMENT, "supplement", LetterKind.SUPPLEMENT.label))
    for pause in app.pauses.all():
        out.append(Letter(LetterKind.CONSULTATION, f"consultation-{pause.pk}",
                          f"{LetterKind.CONSULTATION.label}（{pause.party}）", pause))
    ext = getattr(app, "extension", None) if app.pk else None
    if ext is not None and ext.approved:
        out.append(Letter(LetterKind.EXTENSION, "extension", LetterKind.EXTENSION.label))
    if app.pk and getattr(app, "fee_notice", None) is not None:
        out.append(Letter(LetterKind.FEE_NOTICE, "fee_notice", LetterKind.FEE_NOTICE.label))
    if app.decision_type:
        kind = f"answer_{decision_type(app.decision_type).group.code}"
        out.append(Letter(kind, "answer", LetterKind(kind).label))
    return out


def find(app: Application, slug: str) -> Letter:
    for letter in available(app):
        if letter.slug == slug:
            return letter
    raise LetterUnavailable(slug)


def letter_date(app: Application, letter: Letter) -> dt.date | None:
    """The date a letter bears (its 文号 counts in that year)."""
    kind = letter.kind
    if kind == LetterKind.RECEIPT:
        return app.received_on
    if kind == LetterKind.SUPPLEMENT:
        return app.supplement_requested_on
    if kind == LetterKind.CONSULTATION:
        return letter.pause.started_on
    if kind == LetterKind.EXTENSION:
        return app.extension.approved_on
    if kind == LetterKind.FEE_NOTICE:
        return app.fee_notice.issued_on
    return app.answered_on


def prefix(unit) -> str:
    """文号 prefix: the unit's own, else its short name (or name) + 依申公开."""
    return unit.letter_prefix or f"{unit.short_name or unit.name}依申公开"


DRAFT_NUMBER = "（草稿，未编文号）"
DRAFT_MARK = "草稿：本文书尚未编发文号，不得送达"


def issued_number(app: Application, letter: Letter) -> str:
    """The 文号 of ``letter`` if it has been issued, else ""; never issues one."""
    return LetterIssue.objects.filter(application=app, letter=letter.slug).values_list(
        "doc_number", flat=True).first() or ""


def issued_numbers(app: Application) -> dict[str, str]:
    """slug -> 文号 of the application's issued letters."""
    return dict(LetterIssue.objects.filter(application=app).values_list("letter", "doc_number"))


def issue(user: User, app: Application, *, slug: str) -> LetterIssue:
    """编发文号: give ``slug`` its number (once; issuing again returns the same one). Only the
    handling unit's staff may (a supervisor reads, never issues); the issue is audited."""
    letter = find(app, slug)
    may.check_issue_letter(user, app)
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=app.pk).first()  # one issuer per application
        existing = LetterIssue.objects.filter(application=app, letter=letter.slug).first()
        if existing:
            return existing
        year = (letter_date(app, letter) or app.received_on).year
        n = next_serial(LetterNumberCounter, app.unit, year)
        row = LetterIssue.objects.create(application=app, letter=letter.slug,
                                         doc_number=f"{prefix(app.unit)}〔{year}〕{n}号")
        audit.record("application.letter_issue", app, user=user,
                     detail={"letter": letter.slug, "doc_number": row.doc_number})
    return row


def context(app: Application, letter: Letter, doc_number: str = "") -> dict[str, str]:
    unit = app.unit
    ctx = {
        "office_name": unit.name, "office_phone": getattr(unit, "phone", "") or "—",
        "office_address": getattr(unit, "address", "") or "—",
        "number": app.number, "applicant_name": app.name, "addressee": app.name,
        "received_on": _cn(app.received_on), "description": wording.quoted_request(app.description),
        "remedy": _remedy(unit), "letter_number": doc_number or DRAFT_NUMBER,
        "letter_date": _cn(letter_date(app, letter)),
    }
    kind = letter.kind
    if kind == LetterKind.RECEIPT:
        ctx.update(channel=app.get_channel_display(), receipt_rule=app.receipt_rule, query_hint=QUERY_HINT,
                   due_text=_cn(app.due_on) + "前" if app.due_on else "自收到申请之日起20个工作日内")
    elif kind == LetterKind.FEE_NOTICE:
        notice = app.fee_notice
        unit_word = "件" if notice.basis == "count" else "页"
        quantity = f"{notice.quantity}{unit_word}"
        if notice.basis == "count":
            quantity += f"（本自然月此前已申请{notice.previous_this_month}件）"
        due = (f"请于收到本通知书次日起20个工作日内（{_cn(notice.payment_due_on)}前）缴纳" if notice.payment_due_on
               else "请于收到本通知书次日起20个工作日内缴纳")
        ctx.update(fee_basis=notice.get_basis_display(), fee_quantity=quantity,
                   fee_lines="；".join(notice.breakdown), fee_amount=str(notice.amount),
                   issued_on=_cn(notice.issued_on), payment_due=due, payment_how=PAYMENT_HOW,
                   fee_legal_basis=f"《中华人民共和国政府信息公开条例》第四十二条和{FEE_MEASURES}",
                   fee_consequence=FEE_CONSEQUENCE)
    elif kind == LetterKind.SUPPLEMENT:
        ctx.update(supplement_items=app.supplement_items, supplement_workdays=str(app.supplement_workdays))
    elif kind == LetterKind.CONSULTATION:
        pause = letter.pause
        try:
            reply_due = clock.consultation_reply_due(get_calendar(), pause.started_on)
        except UnknownYearError:
            reply_due = None
        ctx.update(addressee=pause.party, party=pause.party, reply_due=_cn(reply_due) or "规定期限")
    elif kind == LetterKind.EXTENSION:
        ext = app.extension
        try:
            computed = services.deadline(app)
            original, new = computed.base_due, computed.due
        except (UnknownYearError, clock.ClockError):
            original, new = None, app.due_on
        ctx.update(extension_days=str(ext.days), extension_reason=ext.reason, original_due=_cn(original),
                   new_due=_cn(new))
    else:
        dtype = decision_type(app.decision_type)
        ctx.update(decision_title=dtype.title, decision_name=dtype.name, decision_basis=app.decision_basis,
                   decision_text=app.decision_text, answered_on=_cn(app.answered_on),
                   provision=wording.provision_sentence(app.get_info_form_display(), app.get_delivery_display()))
    return ctx


def _remedy(unit) -> str:
    """The remedy sentence naming this office's 复议机关 and court (derived from the unit tree)."""
    from gongkai.units.models import UnitKind

    if unit.kind == UnitKind.COUNTY:
        body, court = wording.remedy_bodies(True, unit.name)
    else:
        county = next((u for u in reversed(list(unit.ancestors())) if u.kind == UnitKind.COUNTY), None)
        body, court = wording.remedy_bodies(False, county.name if county else "")
    return wording.remedy_sentence(body, court)


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

    number = issued_number(app, letter)
    template = DocxTemplate(template_source(letter.kind, app.unit))
    template.render(context(app, letter, number))
    if not number:
        _mark_draft(template.docx)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _mark_draft(document) -> None:
    """A first paragraph saying the letter is a draft (the PDF also gets a watermark)."""
    paragraphs = document.paragraphs
    if paragraphs:
        paragraphs[0].insert_paragraph_before(DRAFT_MARK).runs[0].bold = True
    else:
        document.add_paragraph(DRAFT_MARK)


def pdf_bytes(app: Application, letter: Letter) -> bytes:
    """The filled DOCX laid out on A4: paragraphs in order, with their alignment and indent."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from weasyprint import HTML

    draft = not issued_number(app, letter)
    doc = Document(io.BytesIO(docx_bytes(app, letter)))
    align = {WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right"}
    paragraphs = [(p.text, align.get(p.alignment, "indent" if p.paragraph_format.first_line_indent else "left"),
                   any(r.bold for r in p.runs)) for p in doc.paragraphs]
    html = render_to_string("applications/letter.html", {"title": letter.title, "paragraphs": paragraphs,
                                                         "draft": draft})
    return HTML(string=html).write_pdf()


def render(user: User, app: Application, *, slug: str, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, title for the file name) of one letter, a draft unless it was
    issued (a GET never issues); the download is audited."""
    letter = find(app, slug)
    if fmt == "docx":
        content, ctype = docx_bytes(app, letter), DOCX_TYPE
    elif fmt == "pdf":
        content, ctype = pdf_bytes(app, letter), "application/pdf"
    else:
        raise LetterUnavailable(fmt)
    draft = not issued_number(app, letter)
    audit.record("application.letter", app, user=user, detail={"letter": slug, "format": fmt, "draft": draft})
    return content, ctype, f"{letter.title}（{app.number}）{'（草稿）' if draft else ''}"


def public_outcome(app: Application) -> dict:
    """What the applicant may read of the answer on-line: result, date, content, the 补正 asked
    for, and the letters already issued to them (drafts never leave the office)."""
    numbers = issued_numbers(app)
    issued = [(letter.slug, letter.title, numbers[letter.slug]) for letter in available(app)
              if letter.slug in numbers and letter.slug != "receipt"]
    return {"decision": app.get_decision_type_display() if app.decision_type else "",
            "answered_on": app.answered_on, "text": app.decision_text,
            "supplement_items": app.supplement_items if app.supplement_requested_on else "",
            "letters": issued, "online": app.delivery == Delivery.ONLINE}
