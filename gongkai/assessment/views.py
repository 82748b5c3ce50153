"""Workbench pages of the assessment (考核): thin views over assessment.services and .scoring, scoped.

A supervisor sees the schemes of its unit (and of the units below), their ranking, trend and every
unit's scorecard, and is the only one who edits them; the staff of an assessed unit see their own
unit's scorecard, read-only. Anything else answers 404.
"""
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.units.downloads import named
from gongkai.units.models import Unit
from gongkai.units.web import staff_required

from . import outputs, permissions, scoring, selectors, services
from .forms import AdjustmentForm, NewSchemeForm, SchemeForm
from .models import Scheme


def _scheme(request, pk) -> Scheme:
    return get_object_or_404(selectors.visible_schemes(request.user), pk=pk)


def _supervised_scheme(request, pk) -> Scheme:
    scheme = _scheme(request, pk)
    if not permissions.allows(permissions.check_supervise, request.user, scheme):
        raise Http404
    return scheme


def _assessed_unit(request, scheme, unit_pk) -> Unit:
    """A unit under ``scheme`` the user may see the scorecard of: any for its supervisor, its own otherwise."""
    unit = next((u for u in scoring.assessed_units(scheme.unit) if u.pk == unit_pk), None)
    if unit is None:
        raise Http404
    if not permissions.allows(permissions.check_see_scorecard, request.user, scheme, unit):
        raise Http404
    return unit


@staff_required
def index(request):
    user = request.user
    schemes = selectors.schemes_newest_first(user)
    allowed = permissions.index_actions(user, schemes)
    supervising = [s for s in schemes if s.pk in allowed.supervise]
    own = [s for s in schemes if s not in supervising and user.unit_id and
           any(u.pk == user.unit_id for u in scoring.assessed_units(s.unit))]
    form = NewSchemeForm(initial={"year": timezone.localdate().year})
    return render(request, "assessment/index.html", {
        "supervising": supervising, "own": own, "form": form, "allowed": allowed})


@staff_required
@require_POST
def scheme_new(request):
    form = NewSchemeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[f].label}：{e}" if f in form.fields else e
                                          for f, errs in form.errors.items() for e in errs))
        return redirect("assessment:index")
    if request.user.unit is None:
        raise Http404
    try:
        scheme = services.create_scheme(request.user, request.user.unit, year=form.cleaned_data["year"],
                                        name=form.cleaned_data["name"])
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect("assessment:index")
    messages.success(request, "已按默认指标建立考核方案，可调整分值和计分线")
    return redirect("assessment:scheme_edit", pk=scheme.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request, pk):
    scheme = _supervised_scheme(request, pk)
    if not permissions.allowed_actions(request.user, scheme).edit:
        raise Http404
    form = SchemeForm(request.POST or None, indicators=scheme.indicators, initial={"name": scheme.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_scheme(request.user, scheme, name=form.cleaned_data["name"], indicators=form.indicators())
        except services.AssessmentError as exc:
            for message in str(exc).split("；"):
                form.add_error(None, message)
        else:
            messages.success(request, "考核方案已保存")
            return redirect("assessment:ranking", pk=scheme.pk)
    return render(request, "assessment/scheme_form.html", {"scheme": scheme, "form": form},
                  status=400 if form.errors else 200)


@staff_required
def ranking(request, pk):
    scheme = _supervised_scheme(request, pk)
    cards = scoring.ranking(scheme)
    return render(request, "assessment/ranking.html", {
        "scheme": scheme, "cards": cards, "allowed": permissions.allowed_actions(request.user, scheme)})


@staff_required
def ranking_xlsx(request, pk):
    scheme = _supervised_scheme(request, pk)
    data = outputs.ranking_xlsx(scheme, scoring.ranking(scheme))
    services.record_export(request.user, scheme, fmt="xlsx")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return named(response, f"{scheme.name}排名", "xlsx")


@staff_required
def trend(request):
    user = request.user
    if not permissions.allows(permissions.check_see_trend, user):
        raise Http404
    schemes = selectors.own_unit_schemes(user)
    data = scoring.trend(schemes)
    rows = [(unit, totals, color) for (unit, totals), color in
            zip(data["units"], outputs.series_colors(len(data["units"])))]
    return render(request, "assessment/trend.html", {
        "years": data["years"], "rows": rows, "chart": outputs.trend_svg(data["years"], data["units"])})


def _card(request, pk, unit_pk):
    scheme = _scheme(request, pk)
    unit = _assessed_unit(request, scheme, unit_pk)
    card = scoring.scorecard(scheme, unit)
    # the rank among the scheme's units, so the clerk sees the same number as the supervisor
    for other in scoring.ranking(scheme):
        if other.unit.pk == unit.pk:
            card.rank = other.rank
    return scheme, card


@staff_required
def scorecard(request, pk, unit_pk):
    scheme, card = _card(request, pk, unit_pk)
    allowed = permissions.allowed_actions(request.user, scheme)
    return render(request, "assessment/scorecard.html", {
        "scheme": scheme, "card": card, "allowed": allowed, "form": AdjustmentForm() if allowed.adjust else None})


@staff_required
def scorecard_pdf(request, pk, unit_pk):
    scheme, card = _card(request, pk, unit_pk)
    response = HttpResponse(outputs.scorecard_pdf(scheme, card, timezone.localdate()), content_type="application/pdf")
    return named(response, f"{card.unit.name}{scheme.year}年政务公开考核评分表", "pdf", inline=True)


@staff_required
@require_POST
def adjust(request, pk, unit_pk):
    scheme = _supervised_scheme(request, pk)
    unit = _assessed_unit(request, scheme, unit_pk)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.adjust(request.user, scheme, unit=unit, points=form.cleaned_data["points"],
                            reason=form.cleaned_data["reason"])
        except services.AssessmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "加减分已登记")
            return redirect("assessment:scorecard", pk=scheme.pk, unit_pk=unit.pk)
    card = scoring.scorecard(scheme, unit)
    return render(request, "assessment/scorecard.html", {
        "scheme": scheme, "card": card, "allowed": permissions.allowed_actions(request.user, scheme),
        "form": form}, status=400)
