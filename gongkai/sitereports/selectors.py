"""Reads of the website-report (政府网站工作年度报表) workbench: the reports, sites and 备案 records a
user may see (scoped by ``gongkai.units.scoping``). The portal's reads are ``public.py``."""
from __future__ import annotations

from django.db.models import QuerySet

from gongkai.units.models import User
from gongkai.units.scoping import scope, visible_units
from gongkai.watch.models import Site

from .models import SiteRegistration, WebsiteReport

__all__ = ["coded_registrations", "reports_by_site", "visible_reports", "visible_sites"]


def visible_reports(user: User) -> QuerySet[WebsiteReport]:
    """The reports of the units ``user`` may see, site, unit, submitter and signer joined."""
    return scope(WebsiteReport.objects.select_related("site", "unit", "submitted_by", "signed_by"), user)


def reports_by_site(user: User) -> dict[int, list[WebsiteReport]]:
    """The reports ``user`` may see by site id, each site's newest year first."""
    reports: dict[int, list[WebsiteReport]] = {}
    for report in visible_reports(user).order_by("-year"):
        reports.setdefault(report.site_id, []).append(report)
    return reports


def visible_sites(user: User) -> QuerySet[Site]:
    """The watched sites of the units ``user`` may see, unit joined, by unit then name."""
    return scope(Site.objects.select_related("unit"), user).order_by("unit__path", "name")


def coded_registrations(user: User) -> QuerySet[SiteRegistration]:
    """The 备案 records with a site code of the sites of the units ``user`` may see, by site code."""
    return (SiteRegistration.objects.filter(site__unit__in=visible_units(user)).exclude(site_code="")
            .order_by("site_code"))
