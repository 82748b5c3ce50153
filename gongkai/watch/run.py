"""One watch of one site (no Django): crawl it once and run every check on each page as it arrives.

Checks per page: integrity (spam, hidden links, redirects, cloaking, hijack, obfuscated scripts;
all fetch profiles), wording, privacy (pages and attachments), tamper (pages gongkai published,
against the approved text), freshness (the homepage and each column's listing page); the homepage
fetch is also an availability probe. After the crawl: broken links and redirect loops from the
link targets that answered badly. Findings are de-duplicated by ``Finding.key()`` (the most severe
copy kept). Page texts are dropped as soon as their checks ran."""
from __future__ import annotations

import datetime as dt
import multiprocessing
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from gongkai.domain import clock
from gongkai.domain.watch import assets as asset_rules
from gongkai.domain.watch import availability, freshness, integrity, links, privacy, spam, tamper, wording
from gongkai.domain.watch.assets import Asset
from gongkai.domain.watch.config import SiteConfig
from gongkai.domain.watch.findings import HIGH, LOW, MEDIUM, Finding
from gongkai.domain.watch.page import FetchedPage, ParsedPage, host_of, parse_html, same_site

from .aio import run_coroutine
from .crawler import Crawler

__all__ = ["WatchResult", "arun_watch", "run_watch"]

_RANK = {HIGH: 0, MEDIUM: 1, LOW: 2}


