"""The demo website (示范街道门户): ~15 government-style pages served by the platform itself at
/demo-site/, with a few injected problems for the watchdog to find (a hidden gambling link, a
broken internal link, a stale 动态要闻 column, an exposed ID number) and legitimate look-alikes
(an anti-gambling notice, a 福利彩票公益金 report, a live-streamed sports event).

Pages may contain ``%%DATE-N%%``, replaced when served by the date N days before today, so
the fresh columns stay fresh and the stale one stays stale whatever day the demo runs."""
from __future__ import annotations

import datetime as dt
import mimetypes
import re
from pathlib import Path

from csp.decorators import csp_update
from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone

from .models import Column, Site

ROOT = Path(__file__).resolve().parent / "demo_site"
_DATE = re.compile(rb"%%DATE-(\d{1,4})%%")


def root() -> Path:
    """The demo site's directory (a setting, so that a test can serve a corrected copy)."""
    return Path(getattr(settings, "WATCH_DEMO_SITE_ROOT", None) or ROOT)


def base_url() -> str:
    return settings.GONGKAI_DEMO_SITE_URL


@csp_update({"style-src": ["'unsafe-inline'"]})  # the imitation site's pages keep their own <style>, as real ones do
def serve(request, path: str = ""):
    base = root().resolve()
    target = (base / path).resolve()
    if not target.is_relative_to(base):
        raise Http404
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        raise Http404
    data = target.read_bytes()
    ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if ctype == "text/html":
        today = timezone.localdate()
        data = _DATE.sub(lambda m: (today - dt.timedelta(days=int(m.group(1)))).isoformat().encode(), data)
    return HttpResponse(data, content_type=ctype)  # no charset: each page declares its own (one is GBK)


urlpatterns = [
    path("", serve, name="demo_site"),
    path("<path:path>", serve, name="demo_site_page"),
]

COLUMNS = [
    ("动态要闻", "news/", "news"),
    ("通知公告", "notice/", "notice"),
    ("政策文件", "policy/", "policy"),
    ("机构概况", "about.html", "static"),
]


def register_demo_site(unit, url: str | None = None):
    """Register the demo site as ``unit``'s watched website (once)."""
    url = url or base_url()
    site, created = Site.objects.get_or_create(
        unit=unit, homepage=url,
        defaults={"name": "示范街道门户网站（演示）", "start_urls": url, "external": "skip", "max_pages": 100,
                  "max_depth": 4, "concurrency": 4, "requests_per_second": 20.0,
                  "allowed_domains": "www.gov.cn\nwww.12345.gov.cn",
                  "wording_rules": "中华人民共合国=中华人民共和国\n攻府=政府",
                  # served by this platform on 127.0.0.1: the demo registers it internal, as the
                  # 系统管理员 would (the outbound guard refuses loopback otherwise)
                  "internal": True})
    if created:
        for name, rel, klass in COLUMNS:
            Column.objects.create(site=site, name=name, url=url + rel, klass=klass)
    return site


def rehome_demo_sites(url: str) -> list:
    """Point the registered demo site(s) at ``url`` — the address this demo really serves on — so a
    demo started on another port than last time (or than 8000) checks its own demo site."""
    moved = []
    for site in Site.objects.filter(homepage__endswith="/demo-site/").exclude(homepage=url):
        old = site.homepage
        site.homepage, site.start_urls = url, url
        site.save(update_fields=["homepage", "start_urls"])
        for column in Column.objects.filter(site=site, url__startswith=old):
            column.url = url + column.url[len(old):]
            column.save(update_fields=["url"])
        moved.append(site)
    return moved


def never_checked_demo_sites() -> list:
    return list(Site.objects.filter(homepage__endswith="/demo-site/", runs__isnull=True))
