"""Workbench for 政务咨询: thin views over consult.services, scoped to the user's unit (a supervisor
looks at the units below without the askers' personal data). What a page offers is
``permissions.allowed_actions``: the services' own checks."""
from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.applications.handling import codes
from gongkai.units.web import staff_required

from . import permissions, queries, services
from .forms import AnswerForm, ApproveForm, ConvertForm, MergeForm, PolicyForm, PublishForm, RejectForm, TransferForm

TABS = (("open", "待答复"), ("pending", "待审核公开"), ("answered", "已办结"), ("all", "全部"))


def _gate(check, user, *args) -> None:
    """403 before a form is read when the role part of the action's check refuses."""
    try:
        check(user, *args)
    except services.ConsultError as exc:
        raise PermissionDenied(str(exc)) from None


@staff_required
def message_list(request):
    tab = request.GET.get("tab", "open")
    if tab not in dict(TABS):
        tab = "open"
    qs = queries.workbench_list(request.user, tab)
    return render(request, "consult/list.html", {"rows": queries.ageing_rows(qs[:200]), "tab": tab, "tabs": TABS,
                                                 "allowed": permissions.board_actions(request.user)})


def _context(request, message, **forms):
    allowed = permissions.allowed_actions(request.user, message)
    ctx = {"m": message, "allowed": allowed,
           "row": queries.ageing_rows([message])[0], "transfers": message.transfers.select_related(
               "from_unit", "to_unit", "by"),
           "policy": services.policy(message.unit)}
    if allowed.answer:
        ctx.setdefault("answer_form", AnswerForm())
    if allowed.transfer:
        ctx.setdefault("transfer_form", TransferForm(exclude_unit=message.unit))
    if allowed.merge:
        ctx.setdefault("merge_form", MergeForm())
    if allowed.reject:
        ctx.setdefault("reject_form", RejectForm())
    if allowed.convert:
        ctx.setdefault("convert_form", ConvertForm(initial={
            "submission_key": codes.new_token(), "name": message.name, "description": message.body[:2000],
            "phone": message.contact if message.contact.replace("-", "").isdigit() else ""}))
    if allowed.publish:
        ctx.setdefault("publish_form", PublishForm(initial={"publish": "1" if message.asker_wants_public else "0"}))
    if allowed.approve:
        ctx.setdefault("approve_form", ApproveForm())
    ctx.update(forms)
    return ctx


@staff_required
def detail(request, pk):
    message = get_object_or_404(queries.visible(request.user), pk=pk)
    return render(request, "consult/detail.html", _context(request, message))


def _act(request, pk, form_class, key, run, done, gate=permissions.check_handle):
    message = get_object_or_404(queries.visible(request.user), pk=pk)
    _gate(gate, request.user, message)
    form = form_class(request.POST, **({"exclude_unit": message.unit} if form_class is TransferForm else {}))
    if form.is_valid():
        try:
            run(message, form.cleaned_data)
        except services.ConsultError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            flash.success(request, done)
            return redirect("consult:detail", pk=message.pk)
    return render(request, "consult/detail.html", _context(request, message, **{key: form}), status=400)


@staff_required
@require_POST
def answer(request, pk):
    return _act(request, pk, AnswerForm, "answer_form",
                lambda m, d: services.answer(user=request.user, message=m, text=d["text"]), "已答复")


@staff_required
@require_POST
def transfer(request, pk):
    return _act(request, pk, TransferForm, "transfer_form",
                lambda m, d: services.transfer(user=request.user, message=m, to_unit=d["to_unit"],
                                               reason=d["reason"]), "已转办")


@staff_required
@require_POST
def merge(request, pk):
    def run(m, d):
        into = queries.by_number(request.user, d["into"])
        if into is None:
            raise services.ConsultError("未找到该留言编号")
        services.merge(user=request.user, message=m, into=into)
    return _act(request, pk, MergeForm, "merge_form", run, "已合并")


@staff_required
@require_POST
def reject(request, pk):
    return _act(request, pk, RejectForm, "reject_form",
                lambda m, d: services.reject(user=request.user, message=m, reason=d["invalid_reason"]), "已标记为不予受理")


@staff_required
@require_POST
def publish(request, pk):
    return _act(request, pk, PublishForm, "publish_form",
                lambda m, d: services.choose_publication(user=request.user, message=m, publish=d["publish"],
                                                         question=d["question"], answer_text=d["answer_text"],
                                                         in_faq=d["in_faq"]), "已保存公开选择")


@staff_required
@require_POST
def approve(request, pk):
    return _act(request, pk, ApproveForm, "approve_form",
                lambda m, d: services.approve_publication(user=request.user, message=m, approve=d["approve"]),
                "已审核", gate=permissions.check_review)


@staff_required
@require_POST
def withdraw(request, pk):
    message = get_object_or_404(queries.visible(request.user), pk=pk)
    _gate(permissions.check_review, request.user, message, "撤回公开答复")
    try:
        services.withdraw_publication(user=request.user, message=message)
    except services.ConsultError as exc:
        flash.error(request, str(exc))
    else:
        flash.success(request, "已撤回公开")
    return redirect("consult:detail", pk=message.pk)


@staff_required
@require_POST
def convert(request, pk):
    def run(m, d):
        applicant = {k: v for k, v in d.items() if k != "submission_key"}
        services.convert_to_application(user=request.user, message=m, applicant=applicant, token=d["submission_key"])
    return _act(request, pk, ConvertForm, "convert_form", run, "已转为政府信息公开申请")


@staff_required
@require_http_methods(["GET", "POST"])
def settings(request):
    """The unit admin's 答复规则 of the unit."""
    user = request.user
    _gate(permissions.check_set_policy, user)
    current = services.policy(user.unit)
    form = PolicyForm(request.POST or None, initial={"promise_workdays": current.promise_workdays,
                                                     "review_before_publication": current.review_before_publication})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_policy(user=user, **form.cleaned_data)
        except services.ConsultError as exc:
            form.add_error(None, str(exc))
        else:
            flash.success(request, "已保存答复规则")
            return redirect("consult:settings")
    return render(request, "consult/settings.html", {"form": form}, status=400 if form.errors else 200)
