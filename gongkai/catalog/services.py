"""The proactive-disclosure workflow (先审后发): every change to an item goes through here.

draft → submitted → approved (保密审查) → published → withdrawn; 有效/废止 alongside.
Each function checks the user's unit and role, changes the item in one
transaction, and appends to the audit log.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.domain import pii
from gongkai.domain.index_number import format_index_no
from gongkai.domain.publication import publication_due, timeliness
from gongkai.domain.richtext import clean_body, html_to_text, sanitize_html
from gongkai.domain.workdays import UnknownYearError
from gongkai.units import audit
from gongkai.units.models import Unit, User
from gongkai.units.serials import next_serial
from gongkai.workdays.services import get_calendar

from . import interpretations
from . import permissions as may
# re-exported: the roles and the error are part of the services' surface
from .permissions import EDITOR_ROLES as EDITOR_ROLES
from .permissions import REVIEWER_ROLES as REVIEWER_ROLES
from .permissions import WorkflowError as WorkflowError
from .models import (
    Attachment,
    ChannelPublication,
    IndexCounter,
    Item,
    ItemStatus,
    Review,
    ReviewDecision,
    Validity,
)

if TYPE_CHECKING:
    from gongkai.domain.publication import Timeliness

ATTACHMENT_KINDS = {"pdf": "PDF", "docx": "Word（DOCX）", "xlsx": "Excel（XLSX）", "doc": "DOC", "xls": "XLS",
                    "wps": "WPS", "ofd": "OFD", "jpg": "JPG", "png": "PNG"}
ATTACHMENT_TYPES_TEXT = "PDF、DOCX、XLSX、DOC、XLS、WPS、OFD 或扫描件 JPG、PNG"
EDITABLE_FIELDS = ("title", "doc_number", "publisher", "written_date", "topic", "genre",
                   "disclosure_mode", "disclosure_scope", "body", "needs_interpretation",
                   "notice_start", "notice_end")


# ---------------------------------------------------------------- index numbers

def next_index_no(unit: Unit, year: int) -> str:
    """Hand out the next 索引号 for a unit and year (inside the item's transaction)."""
    return format_index_no(unit.code, year, next_serial(IndexCounter, unit, year))


# ---------------------------------------------------------------- editing

def _apply_fields(item: Item, fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"categories"}
    if unknown:
        raise WorkflowError(f"不能修改字段：{', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name != "categories":
            setattr(item, name, value)
    item.body = clean_body(item.body)
    item.body_text = html_to_text(item.body)
    if not item.publisher:
        item.publisher = item.unit.name
    item.publish_due = _due(item.written_date)
    interpretations.apply_needs(item)  # 规章、行政规范性文件 always need a 政策解读


def _due(written: dt.date | None) -> dt.date | None:
    if written is None:
        return None
    try:
        return publication_due(get_calendar(), written)
    except UnknownYearError:
        return None  # shown as "schedule missing", recomputed when it is entered


@transaction.atomic
def create_item(user: User, *, unit: Unit | None = None, **fields: object) -> Item:
    unit = unit or user.unit
    may.check_create(user, unit)
    item = Item(unit=unit, created_by=user)
    categories = fields.pop("categories", None)
    _apply_fields(item, fields)
    item.index_no = next_index_no(unit, (item.written_date or timezone.localdate()).year)
    item.save()
    if categories is not None:
        item.categories.set(categories)
    audit.record("item.create", item, user=user, detail={"index_no": item.index_no})
    _reindex(item)
    return item


@transaction.atomic
def update_item(user: User, item: Item, **fields: object) -> Item:
    item = _lock(item)
    may.check_update(user, item)
    categories = fields.pop("categories", None)
    before = {k: getattr(item, k) for k in fields}
    _apply_fields(item, fields)
    changed = sorted(k for k in fields if getattr(item, k) != before[k])  # after sanitising, so body compares clean
    item.save()
    if categories is not None:
        item.categories.set(categories)
        changed.append("categories")
    audit.record("item.update", item, user=user, detail={"fields": changed})
    _reindex(item)
    return item


def _lock(item: Item) -> Item:
    """Re-read the item under a row lock so two reviewers cannot act on a stale copy."""
    return Item.objects.select_for_update().select_related("unit").get(pk=item.pk)


@transaction.atomic
def add_attachment(user: User, item: Item, *, name: str, data: bytes) -> Attachment:
    """Store an attachment after the fast checks (type by content, size, the decompression-bomb
    guard); its text is extracted afterwards by a background task (``Attachment.text_status``).
    A name whose extension does not match the content is corrected (``att.renamed``)."""
    from gongkai.domain import attachment_formats
    from gongkai.domain.bounded_archive import BoundsError, check_document
    from gongkai.domain.textextract import sniff_kind

    from . import attachments, tasks

    item = _lock(item)
    may.check_attachments(user, item, "上传附件")
    limit = settings.GONGKAI_ATTACHMENT_MAX_BYTES
    if not data:
        raise WorkflowError(f"附件“{name}”是空文件")
    if len(data) > limit:
        raise WorkflowError(f"附件“{name}”大小为{len(data) / 1048576:.1f}MB，超过上限{limit / 1048576:.0f}MB")
    kind = sniff_kind(data, name)
    if kind not in ATTACHMENT_KINDS:
        kind = attachment_formats.sniff(data, name)
    if kind not in ATTACHMENT_KINDS:
        raise WorkflowError(f"附件“{name}”不是允许的类型（仅限 {ATTACHMENT_TYPES_TEXT}；以文件内容判断）")
    try:
        check_document(data, kind)
        attachment_formats.check(data, kind)
    except BoundsError as exc:
        raise WorkflowError(f"附件“{name}”被拒绝：{exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    clean_name, renamed = attachments.stored_name(name, kind)
    att = Attachment(item=item, name=clean_name, kind=kind, size=len(data), sha256=digest)
    att.file.save(f"{digest}.{kind}", ContentFile(data), save=False)
    att.save()
    att.renamed = renamed
    audit.record("item.attachment.add", item, user=user,
                 detail={"name": clean_name, "sha256": digest, "uploaded_as": name[:200]} if renamed
                 else {"name": clean_name, "sha256": digest})
    tasks.schedule_extraction(att)
    return att


@transaction.atomic
def remove_attachment(user: User, attachment: Attachment) -> None:
    item = _lock(attachment.item)
    may.check_attachments(user, item, "删除附件")
    audit.record("item.attachment.remove", item, user=user, detail={"name": attachment.name})
    attachment.delete()


# ---------------------------------------------------------------- personal data

def pii_findings(item: Item, wait: bool = True) -> list[tuple[str, pii.Finding, str]]:
    """Unmasked personal data in the body and attachments: (where, finding, masked context).
    With ``wait`` an attachment whose text the background task has not extracted yet is read
    now; ``unchecked_attachments`` names those the check could not (fully) cover."""
    from .attachments import ensure_text

    out = []
    files = [ensure_text(a) if wait else a for a in item.attachments.all()]
    sources = [("正文", item.body_text)] + [(f"附件：{a.name}", a.text) for a in files]
    for where, text in sources:
        findings = pii.find_pii(text or "")
        out.extend((where, f, masked_context(text, f, findings)) for f in findings)
    return out


def unchecked_attachments(item: Item) -> list[tuple[str, str]]:
    """(name, why) of each attachment the personal-data check could not read in full."""
    from .attachments import unchecked_reason

    return [(a.name, why) for a in item.attachments.all() if (why := unchecked_reason(a))]


def _unchecked_message(unchecked: list[tuple[str, str]]) -> str:
    names = "；".join(f"附件“{name}”{why}" for name, why in unchecked)
    return f"{names}，其中的个人信息未能全部检查"


def masked_context(text: str, finding: pii.Finding, findings: list[pii.Finding], width: int = 15) -> str:
    """The words around a finding for the reviewer, with every number in it masked.

    The window is widened to whole findings at its edges, so no fragment of a
    neighbouring number is ever shown unmasked."""
    start, end = max(0, finding.start - width), min(len(text), finding.end + width)
    for other in findings:
        if other.start < start < other.end:
            start = other.start
        if other.start < end < other.end:
            end = other.end
    parts, pos = [], start
    for other in findings:
        if other.start >= start and other.end <= end:
            parts += [text[pos:other.start], other.masked]
            pos = other.end
    parts.append(text[pos:end])
    return "".join(parts).replace("\n", " ")


@transaction.atomic
def mask_body_pii(user: User, item: Item) -> int:
    item = _lock(item)
    may.check_mask(user, item)
    body, count = pii.mask_html(item.body)
    if count:
        item.body = sanitize_html(body)
        item.body_text = html_to_text(item.body)
        item.save(update_fields=["body", "body_text", "updated_at"])
        audit.record("item.pii.mask", item, user=user, detail={"masked": count})
    return count


# ---------------------------------------------------------------- review and publishing

@transaction.atomic
def submit_item(user: User, item: Item) -> Item:
    item = _lock(item)
    may.check_submit(user, item)
    if not item.title.strip() or not (item.body_text.strip() or item.attachments.exists()):
        raise WorkflowError("标题和正文（或附件）不能为空")
    if hasattr(item, "interpretation") and not item.interpretation.documents.exists():
        raise WorkflowError("政策解读须关联至少一份所解读的政策文件")
    item.status, item.submitted_by = ItemStatus.SUBMITTED, user
    item.save(update_fields=["status", "submitted_by", "updated_at"])
    audit.record("item.submit", item, user=user)
    return item


def _extract_pending(item: Item) -> None:
    """The publish-time personal-data check waits for the attachments' text: what the background
    task has not extracted yet is extracted now, in its own transaction (kept even when the
    check then refuses)."""
    from .attachments import ensure_text

    for att in item.attachments.filter(text_status="pending"):
        ensure_text(att)


def approve_item(user: User, item: Item, *, opinion: str, pii_override_reason: str = "",
                 interpretation_exempt_reason: str = "") -> Review:
    """保密审查通过. A document that needs a 政策解读 is approved only with a linked 解读 in the
    same review, or with ``interpretation_exempt_reason`` (同步审签; stored, audited, shown)."""
    _extract_pending(item)
    return _approve_item(user, item, opinion=opinion, pii_override_reason=pii_override_reason,
                         interpretation_exempt_reason=interpretation_exempt_reason)


@transaction.atomic
def _approve_item(user: User, item: Item, *, opinion: str, pii_override_reason: str = "",
                  interpretation_exempt_reason: str = "") -> Review:
    item = _lock(item)
    may.check_approve(user, item)
    opinion, reason = opinion.strip(), pii_override_reason.strip()
    if not opinion:
        raise WorkflowError("请填写保密审查意见")
    findings = pii_findings(item)
    unchecked = unchecked_attachments(item)
    if findings and not reason:
        raise WorkflowError(f"发现{len(findings)}处未处理的个人信息，请先脱敏，或填写带提示发布的理由")
    if unchecked and not reason:
        raise WorkflowError(f"{_unchecked_message(unchecked)}；请替换附件，或填写带提示发布的理由")
    exempt = interpretations.check_gate(item, interpretation_exempt_reason)
    review = Review.objects.create(item=item, reviewer=user, decision=ReviewDecision.APPROVED, opinion=opinion,
                                   pii_findings=len(findings),
                                   pii_override_reason=reason if findings or unchecked else "",
                                   interpretation_exempt_reason=exempt)
    item.status, item.interpretation_exempt_reason = ItemStatus.APPROVED, exempt
    item.save(update_fields=["status", "interpretation_exempt_reason", "updated_at"])
    detail = {"opinion": opinion}
    if exempt:
        detail.update(interpretation_exempt=exempt)
    if findings or unchecked:
        detail.update(pii_override=reason, pii_findings=len(findings))
    if unchecked:
        detail.update(pii_unchecked=[name for name, _ in unchecked])
    audit.record("item.approve", item, user=user, detail=detail)
    return review


@transaction.atomic
def reject_item(user: User, item: Item, *, opinion: str) -> Review:
    item = _lock(item)
    may.check_reject(user, item)
    if not opinion.strip():
        raise WorkflowError("退回时请写明修改意见")
    review = Review.objects.create(item=item, reviewer=user, decision=ReviewDecision.REJECTED,
                                   opinion=opinion.strip())
    item.status = ItemStatus.DRAFT
    item.save(update_fields=["status", "updated_at"])
    audit.record("item.reject", item, user=user, detail={"opinion": opinion.strip()})
    return review


def publish_item(user: User, item: Item, *, published_date: dt.date | None = None,
                 channels: Sequence[str] = ("website",)) -> Item:
    _extract_pending(item)
    return _publish_item(user, item, published_date=published_date, channels=channels)


@transaction.atomic
def _publish_item(user: User, item: Item, *, published_date: dt.date | None = None,
                  channels: Sequence[str] = ("website",)) -> Item:
    item = _lock(item)
    may.check_publish(user, item)
    today = timezone.localdate()
    published_date = published_date or today
    if published_date > today:
        raise WorkflowError("发布日期不能晚于今天")
    if published_date < item.written_date:
        raise WorkflowError("发布日期不能早于成文日期")
    findings = pii_findings(item)
    unchecked = unchecked_attachments(item)
    approval = item.reviews.filter(decision=ReviewDecision.APPROVED).first()
    if findings and not (approval and approval.pii_override_reason):
        raise WorkflowError(f"发现{len(findings)}处未处理的个人信息，审核时未说明带提示发布的理由")
    if unchecked and not (approval and approval.pii_override_reason):
        raise WorkflowError(f"{_unchecked_message(unchecked)}，审核时未说明带提示发布的理由")
    item.status, item.published_date = ItemStatus.PUBLISHED, published_date
    item.save(update_fields=["status", "published_date", "updated_at"])
    for channel in channels:
        ChannelPublication.objects.get_or_create(item=item, channel=channel,
                                                 defaults={"published_on": published_date, "recorded_by": user})
    detail = {"published_date": published_date.isoformat(), "channels": list(channels)}
    notice = item.notice_check(published_date)
    if notice is not None and notice.state != "on_time":  # 公示期 begun or ended: recorded with the act
        detail["notice_period"] = notice.message(published=True)
    audit.record("item.publish", item, user=user, detail=detail)
    _reindex(item)
    if item.needs_interpretation:
        _release_interpretations(user, item, None, published_date, channels)  # 同步发布: its approved 解读 too
    return item


def _release_interpretations(user, document: Item, opinion: str | None, published_date: dt.date,
                             channels) -> list[Item]:
    """同步发布: the linked 解读 awaiting review are approved (when ``opinion`` is given: the reviewer's
    同意发布) and published with the document, in the caller's transaction; every check of the item
    workflow applies to each, and a refusal names the 解读."""
    done = []
    for interp in interpretations.linked_in_review(document).exclude(status=ItemStatus.PUBLISHED).order_by("pk"):
        try:
            if interp.status == ItemStatus.SUBMITTED:
                if opinion is None:
                    continue
                _approve_item(user, interp, opinion=opinion)
            done.append(_publish_item(user, interp, published_date=max(published_date, interp.written_date),
                                      channels=channels))
        except WorkflowError as exc:
            raise WorkflowError(f"关联解读“{interp.title}”：{exc}") from None
    return done


def approve_and_publish(user: User, item: Item, *, opinion: str, pii_override_reason: str = "",
                        published_date: dt.date | None = None, channels: Sequence[str] = ("website",),
                        interpretation_exempt_reason: str = "") -> Item:
    """同意发布: the reviewer's approval (保密审查, never of their own item) and the publication in
    one step, all or nothing — every check of ``approve_item`` and ``publish_item`` applies.
    The 政策解读 submitted with a document are approved and published with it (同步审签、同步发布)."""
    _extract_pending(item)
    with transaction.atomic():
        _approve_item(user, item, opinion=opinion, pii_override_reason=pii_override_reason,
                      interpretation_exempt_reason=interpretation_exempt_reason)
        if item.needs_interpretation:
            _release_interpretations(user, item, opinion, published_date or timezone.localdate(), channels)
        return _publish_item(user, item, published_date=published_date, channels=channels)


@transaction.atomic
def withdraw_item(user: User, item: Item, *, reason: str) -> Item:
    item = _lock(item)
    may.check_withdraw(user, item)
    if not reason.strip():
        raise WorkflowError("请写明撤回理由")
    item.status = ItemStatus.WITHDRAWN
    item.save(update_fields=["status", "updated_at"])
    audit.record("item.withdraw", item, user=user, detail={"reason": reason.strip()})
    _reindex(item)
    return item


@transaction.atomic
def repeal_item(user: User, item: Item, *, repealed_date: dt.date, reason: str = "") -> Item:
    """Mark a published document 废止; it stays in the catalog, labelled as no longer in force."""
    item = _lock(item)
    may.check_repeal(user, item)
    if repealed_date < item.written_date:
        raise WorkflowError("废止日期不能早于成文日期")
    item.validity, item.repealed_date = Validity.REPEALED, repealed_date
    item.save(update_fields=["validity", "repealed_date", "updated_at"])
    audit.record("item.repeal", item, user=user, detail={"repealed_date": repealed_date.isoformat(),
                                                         "reason": reason.strip()})
    _reindex(item)
    return item


@transaction.atomic
def record_channel(user: User, item: Item, *, channel: str, published_on: dt.date, note: str = ""
                   ) -> ChannelPublication:
    item = _lock(item)
    may.check_channel(user, item)
    if published_on > timezone.localdate():
        raise WorkflowError("公开日期不能晚于今天")
    record, created = ChannelPublication.objects.update_or_create(
        item=item, channel=channel,
        defaults={"published_on": published_on, "note": note.strip()[:200], "recorded_by": user})
    audit.record("item.channel", item, user=user,
                 detail={"channel": channel, "published_on": published_on.isoformat(), "created": created})
    return record


# ---------------------------------------------------------------- timeliness

def item_timeliness(item: Item, today: dt.date | None = None) -> Timeliness:
    return timeliness(get_calendar(), item.written_date, item.published_date, today or timezone.localdate())


def recompute_due_dates() -> int:
    """After a holiday schedule changes, every stored 发布期限 is recomputed."""
    cal, changed = get_calendar(), 0
    for item in Item.objects.only("pk", "written_date", "publish_due").iterator():
        try:
            due = publication_due(cal, item.written_date)
        except UnknownYearError:
            due = None
        if due != item.publish_due:
            Item.objects.filter(pk=item.pk).update(publish_due=due)
            changed += 1
    return changed


def _reindex(item: Item) -> None:
    from . import search

    search.index_item(item)
