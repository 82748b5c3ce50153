"""Registering the websites a unit watches (登记守护网站) and changing them: unit admins of that unit
only, audited; a changed address drops the 系统管理员's permission to reach internal addresses."""
from __future__ import annotations

from django.db import transaction

from gongkai.units.audit import record

from .models import Column, Site
from .outbound import site_entries
from .permissions import check_edit_site, check_register_site

__all__ = ["SITE_FIELDS", "register_site", "update_site"]

SITE_FIELDS = ("name", "homepage", "start_urls", "scope_hosts", "scope_prefixes", "allowed_domains", "max_pages",
               "max_depth", "concurrency", "requests_per_second", "external", "wording_rules", "is_active",
               "identities", "identity_mode", "identity_sample")


def _save_columns(site: Site, columns) -> None:
    if columns is None:
        return
    site.columns.all().delete()
    for col in columns:
        Column.objects.create(site=site, name=col["name"], url=col["url"], klass=col.get("klass") or "notice",
                              max_age_days=col.get("max_age_days"))


def register_site(user, unit, data: dict, columns: list[dict] | None = None) -> Site:
    """Register a website of ``unit`` (unit admins of that unit only)."""
    check_register_site(user, unit)
    with transaction.atomic():
        site = Site.objects.create(unit=unit, **{k: v for k, v in data.items() if k in SITE_FIELDS})
        _save_columns(site, columns)
        record("watch.site.create", site, user=user, unit=unit, detail={"homepage": site.homepage})
    return site


def update_site(user, site: Site, data: dict, columns: list[dict] | None = None) -> Site:
    with transaction.atomic():
        site = Site.objects.select_for_update().select_related("unit").get(pk=site.pk)
        check_edit_site(user, site)
        before = site_entries(site)
        changed = [k for k, v in data.items() if k in SITE_FIELDS and getattr(site, k) != v]
        for k in changed:
            setattr(site, k, data[k])
        site.save()
        _save_columns(site, columns)
        if site.internal and site_entries(site) != before:
            # the 系统管理员 allowed internal addresses for the old hosts, not for these
            site.internal = False
            site.save(update_fields=["internal"])
            changed.append("internal")
        record("watch.site.update", site, user=user, unit=site.unit, detail={"fields": changed})
    return site
