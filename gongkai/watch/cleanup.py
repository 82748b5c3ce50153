"""一周一清理: what the weekly check reports besides findings — outbound domains off the allow-list
(as low findings), 废止 items still online and attachments of withdrawn items."""
from __future__ import annotations

from gongkai.catalog.models import Attachment, Item, ItemStatus, Validity
from gongkai.domain.watch.config import SiteConfig
from gongkai.domain.watch.findings import LOW, Finding as FindingData
from gongkai.domain.watch.page import host_of

from .baselines import approved_texts, origin
from .lifecycle import checked_urls
from .models import Site

__all__ = ["cleanup_report"]


def cleanup_report(site: Site, config: SiteConfig, result) -> tuple[dict, list[FindingData]]:
    """一周一清理: outbound domains off the allow-list, 废止 items still online, orphaned attachments."""
    site_hosts = config.scope_hosts or {host_of(u) for u in config.start_urls}
    allowed = {d.lower() for d in config.allowed_domains}
    domains = getattr(result, "outbound_domains", None) or {}
    if not isinstance(domains, dict):
        domains = dict.fromkeys(domains)
    findings = []
    for domain in sorted(domains):
        d = domain.lower()
        if d in site_hosts or any(d == a or d.endswith("." + a) for a in allowed):
            continue
        where = domains[domain]
        findings.append(FindingData(f"http://{d}/", "links", "outbound_domain", LOW,
                                    f"外部域名 {d} 不在允许链接名单中", referrer=where if isinstance(where, str) else None))
    checked = checked_urls(result) or set()
    texts = approved_texts(site)
    origins = {origin(u) for u in texts} or {origin(site.homepage)}
    repealed = []
    for item in Item.objects.filter(unit=site.unit, validity=Validity.REPEALED).only("pk", "title"):
        for o in origins:
            url = f"{o}/items/{item.pk}/"
            if url in checked:
                repealed.append({"url": url, "title": item.title})
    orphans = [{"name": a.name, "item": a.item.title}
               for a in Attachment.objects.filter(item__unit=site.unit, item__status=ItemStatus.WITHDRAWN)
               .select_related("item")[:200]]
    report = {"outbound_domains": [f.url for f in findings], "repealed_online": repealed,
              "orphaned_attachments": orphans}
    return report, findings
