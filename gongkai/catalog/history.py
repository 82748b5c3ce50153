"""The history path of the catalog (历史信息导入): an item that was already published elsewhere
(an office's old website) enters the catalog as published, with its original 成文日期, 发布日期 and
索引号 — one audited service of its own, never a draft back-dated by updates.

What the import does not do is what a new item must go through (先审后发): the item was reviewed
and published by the office years ago; here the unit admin answers for the import (who, from
which URL, when: ``item.import`` in the audit log). The same checks as an upload apply to its
attachments (size, type by content, the decompression-bomb guard, the virus scan when configured)
and the same personal-data check as publishing applies to its body and attachments: an item with
unmasked personal data is refused, not imported.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.domain import attachment_formats, notice_period, pii
from gongkai.domain.bounded_archive import BoundsError, check_document
from gongkai.domain.richtext import clean_body, html_to_text
from gongkai.units import audit
from gongkai.units.models import Role
from gongkai.units.permissions import can_act

from . import attachments as att_rules
from .models import Attachment, Category, ChannelPublication, Item, ItemStatus, TextStatus, Validity
from .services import ATTACHMENT_KINDS, ATTACHMENT_TYPES_TEXT, WorkflowError, _due, _reindex

IMPORT_ROLES = (Role.UNIT_ADMIN,)


@dataclass
class FileData:
    """An attachment's bytes as fetched, with the name the old page gave it."""

    name: str
    data: bytes
    source_url: str = ""


@dataclass
class HistoricalItem:
    """What an imported item is made of (the old site's values, mapped)."""

    title: str
    index_no: str
    published_date: dt.date
    written_date: dt.date | None = None
    doc_number: str = ""
    publisher: str = ""
    topic: Category | None = None
    genre: Category | None = None
    validity: str = Validity.EFFECTIVE
    body_html: str = ""
    files: list[FileData] = field(default_factory=list)
    # 公示期 as the old site records it; when neither is given it is read from the body's text
    notice_start: dt.date | None = None
    notice_end: dt.date | None = None


@dataclass
class CheckedFile:
    name: str
    kind: str
    data: bytes
    sha256: str
    text: str
    text_status: str
    text_note: str


def can_import(user, unit) -> bool:
    return can_act(user, unit, IMPORT_ROLES)


def check_file(f: FileData) -> CheckedFile:
    """The upload checks (``services.add_attachment``) and the text for the personal-data check;
    WorkflowError with a Chinese message when the file is refused."""
    from gongkai.domain.textextract import TooLarge, UnsupportedFile, extract, sniff_kind
    from gongkai.security.upload_scan import scan_file

    name, data = f.name or "附件", f.data
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
    decision = scan_file(SimpleUploadedFile(name[:200], data))
    if not decision.allowed:
        raise WorkflowError(f"附件“{name}”：{decision.message}")
    text, status, note = "", TextStatus.DONE, ""
    try:
        result = (attachment_formats.extract(data, kind, name) if kind in attachment_formats.KINDS
                  else extract(data, name))
        text = result.text
        if result.truncated:
            status, note = TextStatus.TRUNCATED, result.truncated
    except attachment_formats.ManualCheck as exc:
        status, note = TextStatus.FAILED, exc.reason
    except TooLarge as exc:
        status, note = TextStatus.FAILED, exc.reason
    except UnsupportedFile as exc:
        status, note = TextStatus.FAILED, f"文件无法读取，可能已损坏或被加密（{str(exc).split(': ', 1)[-1]}）"
    return CheckedFile(name, kind, data, hashlib.sha256(data).hexdigest(), text, status, note[:500])


def _pii_message(body_text: str, files: list[CheckedFile]) -> str:
    places = []
    for where, text in [("正文", body_text)] + [(f"附件“{f.name}”", f.text) for f in files]:
        found = pii.find_pii(text or "")
        if found:
            places.append(f"{where}{len(found)}处")
    return "、".join(places)


def _notice_period(data: HistoricalItem, body_text: str) -> tuple[dt.date | None, dt.date | None]:
    """The 公示期 given, else the one the notice prints (so the portal can say it was published late)."""
    if data.notice_start or data.notice_end:
        errors = notice_period.period_errors(data.notice_start, data.notice_end)
        if errors:
            raise WorkflowError("；".join(errors))
        return data.notice_start, data.notice_end
    return notice_period.read_period(body_text, data.published_date.year) or (None, None)


def import_published_item(unit, data: HistoricalItem, *, imported_by, source_url: str) -> Item:
    """Create ``data`` as a PUBLISHED item of ``unit`` with its original dates and 索引号, its
    attachments checked as uploads are; all or nothing. WorkflowError (Chinese) when refused."""
    if not can_import(imported_by, unit):
        raise WorkflowError("您无权导入历史信息（仅限单位管理员）")
    checked = [check_file(f) for f in data.files]       # before anything is written
    body = clean_body(data.body_html)
    body_text = html_to_text(body)
    where = _pii_message(body_text, checked)
    if where:
        raise WorkflowError(f"发现未处理的个人信息（{where}），未导入；请在原网站核实处理后手工录入")
    if not data.title.strip() or not (body_text.strip() or checked):
        raise WorkflowError("标题和正文（或附件）不能为空")
    today = timezone.localdate()
    if data.published_date > today:
        raise WorkflowError("发布日期不能晚于今天")
    written = data.written_date or data.published_date
    if data.published_date < written:
        raise WorkflowError("发布日期不能早于成文日期")
    if Item.objects.filter(index_no=data.index_no).exists():
        raise WorkflowError(f"索引号“{data.index_no}”已在目录中")
    notice = _notice_period(data, body_text)
    with transaction.atomic():
        item = Item(unit=unit, created_by=imported_by, submitted_by=None, index_no=data.index_no,
                    title=data.title.strip(), doc_number=data.doc_number.strip(),
                    publisher=(data.publisher.strip() or unit.name), written_date=written,
                    published_date=data.published_date, topic=data.topic, genre=data.genre,
                    validity=data.validity, body=body, body_text=body_text, status=ItemStatus.PUBLISHED,
                    publish_due=_due(written), notice_start=notice[0], notice_end=notice[1])
        try:
            item.full_clean(exclude=["categories"])
        except ValidationError as exc:
            raise WorkflowError("；".join(f"{Item._meta.get_field(k).verbose_name}：{'，'.join(v)}"
                                         if k != "__all__" else "，".join(v)
                                         for k, v in exc.message_dict.items())) from None
        item.save()
        stored = []
        for f in checked:
            name, _ = att_rules.stored_name(f.name, f.kind)
            att = Attachment(item=item, name=name, kind=f.kind, size=len(f.data), sha256=f.sha256,
                             text=f.text, text_status=f.text_status, text_note=f.text_note)
            att.file.save(f"{f.sha256}.{f.kind}", ContentFile(f.data), save=False)
            att.save()
            stored.append({"name": name, "sha256": f.sha256})
        ChannelPublication.objects.create(item=item, channel="website", published_on=data.published_date,
                                          note="自原网站导入", recorded_by=imported_by)
        audit.record("item.import", item, user=imported_by, unit=unit,
                     detail={"index_no": item.index_no, "source_url": source_url[:1000],
                             "published_date": data.published_date.isoformat(),
                             "written_date": data.written_date.isoformat() if data.written_date else None,
                             "imported_at": timezone.now().isoformat(), "attachments": stored})
        _reindex(item)
    return item
