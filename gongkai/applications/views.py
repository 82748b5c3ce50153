"""Workbench for applications: thin views over applications.services, scoped to the user's unit."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.domain.application_clock import ClockError
from gongkai.domain.workdays import UnknownYearError
from gongkai.units.scoping import scope
from gongkai.units.web import form_data, object_action, staff_required

from . import codes, documents, letters, services
from .forms import (
    CounterApplicationForm,
    DecisionForm,
    ExtensionApproveForm,
    ExtensionRequestForm,
    PauseEndForm,
    PauseStartForm,
    SupplementReceiveForm,
    SupplementRequestForm,
    basis_prefill,
)
from .models import ON_CLOCK_STATUSES, Application, ApplicationPause, Status

DONE_SESSION_KEY = "work_apply_done_token"


def _scoped(user):
    return scope(Application.objects.select_related("unit"), user)


def _app_or_404(request, pk) -> Application:
    # 404, not 403: another unit's applications are not confirmed to exist.
    return get_object_or_404(_scoped(request.user), pk=pk)


@staff_required
def register(request):
    if not services.can_act(request.user, request.user.unit, services.STAFF_ROLES):
        messages.error(request, "当前角色不能登记申请")
        return redirect("applications:list")
    token = request.POST.get("submission_key", "")
    if request.method == "POST" and services.find_submission(token):
        return _remember(request, token)
    form = CounterApplicationForm(request.POST or None, initial={
        "submission_key": codes.new_token(), "received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.COUNTER_FIELDS}
        try:
            services.register_at_counter(request.user, data, token)
        except ValidationError as exc:
            form.add_error(None, exc)
        except services.ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            return _remember(request, token)
    return render(request, "applications/register.html", {"form": form})


def _remember(request, token):
    request.session[DONE_SESSION_KEY] = token
    return redirect("applications:registered")


def _registered_app(request):
    token = request.session.get(DONE_SESSION_KEY, "")
    app = services.find_submission(token)
    if app is None or not _scoped(request.user).filter(pk=app.pk).exists():
        return None, None
    return app, codes.query_code(token)


@staff_required
def registered(request):
    app, code = _registered_app(request)
    if app is None:
        return redirect("applications:list")
    return render(request, "applications/registered.html", {"app": app, "query_code": code})


@staff_required
def registered_receipt(request):
    app, code = _registered_app(request)
    if app is None:
        return redirect("applications:list")
    return _pdf(app, code)


def _pdf(app, code=None):
    response = HttpResponse(documents.receipt_pdf(app, code), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{app.number}.pdf"'
    return response


def _deadline_context(app):
    try:
        return services.deadline(app), ""
    except UnknownYearError as exc:
        return None, f"{exc.year}年的节假日安排尚未录入，答复期限暂不能计算"
    except ClockError as exc:
        return None, str(exc)


@staff_required
def detail(request, pk):
    app = _app_or_404(request, pk)
    deadline, problem = _deadline_context(app)
    can_act = services.can_act(request.user, app.unit, services.STAFF_ROLES)
    can_approve = services.can_act(request.user, app.unit, services.APPROVER_ROLES)
    today = timezone.localdate()
    on_clock = app.status in ON_CLOCK_STATUSES
    extension = getattr(app, "extension", None)
    return render(request, "applications/detail.html", {
        "app": app, "deadline": deadline, "deadline_problem": problem,
        "overdue": app.is_open and app.due_on is not None and app.due_on < today,
        "notice_due": services.supplement_notice_due(app), "history": documents.history(app),
        "can_request_supplement": can_act and app.status == Status.RECEIVED and not app.supplement_requested_on,
        "can_receive_supplement": can_act and app.status == Status.SUPPLEMENT_REQUESTED,
        "request_form": SupplementRequestForm(initial={"requested_on": today}),
        "receive_form": SupplementReceiveForm(initial={"received_on": today}),
        "pauses": app.pauses.all(), "can_pause": can_act and on_clock,
        "pause_form": PauseStartForm(initial={"started_on": today}),
        "pause_end_form": PauseEndForm(initial={"ended_on": today}),
        "extension": extension, "can_request_extension": can_act and on_clock and extension is None,
        "can_approve_extension": (can_approve and on_clock and extension is not None and not extension.approved
                                  and extension.requested_by_id != request.user.pk),
        "extension_form": ExtensionRequestForm(initial={"requested_on": today}),
        "approve_form": ExtensionApproveForm(initial={"approved_on": today}),
        "can_decide": can_act and app.is_open, "can_decide_dispute": can_act,
        "decision_form": DecisionForm(initial={"answered_on": today}), "basis_prefill": basis_prefill(),
        "decision": app.decision_type and app.get_decision_type_display(),
        "letters": letters.available(app),
    })


@staff_required
def receipt(request, pk):
    return _pdf(_app_or_404(request, pk))


_action = object_action(lambda request, pk: _app_or_404(request, pk), services.ApplicationError,
                        "applications:detail")


def _valid(form):
    return form_data(form, services.ApplicationError)


@_action
def request_supplement(request, app):
    data = _valid(SupplementRequestForm(request.POST))
    services.request_supplement(request.user, app, data["requested_on"], data["items"])
    return "已登记补正告知，答复期限自收到补正之日起计算"


@_action
def receive_supplement(request, app):
    data = _valid(SupplementReceiveForm(request.POST))
    services.receive_supplement(request.user, app, data["received_on"])
    return "已登记收到补正，答复期限已重新计算"


def _pause(app, pause_pk) -> ApplicationPause:
    return get_object_or_404(ApplicationPause, pk=pause_pk, application=app)


@_action
def start_pause(request, app):
    data = _valid(PauseStartForm(request.POST))
    services.start_pause(request.user, app, data["kind"], data["party"], data["started_on"])
    return "已登记征求意见，答复期限已重新计算"


@_action
def end_pause(request, app, pause_pk):
    data = _valid(PauseEndForm(request.POST))
    services.end_pause(request.user, _pause(app, pause_pk), data["ended_on"])
    return "已登记收到意见，答复期限已重新计算"


@_action
def request_extension(request, app):
    data = _valid(ExtensionRequestForm(request.POST))
    services.request_extension(request.user, app, data["days"], data["reason"], data["requested_on"])
    return "已提交延期申请，待审核人同意"


@_action
def approve_extension(request, app):
    data = _valid(ExtensionApproveForm(request.POST))
    services.approve_extension(request.user, app, data["approved_on"])
    return "已同意延期，答复期限已重新计算"


@_action
def decide(request, app):
    data = _valid(DecisionForm(request.POST))
    services.record_decision(request.user, app, data["decision_type"], data["basis"], data["answered_on"],
                             data["text"], data["on_the_spot"])
    return "已登记办理结果"


@staff_required
def letter(request, pk, slug, fmt):
    app = _app_or_404(request, pk)
    try:
        content, ctype, filename = letters.render(request.user, app, slug, fmt)
    except letters.LetterUnavailable:
        raise Http404("没有该文书") from None
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
