"""The only code that changes a 政务咨询 message. Each function runs in one transaction, checks the
user's unit and role, and appends one audit event; the asker's name and contact never go into the
audit detail. Rules (clock, lines, masking) are in gongkai.domain.consultation."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.applications.handling.services import offices
from gongkai.applications.handling import codes
from gongkai.domain import consultation as rules
from gongkai.domain.workdays import UnknownYearError
from gongkai.units import audit
from gongkai.units.models import Unit, User
from gongkai.units.serials import next_serial
from gongkai.workdays.services import get_calendar

from .models import (
    Category,
    ConsultationPolicy,
    InvalidReason,
    Message,
    NumberCounter,
    Publication,
    Status,
    Transfer,
)
from .permissions import (
    APPROVER_ROLES,
    STAFF_ROLES,
    ConsultError,
    check_answer,
    check_approve_publication,
    check_choose_publication,
    check_convert,
    check_merge,
    check_reject,
    check_set_policy,
    check_transfer,
    check_withdraw_publication,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from gongkai.applications.handling.services import Submission

__all__ = ["APPROVER_ROLES", "MAX_REPLY", "STAFF_ROLES", "Asked", "ConsultError", "answer",
           "approve_publication", "ask", "choose_publication", "convert_to_application", "due_on",
           "find_submission", "merge", "policy", "public_lookup", "recompute_due_dates", "reject", "set_policy",
           "transfer", "units", "withdraw_publication"]

MAX_REPLY = 5000


@dataclass(frozen=True)
class Asked:
    message: Message
    query_code: str
    created: bool


def units() -> QuerySet[Unit]:
    """The units a message may be addressed to: the same offices that take applications."""
    return offices()


def policy(unit: Unit) -> ConsultationPolicy:
    """The unit's promise and publication rule (defaults when never set)."""
    return ConsultationPolicy.objects.filter(unit=unit).first() or ConsultationPolicy(unit=unit)


def due_on(received: dt.date, promise_workdays: int) -> dt.date | None:
    """The promise date, or None when the calendar of that year is not entered (never guessed)."""
    try:
        return rules.reply_due(get_calendar(), received, promise_workdays)
    except UnknownYearError:
        return None


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update().select_related("unit").get(pk=message.pk)


