"""What a check compares a site with: the text approved in gongkai for its pages (审核稿, the tamper
check's reference) and the same-site scripts and stylesheets as the last check saw them."""
from __future__ import annotations

from urllib.parse import urlsplit

from django.utils import timezone

from gongkai.catalog.models import Item, ItemStatus
from gongkai.domain.watch import assets as asset_rules
from gongkai.domain.watch.findings import Finding as FindingData

from .models import Site, SiteAsset

__all__ = ["APPROVED_TEXT_SOURCES", "ASSET_KEEP", "KNOWN_VERSIONS", "approved_texts", "asset_changes", "origin"]

# siteimport: other sources of approved text (URL → text) for a site, e.g. pages imported from it
APPROVED_TEXT_SOURCES: list = []
ASSET_KEEP = 1024 * 1024       # characters of a script or stylesheet kept for the next check's diff
KNOWN_VERSIONS = 10


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def approved_texts(site: Site) -> dict[str, str]:
    """Text approved in gongkai for the pages of ``site`` that show catalog items.

    Items carry no URL of where they appear on an outside site, so only the portal's own
    ``/items/<pk>/`` pages on the site's host are matched (a site that *is* this platform's portal)."""
    origins = {origin(u) for u in site.start_url_list() + [site.homepage]}
    texts = {}
    items = Item.objects.filter(unit=site.unit, status=ItemStatus.PUBLISHED).only("pk", "body_text")
    for item in items.iterator():
        if item.body_text.strip():
            for o in origins:
                texts[f"{o}/items/{item.pk}/"] = item.body_text
    for source in APPROVED_TEXT_SOURCES:  # siteimport: the imported pages of the old site
        texts.update(source(site))
    return texts


def asset_changes(site: Site, current: dict) -> list[FindingData]:
    """Same-site scripts and stylesheets that changed since the last check (findings), and the stored
    copies brought up to date. A file seen for the first time is the baseline."""
    now = timezone.now()
    stored = {a.url: a for a in SiteAsset.objects.filter(site=site, url__in=list(current))}
    previous = {u: {"sha256": a.sha256, "text": a.content, "known": a.known} for u, a in stored.items()}
    found = asset_rules.changes(previous, current)
    for url, asset in current.items():
        if not asset.sha256 or asset.status != 200:
            continue
        row = stored.get(url)
        if row is None:
            SiteAsset.objects.create(site=site, url=url[:1000], kind=asset.kind, sha256=asset.sha256, size=asset.size,
                                     content=asset.text[:ASSET_KEEP], first_seen=now, last_seen=now)
            continue
        row.last_seen = now
        if row.sha256 != asset.sha256:
            row.known = ([row.sha256] + [h for h in row.known if h != row.sha256])[:KNOWN_VERSIONS]
            row.sha256, row.size, row.content, row.changed_at = asset.sha256, asset.size, asset.text[:ASSET_KEEP], now
        row.save()
    return found
