"""Workbench for applications: thin views over ``services``, scoped to the user's unit."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.units.downloads import named
from gongkai.domain.calendar_readiness import unknown_year_message
from gongkai.domain.application_clock import ClockError
from gongkai.domain.workdays import UnknownYearError
from gongkai.units.scoping import get_or_refuse
from gongkai.units.web import form_data, object_action, staff_required

from .. import selectors
from . import deliveries, documents, fees, letters, pii, services
from .actions import allowed_actions
from .forms import (
    DecisionForm,
    DeliveryConfirmForm,
    DeliveryForm,
    ExtensionApproveForm,
    ExtensionRequestForm,
    FeeNoticeForm,
    FeePaymentForm,
    FeeReceivedForm,
    PauseEndForm,
    PauseStartForm,
    SupplementReceiveForm,
    SupplementRequestForm,
    basis_prefill,
)
from ..models import Application, ApplicationPause, LetterDelivery

def _app_or_404(request, pk) -> Application:
    # 404, not 403: another unit's applications are not confirmed to exist; 403 (audited) for
    # an own-unit application labelled above the user's clearance (安全标记).
    return get_or_refuse(selectors.with_unit(), request.user, pk=pk)


def _deadline_context(app):
    try:
        return services.deadline(app), ""
    except UnknownYearError as exc:
        return None, unknown_year_message(exc.year, "答复期限暂不能计算")
    except ClockError as exc:
        return None, str(exc)


@staff_required
def detail(request, pk):
    return _render_detail(request, _app_or_404(request, pk))


@staff_required
@require_POST
def reveal(request, pk):
    """查看完整个人信息: the full identity number, phone and address, for a typed reason; audited.
    Shown once on this response (never stored in the session); refused with a message otherwise."""
    app = _app_or_404(request, pk)
    try:
        revealed = pii.reveal(request.user, app, reason=request.POST.get("reason", ""))
    except pii.RevealRefused as exc:
        return _render_detail(request, app, {"reveal_error": str(exc), "reveal_reason": request.POST.get("reason", "")},
                              status=403 if not pii.may_reveal(request.user, app) else 400)
    return _render_detail(request, app, {"revealed": revealed})


def _render_detail(request, app, extra=None, status=200):
    deadline, problem = _deadline_context(app)
    today = timezone.localdate()
    response = render(request, "applications/detail.html", {
        "app": app, "deadline": deadline, "deadline_problem": problem,
        "overdue": app.is_open and app.due_on is not None and app.due_on < today,
        "notice_due": services.supplement_notice_due(app), "history": documents.history(app),
        "allowed": allowed_actions(request.user, app),
        "request_form": SupplementRequestForm(initial={"requested_on": today}, auto_id="id_request_%s"),
        "receive_form": SupplementReceiveForm(initial={"received_on": today}, auto_id="id_receive_%s"),
        "pauses": _with_forms(app.pauses.all(), "end_form", PauseEndForm, {"ended_on": today}, "pause_end"),
        "pause_form": PauseStartForm(initial={"started_on": today}, auto_id="id_pause_%s"),
        "extension": getattr(app, "extension", None),
        "extension_form": ExtensionRequestForm(initial={"requested_on": today}, auto_id="id_extension_%s"),
        "approve_form": ExtensionApproveForm(initial={"approved_on": today}, auto_id="id_approve_%s"),
        "decision_form": DecisionForm(initial={"answered_on": today}, auto_id="id_decision_%s"),
        "basis_prefill": basis_prefill(),
        "decision": app.decision_type and app.get_decision_type_display(),
        **_fee_context(app, today),
        **_letters_context(app, today),
        "pii": pii.masked(app), "pii_unreadable": pii.unreadable_fields(app), **(extra or {}),
    }, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _fee_context(app, today) -> dict:
    notice = selectors.fee_notice(app)
    return {
        "fee_notice": notice,
        "fee_form": FeeNoticeForm(initial={"issued_on": today, "basis": "count", "quantity": 1}, auto_id="id_fee_%s"),
        "fee_received_form": FeeReceivedForm(initial={"received_on": today}, auto_id="id_fee_received_%s"),
        "fee_payment_form": FeePaymentForm(initial={"paid_on": today, "paid_amount": notice.amount if notice else None},
                                           auto_id="id_fee_payment_%s"),
    }


def _letters_context(app, today) -> dict:
    available = letters.available(app)
    sent = deliveries.by_letter(app)
    issued = letters.issued_numbers(app)
    return {
        "letters": [(letter, _with_forms(sent.get(letter.slug, []), "confirm_form", DeliveryConfirmForm,
                                         {"delivered_on": today}, "delivery_confirm"), issued.get(letter.slug, ""))
                    for letter in available],
        "delivery_form": DeliveryForm(letters=available, initial={"sent_on": today}, auto_id="id_delivery_%s"),
    }


def _with_forms(rows, attribute: str, form_class, initial: dict, prefix: str) -> list:
    """Each row with its own small form: the page shows one per row, so their ids must differ
    (every form on the page gets its own ``auto_id``, for the labels to point at the right field)."""
    rows = list(rows)
    for row in rows:
        setattr(row, attribute, form_class(initial=initial, auto_id=f"id_{prefix}_{row.pk}_%s"))
    return rows


@staff_required
def receipt(request, pk):
    return documents.receipt_response(_app_or_404(request, pk))


_action = object_action(lambda request, pk: _app_or_404(request, pk), services.ApplicationError,
                        "applications:detail")


def _valid(form):
    return form_data(form, services.ApplicationError)


@_action
def request_supplement(request, app):
    data = _valid(SupplementRequestForm(request.POST))
    app = services.request_supplement(request.user, app, requested_on=data["requested_on"], items=data["items"],
                                     workdays=data["workdays"] or services.SUPPLEMENT_WORKDAYS_DEFAULT)
    until = f"，补正期限至{app.supplement_due_on}" if app.supplement_due_on else ""
    return f"已登记补正告知{until}；答复期限自收到补正之日起计算"


@_action
def receive_supplement(request, app):
    data = _valid(SupplementReceiveForm(request.POST))
    services.receive_supplement(request.user, app, received_on=data["received_on"])
    return "已登记收到补正，答复期限已重新计算"


def _pause(app, pause_pk) -> ApplicationPause:
    return get_object_or_404(ApplicationPause, pk=pause_pk, application=app)


@_action
def start_pause(request, app):
    data = _valid(PauseStartForm(request.POST))
    services.start_pause(request.user, app, kind=data["kind"], party=data["party"], started_on=data["started_on"])
    return "已登记征求意见，答复期限已重新计算"


@_action
def end_pause(request, app, pause_pk):
    data = _valid(PauseEndForm(request.POST))
    services.end_pause(request.user, _pause(app, pause_pk), ended_on=data["ended_on"])
    return "已登记收到意见，答复期限已重新计算"


@_action
def request_extension(request, app):
    data = _valid(ExtensionRequestForm(request.POST))
    services.request_extension(request.user, app, days=data["days"], reason=data["reason"],
                               requested_on=data["requested_on"])
    return "已提交延期申请，待审核人同意"


@_action
def approve_extension(request, app):
    data = _valid(ExtensionApproveForm(request.POST))
    services.approve_extension(request.user, app, approved_on=data["approved_on"])
    return "已同意延期，答复期限已重新计算"


@staff_required
@require_POST
def decide(request, pk):
    """办理结果 in two steps: the first POST shows the answer as it will stand (every rule of the
    service checked, nothing saved); only the confirmation records it."""
    app = _app_or_404(request, pk)
    try:
        data = _valid(DecisionForm(request.POST))
        decision = {"decision_code": data["decision_type"], "basis": data["basis"],
                    "answered_on": data["answered_on"], "text": data["text"], "on_the_spot": data["on_the_spot"]}
        if request.POST.get("confirm") != "1":
            preview = services.preview_decision(request.user, app, **decision)
            return render(request, "applications/decision_confirm.html", {
                "app": app, "preview": preview, "data": request.POST,
                "decision_label": preview.get_decision_type_display(),
                "pending_extension": getattr(app, "extension", None) is not None and not app.extension.approved,
                "late": bool(app.due_on and data["answered_on"] > app.due_on)})
        services.record_decision(request.user, app, **decision)
    except services.ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已登记办理结果")
    return redirect("applications:detail", pk=app.pk)


@_action
def issue_fee(request, app):
    data = _valid(FeeNoticeForm(request.POST))
    notice = fees.issue_notice(request.user, app, basis=data["basis"], quantity=data["quantity"],
                               issued_on=data["issued_on"])
    return f"已发出收费通知，应缴{notice.amount}元；等待缴费期间不计入答复期限"


@_action
def fee_received(request, app):
    data = _valid(FeeReceivedForm(request.POST))
    notice = fees.record_received(request.user, app, received_on=data["received_on"])
    return f"已登记申请人收到收费通知，缴费期限至{notice.payment_due_on}"


@_action
def fee_paid(request, app):
    data = _valid(FeePaymentForm(request.POST))
    fees.record_payment(request.user, app, paid_on=data["paid_on"], paid_amount=data["paid_amount"],
                        reference=data["reference"])
    return "已登记缴费，答复期限已重新计算"


@_action
def record_delivery(request, app):
    data = _valid(DeliveryForm(request.POST, letters=letters.available(app)))
    deliveries.record_delivery(request.user, app, letter_slug=data["letter"], method=data["method"],
                               sent_on=data["sent_on"], delivered_on=data["delivered_on"],
                               recipient=data["recipient"], tracking_number=data["tracking_number"],
                               note=data["note"])
    return "已登记送达"


@_action
def confirm_delivery(request, app, delivery_pk):
    data = _valid(DeliveryConfirmForm(request.POST))
    row = get_object_or_404(LetterDelivery, pk=delivery_pk, application=app)
    deliveries.confirm_delivery(request.user, row, delivered_on=data["delivered_on"], recipient=data["recipient"])
    return "已登记送达日期"


@_action
def issue_letter(request, app, slug):
    try:
        row = letters.issue(request.user, app, slug=slug)
    except letters.LetterUnavailable:
        raise Http404("没有该文书") from None
    return f"已编发文号：{row.doc_number}"


@staff_required
def letter(request, pk, slug, fmt):
    app = _app_or_404(request, pk)
    try:
        content, ctype, title = letters.render(request.user, app, slug=slug, fmt=fmt)
    except letters.LetterUnavailable:
        raise Http404("没有该文书") from None
    return named(HttpResponse(content, content_type=ctype), title, fmt)
