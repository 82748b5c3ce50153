"""The staff landing page (工作台): one per role, thin over ``selectors``."""
from django.shortcuts import render
from django.utils import timezone

from gongkai.units.web import staff_required

from . import selectors


@staff_required
def home(request):
    sections = selectors.sections_for(request.user, timezone.localdate())
    return render(request, "workbench/home.html", {
        "sections": sections, "to_do": sum(s.total for s in sections if s.key != "calendar")})
