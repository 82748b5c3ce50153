"""Public pages (no login): ask, the receipt with the query code, the look-up, published Q&A and the FAQ.
Reading pages carry no script (base.html's scripts block stays empty); only the form loads the counter."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.applications.handling import codes
from gongkai.applications.intake import ratelimit

from . import queries, services
from .forms import AskForm, LookupForm

DONE_SESSION_KEY = "consult_done_token"
NOT_FOUND = "未找到与该留言编号和查询码相符的留言，请核对后重试"


def _render_form(request, form, status=200):
    form.new_question()
    return render(request, "consult/public_ask.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request):
    if request.method == "GET":
        initial = {"submission_key": codes.new_token(), "unit": request.GET.get("unit") or None}
        return _render_form(request, AskForm(request=request, initial=initial))
    token = request.POST.get("submission_key", "")
    if services.find_submission(token):
        request.session[DONE_SESSION_KEY] = token
        return redirect("consult_public:done")
    form = AskForm(request.POST, request=request)
    if ratelimit.exceeded(request, "submit"):
        form.add_error(None, "本网络地址提交过多，请一小时后再试")
        return _render_form(request, form, status=429)
    if form.is_valid():
        d = form.cleaned_data
        try:
            result = services.ask(unit=d["unit"], subject=d["subject"], body=d["body"], contact=d["contact"],
                                  name=d["name"], category=d["category"], wants_public=d["wants_public"], token=token)
        except services.ConsultError as exc:
            form.add_error(None, str(exc))
        else:
            if result.created:
                ratelimit.hit(request, "submit")
            request.session[DONE_SESSION_KEY] = token
            return redirect("consult_public:done")
    return _render_form(request, form, status=400)


@never_cache
@require_safe
def done(request):
    token = request.session.get(DONE_SESSION_KEY, "")
    message = services.find_submission(token)
    if message is None:
        return redirect("consult_public:ask")
    return render(request, "consult/public_done.html", {"message": message, "query_code": codes.query_code(token)})


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    form = LookupForm(request.POST or None)
    message, status = None, 200
    if request.method == "POST":
        message, status = ratelimit.lookup(request, form, services.public_lookup, NOT_FOUND)
    return render(request, "consult/public_lookup.html", {"form": form, "message": message}, status=status)


@require_safe
def published_list(request):
    q = (request.GET.get("q") or "").strip()[:50]
    page = Paginator(queries.published(q=q), 20).get_page(request.GET.get("page"))
    return render(request, "consult/public_list.html", {"page": page, "q": q, "stats": queries.public_stats()})


@require_safe
def published_detail(request, pk: int):
    message = get_object_or_404(queries.published(), pk=pk)
    return render(request, "consult/public_detail.html", {"m": message})


@require_safe
def faq(request):
    q = (request.GET.get("q") or "").strip()[:50]
    entries = queries.faq(q=q)[:50]
    return render(request, "consult/public_faq.html", {"entries": entries, "q": q})
