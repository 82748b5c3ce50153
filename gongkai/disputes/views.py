"""Workbench for 复议/诉讼 cases: thin views over disputes.services, scoped to the user's unit."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.units.web import staff_required

from . import permissions, selectors, services
from .forms import DisputeForm, OutcomeForm


@staff_required
def dispute_list(request):
    return render(request, "disputes/list.html", {"disputes": selectors.visible_disputes(request.user)})


@staff_required
@require_http_methods(["GET", "POST"])
def create(request, application_pk):
    app = get_object_or_404(selectors.visible_applications(request.user), pk=application_pk)
    form = DisputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = services.create(request.user, app, data=form.cleaned_data)
        except services.DisputeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已登记案件")
            return redirect("disputes:detail", pk=dispute.pk)
    return render(request, "disputes/create.html", {"form": form, "app": app})


@staff_required
@require_http_methods(["GET", "POST"])
def detail(request, pk):
    dispute = get_object_or_404(selectors.visible_disputes(request.user), pk=pk)
    form = OutcomeForm(request.POST or None, instance=dispute if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_outcome(request.user, dispute, outcome=form.cleaned_data["outcome"],
                                    closed_on=form.cleaned_data["closed_on"],
                                    case_number=form.cleaned_data["case_number"])
        except services.DisputeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已更新案件结果")
            return redirect("disputes:detail", pk=dispute.pk)
    return render(request, "disputes/detail.html", {
        "dispute": dispute, "form": form, "allowed": permissions.allowed_actions(request.user, dispute)})
