"""Public pages (no login): the on-line application form, its result and receipt, the status look-up."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.units.downloads import named

from .. import selectors
from ..handling import codes
from . import ratelimit
from ..handling import deliveries, letters, services
from .done_pages import done_and_receipt
from .forms import PublicApplicationForm, StatusForm

DONE_SESSION_KEY = "apply_done_token"
STATUS_SESSION_KEY = "apply_status_number"  # the application this browser proved its query code for
NOT_FOUND = "未找到与该申请编号和查询码相符的申请，请核对后重试"


def _remember(request, token: str):
    request.session[DONE_SESSION_KEY] = token
    return redirect("apply:done")


def _render_form(request, form, status=200):
    form.new_question()
    return render(request, "applications/public_form.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def new(request):
    if request.method == "GET":
        return _render_form(request, PublicApplicationForm(request=request,
                                                           initial={"submission_key": codes.new_token()}))
    token = request.POST.get("submission_key", "")
    if services.find_submission(token):  # a reload or second click of a form already accepted
        return _remember(request, token)
    form = PublicApplicationForm(request.POST, request=request)
    if ratelimit.exceeded(request, "submit"):
        form.add_error(None, "本网络地址提交的申请过多，请一小时后再试，或到受理地点当面提交")
        return _render_form(request, form, status=429)
    if form.is_valid():
        try:
            result = services.submit_online(form.cleaned_data["unit"], data=form.applicant_data(), submission_key=token)
        except ValidationError as exc:
            form.add_error(None, exc)
        except services.ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            if result.created:
                ratelimit.hit(request, "submit")
            return _remember(request, token)
    return _render_form(request, form, status=400)


def _done_submission(request):
    token = request.session.get(DONE_SESSION_KEY, "")
    app = services.find_submission(token)
    return (app, codes.query_code(token)) if app else (None, None)


_done, _receipt = done_and_receipt(_done_submission, "applications/public_done.html", "apply:new")
done, receipt = never_cache(require_safe(_done)), never_cache(require_safe(_receipt))


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    form = StatusForm(request.POST or None)
    app, code = None, 200
    if request.method == "POST":
        app, code = ratelimit.lookup(request, form, services.public_status, NOT_FOUND)
        if app is not None:
            request.session.cycle_key()
            request.session[STATUS_SESSION_KEY] = app.number
    return render(request, "applications/public_status.html",
                  {"form": form, "app": app, "outcome": letters.public_outcome(app) if app else None},
                  status=code)


@never_cache
@require_safe
def status_letter(request, slug):
    """An issued letter of the application whose query code this session gave; the first download
    is its 网上送达."""
    number = request.session.get(STATUS_SESSION_KEY)
    app = selectors.by_number(number)
    if app is None:
        return redirect("apply:status")
    try:
        letter = letters.find(app, slug)
    except letters.LetterUnavailable:
        raise Http404("没有该文书") from None
    if not letters.issued_number(app, letter):
        raise Http404("该文书尚未发出")
    deliveries.record_online_receipt(app, letter_slug=slug, today=timezone.localdate())
    return named(HttpResponse(letters.pdf_bytes(app, letter), content_type="application/pdf"),
                 f"{letter.title}（{app.number}）", "pdf")