@dataclass
class WatchResult:
    site: str
    pages_crawled: int
    started: dt.datetime
    finished: dt.datetime
    findings: list[Finding] = field(default_factory=list)
    requests: int = 0
    external_checked: int = 0
    checked_urls: set[str] | None = None       # pages this run fetched (verifies fixes); None: all
    outbound_domains: dict[str, str] = field(default_factory=dict)   # foreign host → first page linking to it
    assets: dict[str, Asset] = field(default_factory=dict)           # same-site scripts/stylesheets fetched
    third_party_scripts: dict[str, str] = field(default_factory=dict)  # off-site script → first page (not fetched)
    identity_requests: int = 0
    identity_reasons: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The ``gongkai watch --json`` document."""
        return {"site": self.site, "pages_crawled": self.pages_crawled,
                "started": self.started.isoformat(), "finished": self.finished.isoformat(),
                "findings": [f.as_json() for f in self.findings],
                "assets": [{"url": a.url, "kind": a.kind, "status": a.status, "sha256": a.sha256, "size": a.size,
                            "pages": a.pages} for a in self.assets.values()],
                "third_party_scripts": sorted(self.third_party_scripts),
                "identity_requests": self.identity_requests, "identity_pages": self.identity_reasons}

    @property
    def has_high(self) -> bool:
        return any(f.severity == HIGH for f in self.findings)


MAX_PENDING = 64


def page_checks(pages: dict[str, FetchedPage], allowed: set[str], site_hosts: set[str], rules, approved: str | None,
                parsed: ParsedPage | None = None, linked_styles: list[tuple[str, str]] = ()) -> list[Finding]:
    """The content checks of one HTML page (integrity, wording, personal data, tamper); picklable
    arguments, so a worker process can run it (it parses the page again there)."""
    browser = pages["browser"]
    parsed = parsed or parse_html(browser.final_url or browser.url, browser.text)
    url = parsed.url
    found = integrity.check_page(pages, allowed, site_hosts, parsed={"browser": parsed},
                                 linked_styles=linked_styles or parsed.linked_styles)
    found += wording.check_text(url, parsed.text, rules)
    found += privacy.check_page(url, parsed.text)
    if approved:
        found += tamper.check_page(url, parsed.text, approved)
    return found


class _Collector:
    """Runs the per-page checks and keeps the findings (only the findings)."""

    def __init__(self, config: SiteConfig, site_hosts: set[str]):
        self.config = config
        self.site_hosts = site_hosts
        self.allowed = {h.lower() for h in config.allowed_domains}
        self.today = dt.date.fromisoformat(config.today) if config.today else clock.today()
        self.homepage = config.homepage or (config.start_urls[0] if config.start_urls else "")
        self.columns = {c.url: c for c in config.columns}
        self.columns_seen: set[str] = set()
        self.rules = list(wording.DEFAULT_RULES) + list(config.wording)
        self.findings: dict[tuple, Finding] = {}
        self.checked_urls: set[str] = set()
        self.outbound: dict[str, str] = {}
        self.pool = None
        self.pending: deque = deque()
        self.assets: dict[str, Asset] = {}
        self.asset_checks: dict[str, list[Finding]] = {}      # content hash → findings (checked once)

    def add(self, found) -> None:
        for f in found:
            old = self.findings.get(f.key())
            if old is None or _RANK[f.severity] < _RANK[old.severity]:
                self.findings[f.key()] = f

    def on_page(self, pages: dict[str, FetchedPage], parsed: ParsedPage | None) -> None:
        browser = pages["browser"]
        urls = {browser.url, browser.final_url or browser.url}
        self.checked_urls |= urls
        if self.homepage in urls:
            probe = availability.Probe(browser.fetched_at or dt.datetime.now(dt.UTC),
                                       browser.elapsed, browser.status, browser.error)
            self.add(availability.check_probe(self.homepage, probe,
                                              slow_after=min(availability.SLOW_AFTER, self.config.timeout)))
            if parsed is not None:
                self.add(freshness.check_homepage(parsed, self.today))
        for url in urls & self.columns.keys():
            self.columns_seen.add(url)
            self.add(freshness.check_column(self.columns[url], parsed, self.today))
        if parsed is None:
            if browser.redirects:          # an HTTP redirect off the site is an integrity question
                self.add(integrity.check_page(pages, self.allowed, self.site_hosts))
            return
        url = parsed.url
        for link in parsed.links:
            host = host_of(link.href)
            if host and host not in self.outbound and not same_site(link.href, self.site_hosts):
                self.outbound[host] = url
        approved = self.config.approved_texts.get(browser.url) or self.config.approved_texts.get(url)
        if self.pool is None:
            self.add(page_checks(pages, self.allowed, self.site_hosts, self.rules, approved, parsed))
            return
        # the content checks are CPU-bound: they run on the other cores while the crawl goes on
        self.pending.append(self.pool.submit(page_checks, pages, self.allowed, self.site_hosts, self.rules, approved,
                                             None, parsed.linked_styles))
        while len(self.pending) > MAX_PENDING:      # back-pressure keeps memory flat
            self.add(self.pending.popleft().result())

    def on_asset(self, asset: Asset) -> None:
        """A same-site script or stylesheet, once per run; its content checked once per hash."""
        self.assets[asset.url] = asset
        if not asset.text:
            return
        found = self.asset_checks.get(asset.sha256)
        if found is None:
            found = self.asset_checks[asset.sha256] = asset_rules.check_asset(asset, self.site_hosts, self.allowed)
            self.add(found)
            return
        for f in found:          # the same file under another URL
            self.add([Finding(asset.url, f.category, f.kind, f.severity, f.evidence, profile=f.profile,
                              extra=dict(f.extra))])

    def on_attachment(self, page: FetchedPage) -> None:
        self.add(privacy.check_attachment(page.final_url or page.url, page.body, page.referrer))

    def finish(self, targets: list[links.LinkTarget]) -> list[Finding]:
        while self.pending:
            self.add(self.pending.popleft().result())
        asset_rules.name_pages(list(self.findings.values()), self.assets)
        self.add(links.check_links(targets, self.site_hosts, homepages={self.homepage}))
        for url, column in self.columns.items():
            if url not in self.columns_seen:        # never answered as a page (e.g. out of scope)
                self.add(freshness.check_column(column, None, self.today))
        return sorted(self.findings.values(), key=lambda f: (_RANK[f.severity], f.category, f.url, f.kind))


async def arun_watch(config: SiteConfig, on_progress: Callable[[int, int], None] | None = None,
                     **crawler_options) -> WatchResult:
    started = dt.datetime.now(dt.UTC)
    crawler = Crawler(config, on_progress=on_progress, **crawler_options)
    collector = _Collector(config, crawler.site_hosts)
    crawler.on_page, crawler.on_attachment = collector.on_page, collector.on_attachment
    crawler.on_asset = collector.on_asset
    with _check_pool(config.check_workers) as collector.pool:
        result = await crawler.run()
        findings = collector.finish(result.targets)
    site = config.homepage or (config.start_urls[0] if config.start_urls else "")
    return WatchResult(site=site, pages_crawled=result.pages_crawled, started=started,
                       finished=dt.datetime.now(dt.UTC), findings=findings,
                       requests=result.requests, external_checked=result.external_checked,
                       checked_urls=collector.checked_urls, outbound_domains=collector.outbound,
                       assets=collector.assets, third_party_scripts=result.third_party_scripts,
                       identity_requests=result.identity_requests, identity_reasons=result.identity_reasons)


@contextmanager
def _check_pool(workers: int):
    """Worker processes for the page checks, forked so they start with the lexicon already built."""
    if workers <= 0:
        yield None
        return
    spam.prepare()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def run_watch(config: SiteConfig, on_progress: Callable[[int, int], None] | None = None,
              **crawler_options) -> WatchResult:
    """Crawl the site of ``config`` once and run every check; the result holds only findings."""
    return run_coroutine(arun_watch(config, on_progress, **crawler_options))

