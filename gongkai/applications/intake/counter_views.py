"""登记 at the counter (窗口/信函/传真…): the clerk's form, the page after it, its receipt."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.units.web import staff_required

from .. import selectors
from ..handling import codes, permissions, services
from .done_pages import done_and_receipt
from .forms import CounterApplicationForm

DONE_SESSION_KEY = "work_apply_done_token"


@staff_required
def register(request):
    if not permissions.may_register(request.user):
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
            services.register_at_counter(request.user, data=data, submission_key=token)
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
    if app is None or not selectors.visible_applications(request.user).filter(pk=app.pk).exists():
        return None, None
    return app, codes.query_code(token)


_done, _receipt = done_and_receipt(_registered_app, "applications/registered.html", "applications:list")
registered, registered_receipt = staff_required(_done), staff_required(_receipt)
