"""送达 records: how and when each letter of an application reached its addressee.

A delivery of the 补正告知书 that records the day it was delivered moves the start of the
补正 period to that day (the letter says "自收到本告知书之日起").
"""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.units import audit
from gongkai.units.models import User

from . import letters
from ..models import Application, DeliveryMethod, LetterDelivery
from . import permissions as may
from .services import ApplicationError, _lock, update_supplement_due


def _check_dates(app: Application, sent_on: dt.date, delivered_on: dt.date | None) -> None:
    today = timezone.localdate()
    if sent_on > today or (delivered_on and delivered_on > today):
        raise ApplicationError("发出日期和送达日期不能晚于今天")
    if sent_on < app.received_on:
        raise ApplicationError("发出日期不能早于收到申请日期")
    if delivered_on and delivered_on < sent_on:
        raise ApplicationError("送达日期不能早于发出日期")


@transaction.atomic
def record_delivery(user: User, app: Application, *, letter_slug: str, method: str, sent_on: dt.date,
                    delivered_on: dt.date | None = None, recipient: str = "", tracking_number: str = "",
                    note: str = "") -> LetterDelivery:
    """送达记录 of one letter the application has (``letters.available``)."""
    app = _lock(app)
    may.check_record_delivery(user, app)
    try:
        letter = letters.find(app, letter_slug)
    except letters.LetterUnavailable:
        raise ApplicationError("该申请没有这份文书") from None
    if method not in DeliveryMethod.values:
        raise ApplicationError("请选择送达方式")
    tracking_number, recipient, note = tracking_number.strip(), recipient.strip(), note.strip()
    if method == DeliveryMethod.POST and not tracking_number:
        raise ApplicationError("邮寄送达须填写邮件单号")
    _check_dates(app, sent_on, delivered_on)
    letters.issue(user, app, slug=letter.slug)  # a letter is sent with its 文号: sending it is issuing it
    delivery = LetterDelivery.objects.create(
        application=app, letter=letter.slug, letter_title=letter.title, method=method, sent_on=sent_on,
        delivered_on=delivered_on, recipient=recipient, tracking_number=tracking_number, note=note,
        recorded_by=user)
    if letter.slug == "supplement" and delivered_on:
        update_supplement_due(app)
    audit.record("application.delivery", app, user=user,
                 detail={"delivery": delivery.pk, "letter": letter.slug, "method": method,
                         "sent_on": sent_on.isoformat(),
                         "delivered_on": delivered_on.isoformat() if delivered_on else None})
    return delivery


@transaction.atomic
def confirm_delivery(user: User, delivery: LetterDelivery, *, delivered_on: dt.date, recipient: str = ""
                     ) -> LetterDelivery:
    """送达回证 came back: the day the letter was delivered (once)."""
    app = _lock(delivery.application)
    delivery = LetterDelivery.objects.select_for_update().get(pk=delivery.pk, application=app)
    may.check_confirm_delivery(user, app, delivery)
    _check_dates(app, delivery.sent_on, delivered_on)
    delivery.delivered_on = delivered_on
    if recipient.strip():
        delivery.recipient = recipient.strip()
    delivery.save(update_fields=["delivered_on", "recipient"])
    if delivery.letter == "supplement":
        update_supplement_due(app)
    audit.record("application.delivery_confirm", app, user=user,
                 detail={"delivery": delivery.pk, "letter": delivery.letter,
                         "delivered_on": delivered_on.isoformat()})
    return delivery


def by_letter(app: Application) -> dict[str, list[LetterDelivery]]:
    """The application's delivery records grouped by letter slug, for the detail page."""
    out: dict[str, list[LetterDelivery]] = {}
    for row in app.deliveries.all():
        out.setdefault(row.letter, []).append(row)
    return out


@transaction.atomic
def record_online_receipt(app: Application, *, letter_slug: str, today: dt.date) -> LetterDelivery | None:
    """网上送达: the applicant opened an issued letter on the status page. The first time counts as
    its delivery (and starts a 补正 period, like any delivery); later downloads change nothing."""
    app = _lock(app)
    letter = letters.find(app, letter_slug)
    if not letters.issued_number(app, letter):
        raise ApplicationError("该文书尚未编发文号，不能送达")
    if LetterDelivery.objects.filter(application=app, letter=letter.slug, method=DeliveryMethod.ONLINE).exists():
        return None
    delivery = LetterDelivery.objects.create(
        application=app, letter=letter.slug, letter_title=letter.title, method=DeliveryMethod.ONLINE,
        sent_on=letters.letter_date(app, letter) or today, delivered_on=today, recipient="申请人（网上下载）",
        note="申请人凭申请编号和查询码在网上查询页下载")
    if letter.slug == "supplement":
        update_supplement_due(app)
    audit.record("application.delivery_online", app, user=None, unit=app.unit,
                 detail={"delivery": delivery.pk, "letter": letter.slug, "delivered_on": today.isoformat()})
    return delivery