def _clean_text(value: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ConsultError(f"请填写{label}")
    if len(value) > limit:
        raise ConsultError(f"{label}不能超过{limit}个字")
    return value


# ---------------------------------------------------------------- the portal

def find_submission(token: str) -> Message | None:
    if not token:
        return None
    return Message.objects.select_related("unit").filter(submission_key=codes.token_key(token)).first()


def ask(*, unit: Unit, subject: str, body: str, contact: str, name: str = "", category: str = Category.CONSULT,
        wants_public: bool = True, token: str) -> Asked:
    """A question from the portal. Identity is optional, a contact is required (a message without
    one is not accepted: 沈阳 市长信箱 "无有效的联系方式…不予受理"). The same form token stores one message."""
    if not units().filter(pk=unit.pk).exists():
        raise ConsultError("该单位不受理网上留言")
    if not token or len(token) < 16:
        raise ConsultError("提交令牌无效，请刷新页面后重新提交")
    if category not in Category.values:
        raise ConsultError("请选择留言类别")
    subject = _clean_text(subject, "标题", 100)
    body = _clean_text(body, "留言内容", 3000)
    contact = _clean_text(contact, "联系方式", 100)
    name = (name or "").strip()[:50]
    key, code = codes.token_key(token), codes.query_code(token)
    now = timezone.now()
    received = timezone.localdate(now)
    promise = policy(unit).promise_workdays
    try:
        with transaction.atomic():
            serial = next_serial(NumberCounter, unit, received.year)
            existing = Message.objects.filter(submission_key=key).first()
            if existing:
                transaction.set_rollback(True)
                return Asked(existing, code, False)
            message = Message.objects.create(
                unit=unit, first_unit=unit, number=f"LY-{unit.code}-{received.year}-{serial:04d}",
                query_code_hash=codes.code_hash(code), submission_key=key, category=category, name=name,
                contact=contact, subject=subject, body=body, asker_wants_public=wants_public,
                received_at=now, received_on=received, promise_workdays=promise,
                due_on=due_on(received, promise))
            audit.record("consult.ask", message, unit=unit,
                         detail={"number": message.number, "category": category})
    except IntegrityError:
        return Asked(Message.objects.get(submission_key=key), code, False)
    return Asked(message, code, True)


def public_lookup(number: str, code: str) -> Message | None:
    """The message with this number whose query code matches (constant-time)."""
    message = Message.objects.select_related("unit").filter(number=(number or "").strip().upper()).first()
    if message is None or not codes.code_matches(code, message.query_code_hash):
        return None
    return message


# ---------------------------------------------------------------- the workbench

@transaction.atomic
def answer(*, user: User, message: Message, text: str) -> Message:
    """The reply to the asker (答复). Closes the message and any duplicates merged into it."""
    message = _locked(message)
    check_answer(user, message)
    text = _clean_text(text, "答复内容", MAX_REPLY)
    now = timezone.now()
    message.reply_text, message.answered_at, message.answered_on = text, now, timezone.localdate(now)
    message.answered_by, message.status = user, Status.ANSWERED
    message.save()
    late = message.due_on is not None and message.answered_on > message.due_on
    audit.record("consult.answer", message, user=user, unit=message.unit,
                 detail={"number": message.number, "due_on": message.due_on and message.due_on.isoformat(),
                         "late": late})
    for dup in message.duplicates.select_for_update().filter(status=Status.MERGED):
        dup.reply_text, dup.answered_at, dup.answered_on, dup.answered_by = text, now, message.answered_on, user
        dup.save(update_fields=["reply_text", "answered_at", "answered_on", "answered_by", "updated_at"])
    return message


@transaction.atomic
def transfer(*, user: User, message: Message, to_unit: Unit, reason: str) -> Message:
    """转办 to the unit that can answer. The promise date is kept (voice.md §2.4: a transfer does
    not restart the clock; the asker has waited since the day the message arrived)."""
    message = _locked(message)
    check_transfer(user, message)
    reason = _clean_text(reason, "转办理由", 200)
    if to_unit.pk == message.unit_id:
        raise ConsultError("不能转办给本单位")
    if not units().filter(pk=to_unit.pk).exists():
        raise ConsultError("该单位不受理网上留言")
    from_unit = message.unit
    Transfer.objects.create(message=message, from_unit=from_unit, to_unit=to_unit, reason=reason, by=user)
    message.unit = to_unit
    message.save(update_fields=["unit", "updated_at"])
    audit.record("consult.transfer", message, user=user, unit=from_unit,
                 detail={"number": message.number, "from": from_unit.code, "to": to_unit.code, "reason": reason})
    return message


@transaction.atomic
def merge(*, user: User, message: Message, into: Message) -> Message:
    """A duplicate (重复留言) merged into another message of the same unit: it is closed with that
    message's answer (now, or when that one is answered)."""
    message, into = _locked(message), _locked(into)
    check_merge(user, message)
    if into.pk == message.pk:
        raise ConsultError("不能与自身合并")
    if into.unit_id != message.unit_id:
        raise ConsultError("只能合并本单位办理的留言")
    if into.status not in (Status.SUBMITTED, Status.ANSWERED):
        raise ConsultError("只能合并到待答复或已答复的留言")
    message.status, message.merged_into = Status.MERGED, into
    if into.status == Status.ANSWERED:
        message.reply_text, message.answered_at = into.reply_text, into.answered_at
        message.answered_on, message.answered_by = into.answered_on, into.answered_by
    message.save()
    audit.record("consult.merge", message, user=user, unit=message.unit,
                 detail={"number": message.number, "into": into.number})
    return message


@transaction.atomic
def reject(*, user: User, message: Message, reason: str) -> Message:
    """不予受理 with a reason from the list; such messages stay visible on the board."""
    message = _locked(message)
    check_reject(user, message)
    if reason not in InvalidReason.values:
        raise ConsultError("请选择不予受理的理由")
    message.status, message.invalid_reason = Status.INVALID, reason
    message.save(update_fields=["status", "invalid_reason", "updated_at"])
    audit.record("consult.reject", message, user=user, unit=message.unit,
                 detail={"number": message.number, "reason": reason})
    return message


def _publish(message: Message, approver) -> None:
    message.publication, message.published_on = Publication.PUBLISHED, timezone.localdate()
    message.publication_approved_by = approver


@transaction.atomic
def choose_publication(*, user: User, message: Message, publish: bool, question: str = "", answer_text: str = "",
                       in_faq: bool = True) -> Message:
    """Staff choose whether an answered message is published (公开答复). The published texts are
    masked (the asker's name and contact, ID, phone and card numbers); when the unit's policy wants a
    reviewer, the choice waits for ``approve_publication`` — a reviewer's own choice needs no second one."""
    message = _locked(message)
    check_choose_publication(user, message)
    if not publish:
        message.publication = Publication.NOT_PUBLISHED
        message.save(update_fields=["publication", "updated_at"])
        audit.record("consult.not_publish", message, user=user, unit=message.unit, detail={"number": message.number})
        return message
    if not message.asker_wants_public:
        raise ConsultError("留言人未同意公开，不能公开该留言")
    hidden = [message.name, message.contact]
    message.public_question = rules.mask_public_text(_clean_text(question or message.body, "公开的留言内容", 3000),
                                                     hidden).text
    message.public_answer = rules.mask_public_text(_clean_text(answer_text or message.reply_text,
                                                               "公开的答复内容", MAX_REPLY), hidden).text
    message.in_faq, message.publication_requested_by = in_faq, user
    needs_review = policy(message.unit).review_before_publication and user.role not in APPROVER_ROLES
    if needs_review:
        message.publication = Publication.PENDING
    else:
        _publish(message, user if user.role in APPROVER_ROLES else None)
    message.save()
    audit.record("consult.publish_request" if needs_review else "consult.publish", message, user=user,
                 unit=message.unit, detail={"number": message.number, "faq": in_faq})
    return message


@transaction.atomic
def approve_publication(*, user: User, message: Message, approve: bool) -> Message:
    """The reviewer approves (publish) or refuses (not published) a pending publication."""
    message = _locked(message)
    check_approve_publication(user, message)
    if approve:
        _publish(message, user)
    else:
        message.publication = Publication.NOT_PUBLISHED
    message.save()
    audit.record("consult.publish_approve" if approve else "consult.publish_refuse", message, user=user,
                 unit=message.unit, detail={"number": message.number})
    return message


@transaction.atomic
def withdraw_publication(*, user: User, message: Message) -> Message:
    """Take a published answer off the portal (e.g. personal data found after publication)."""
    message = _locked(message)
    check_withdraw_publication(user, message)
    message.publication, message.published_on = Publication.NOT_PUBLISHED, None
    message.save(update_fields=["publication", "published_on", "updated_at"])
    audit.record("consult.publish_withdraw", message, user=user, unit=message.unit, detail={"number": message.number})
    return message


def convert_to_application(*, user: User, message: Message, applicant: dict[str, Any],
                           token: str) -> tuple[Message, Submission]:
    """Turn a message that really asks for an existing record into an 依申请公开 application with one
    action. The application is registered by the applications service as an on-line application
    received on the day of this action (条例第三十一条第（三）项: 双方确认之日 — the conversion notice is
    the platform's confirmation), so its 20-working-day clock and its annual-report counting start
    then. The message closes as ``converted`` (counted as answered: the notice is a response)."""
    from gongkai.applications.handling import services as applications
    from gongkai.applications.models import Channel

    today = timezone.localdate()
    data = {**applicant, "channel": Channel.ONLINE, "received_on": today}
    data.setdefault("description", message.body[:2000])
    with transaction.atomic():
        message = _locked(message)
        check_convert(user, message)
        try:
            submission = applications.register_at_counter(user, data=data, submission_key=token)
        except applications.ApplicationError as exc:
            raise ConsultError(str(exc)) from exc
        app = submission.application
        message.status, message.converted_application = Status.CONVERTED, app
        message.answered_on, message.answered_at, message.answered_by = today, timezone.now(), user
        message.reply_text = (f"您的留言所需内容属于政府信息公开申请事项，已于{today:%Y年%m月%d日}转为政府信息公开申请"
                              f"（申请编号{app.number}），我单位将依照《中华人民共和国政府信息公开条例》在法定期限内答复。")
        message.save()
        audit.record("consult.convert", message, user=user, unit=message.unit,
                     detail={"number": message.number, "application": app.number})
    return message, submission


@transaction.atomic
def set_policy(*, user: User, promise_workdays: int, review_before_publication: bool) -> ConsultationPolicy:
    """The unit admin sets the unit's promise (1–15 working days) and whether publication needs a
    reviewer. Messages already received keep the promise they were given."""
    check_set_policy(user)
    unit = user.unit
    try:
        rules.validate_promise(promise_workdays)
    except ValueError as exc:
        raise ConsultError(str(exc)) from exc
    row, _ = ConsultationPolicy.objects.select_for_update().get_or_create(unit=unit)
    before = {"promise_workdays": row.promise_workdays, "review_before_publication": row.review_before_publication}
    row.promise_workdays, row.review_before_publication = promise_workdays, review_before_publication
    row.save()
    audit.record("consult.policy", row, user=user, unit=unit,
                 detail={"before": before, "after": {"promise_workdays": promise_workdays,
                                                     "review_before_publication": review_before_publication}})
    return row


def recompute_due_dates() -> int:
    """After a holiday schedule changed: recompute the promise date of every open message (a date
    that could not be computed before is filled in; one that moved is corrected). Returns how many
    changed."""
    changed = 0
    for m in Message.objects.filter(status=Status.SUBMITTED).only("received_on", "promise_workdays", "due_on"):
        new = due_on(m.received_on, m.promise_workdays)
        if new != m.due_on:
            Message.objects.filter(pk=m.pk).update(due_on=new)
            changed += 1
    return changed
