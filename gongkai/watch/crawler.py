"""The watchdog's one crawler (no Django): async httpx, polite and bounded, feeding every check.

- Bounded: ``max_pages`` in-scope pages, ``max_depth`` links from a start URL, ``concurrency``
  requests at once, ``requests_per_second`` per host (token bucket), ``timeout`` per request
  including the body (the 15 s rule), ``max_bytes`` per body (the rest is not read; ``truncated``).
- Retries connection errors and 5xx ``retries`` times with exponential backoff (timeouts are not
  retried: a 15 s answer is already a failed probe).
- Redirects are followed by hand and recorded; a chain that revisits a URL or exceeds
  ``MAX_REDIRECTS`` is a loop. A redirect to another host is not followed with ``external="skip"``.
- Decoding: HTTP charset, then ``<meta charset>``/http-equiv, then BOM, then UTF-8, then GB18030
  (a superset of GBK/GB2312). Content type is sniffed when the server does not say.
- Each in-scope HTML page is fetched with every profile of the site config (browser, Baiduspider
  UA, Baidu referrer); only the browser fetch's links are followed.
- Links to pages in scope are crawled; other link targets (images, scripts, stylesheets, pages
  out of scope, attachments) are checked once each (HEAD, then GET when HEAD is refused);
  attachments are fetched into ``body`` when ``fetch_attachments``. With ``external="skip"``
  nothing on another host is ever contacted.
- Memory stays flat: pages go to the ``on_page`` / ``on_attachment`` callbacks and are dropped;
  the crawler keeps the set of seen URLs and, for targets that answered badly (or are not yet
  answered), the pages that link to them (capped).
"""
from __future__ import annotations

import asyncio
import codecs
import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from gongkai.domain.watch import identities, scripts as script_rules
from gongkai.domain.watch.assets import Asset, imports as css_imports, sha256, signals as asset_signals
from gongkai.domain.watch.cloaking import compare
from gongkai.domain.watch.config import SiteConfig
from gongkai.domain.watch.links import LinkTarget, is_bad
from gongkai.domain.outbound import Policy
from gongkai.domain.watch.page import FetchedPage, Link, ParsedPage, host_of, parse_html, same_site

from .aio import run_coroutine
from .outbound import AsyncGuardedTransport, OutboundRefused, configured_policy

__all__ = [
    "ATTACHMENT_EXTS",
    "MAX_REDIRECTS",
    "USER_AGENTS",
    "CrawlResult",
    "Crawler",
    "crawl",
    "decode_html",
    "sniff_type",
]

MAX_REDIRECTS = 10
MAX_REFERRERS = 10
BROWSER_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/124.0 Safari/537.36")
USER_AGENTS = {
    "browser": BROWSER_UA,
    "spider": "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "search_referrer": BROWSER_UA,
}
ATTACHMENT_EXTS = {"pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ppt", "pptx", "ofd"}
ATTACHMENT_TYPES = ("application/pdf", "application/msword", "application/vnd.ms-excel",
                    "application/vnd.openxmlformats", "application/vnd.ms-powerpoint",
                    "application/kswps", "application/wps", "application/ofd")
ASSET_EXTS = {"jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "ico", "css", "js", "mp4", "mp3",
              "flv", "swf", "zip", "rar", "7z", "txt", "xml", "json", "woff", "woff2", "ttf"}
PAGE_TAGS = {"a", "area", "iframe", "frame"}
RETRY_BACKOFF = 0.5

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CHINESE = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
            "cp936": "gb18030", "x-euc-cn": "gb18030", "euc-cn": "gb18030"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _CHINESE.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value
    return None


def decode_html(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, encoding): HTTP charset, then <meta>, then BOM, then UTF-8, then GB18030. A declared
    charset that does not decode the bytes is passed over (Chinese sites often declare UTF-8 and
    serve GBK or the other way round); the last resort decodes with replacement characters."""
    candidates: list[str] = []
    for name in (_charset_of(content_type),
                 (m.group(1).decode("ascii", "replace") if (m := _META_CHARSET.search(body[:4096])) else None)):
        codec = _codec(name)
        if codec and codec not in candidates:
            candidates.append(codec)
    for bom, codec in _BOMS:
        if body.startswith(bom) and codec not in candidates:
            candidates.append(codec)
    for codec in ("utf-8", "gb18030"):
        if codec not in candidates:
            candidates.append(codecs.lookup(codec).name)
    for codec in candidates:
        try:
            text = body.decode("utf-8-sig" if codec == "utf-8" else codec)
        except UnicodeDecodeError as exc:
            if exc.start < len(body) - 4:      # not just a character cut by the size limit
                continue
            text = body[: exc.start].decode("utf-8-sig" if codec == "utf-8" else codec, errors="replace")
        except LookupError:
            continue
        return text, codec
    return body.decode(candidates[0], errors="replace"), candidates[0]


def sniff_type(body: bytes, url: str = "") -> str:
    """A content type from the first bytes, for servers that send none or octet-stream."""
    head = body[:512]
    if head.startswith(b"%PDF"):
        return "application/pdf"
    ext = _ext(url)
    if head.startswith(b"PK\x03\x04"):
        if ext == "xlsx":
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if ext == "docx":
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "application/vnd.ms-excel" if ext in ("xls", "et") else "application/msword"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<!--", b"<div")):
        return "text/html"
    return "application/octet-stream"


def _ext(url: str) -> str:
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_attachment_type(content_type: str) -> bool:
    return content_type.startswith(ATTACHMENT_TYPES)


class TokenBucket:
    """Requests per second for one host: ``rate`` tokens a second, at most ``capacity`` saved."""

    def __init__(self, rate: float, capacity: float = 1.0):
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.updated = time.monotonic()
        self.lock = asyncio.Lock()

    async def take(self) -> None:
        async with self.lock:
            while True:
                now = time.monotonic()
                self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
                self.updated = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                await asyncio.sleep((1 - self.tokens) / self.rate)


@dataclass
class CrawlResult:
    pages_crawled: int = 0
    requests: int = 0
    external_checked: int = 0
    identity_requests: int = 0                                  # fetches under an identity other than the browser
    asset_requests: int = 0
    third_party_scripts: dict[str, str] = field(default_factory=dict)   # off-site script/stylesheet → first page
    identity_reasons: dict[str, str] = field(default_factory=dict)      # page → why it got every identity
    targets: list[LinkTarget] = field(default_factory=list)     # targets that answered badly


@dataclass
class _Job:
    url: str
    kind: str                 # "page", "check", "attachment"
    depth: int = 0
    referrer: str | None = None
    anchor: str = ""


PageCallback = Callable[[dict[str, FetchedPage], "ParsedPage | None"], None]
AttachmentCallback = Callable[[FetchedPage], None]
AssetCallback = Callable[[Asset], None]
MAX_IMPORT_DEPTH = 3


class Crawler:
    """One crawl of one site. ``await Crawler(config, on_page=...).run()`` → ``CrawlResult``.

    ``on_page(pages_by_profile, parsed)`` is called for every in-scope page fetched (``parsed`` is
    None when it is not HTML, did not answer or redirected out of scope); ``on_attachment(page)`` for every attachment
    fetched with its body; ``on_progress(done, queued)`` after each job."""

    def __init__(self, config: SiteConfig, *, on_page: PageCallback | None = None,
                 on_attachment: AttachmentCallback | None = None,
                 on_progress: Callable[[int, int], None] | None = None,
                 on_asset: AssetCallback | None = None,
                 transport: httpx.AsyncBaseTransport | None = None, backoff: float = RETRY_BACKOFF,
                 policy: Policy | None = None):
        self.config = config
        self.on_page = on_page
        self.on_attachment = on_attachment
        self.on_progress = on_progress
        self.on_asset = on_asset
        self.transport = transport
        self.policy = policy or configured_policy()
        self.backoff = backoff
        self.site_hosts = {h.lower() for h in config.scope_hosts} or {host_of(u) for u in config.start_urls}
        self.result = CrawlResult()
        self._seen: set[str] = set()
        self._pending: dict[str, LinkTarget] = {}     # scheduled, not answered yet: who links to it
        self._bad: dict[str, LinkTarget] = {}
        self._pages_admitted = 0
        self._buckets: dict[str, TokenBucket] = {}
        self._done = 0
        self._queue: asyncio.Queue[_Job] | None = None
        self._errors: list[Exception] = []
        self._assets: dict[str, asyncio.Task] = {}
        always = {u for u in [config.homepage, *config.start_urls, *(c.url for c in config.columns)] if u}
        self.planner = identities.Planner(
            config.identities, mode=config.identity_mode, sample=config.identity_sample,
            max_pages=config.max_pages, escalations=config.identity_escalations,
            day=config.today or dt.datetime.now(dt.UTC).date().isoformat(), always=always)

    # --- scope -------------------------------------------------------------------------------
    def in_scope(self, url: str) -> bool:
        if not same_site(url, self.site_hosts):
            return False
        prefixes = self.config.scope_prefixes
        return not prefixes or any(url.startswith(p) for p in prefixes)

    def may_contact(self, url: str) -> bool:
        if urlsplit(url).scheme not in ("http", "https"):
            return False
        return self.config.external != "skip" or same_site(url, self.site_hosts)

    # --- scheduling --------------------------------------------------------------------------
    def _edge(self, url: str, referrer: str | None, anchor: str) -> None:
        target = self._pending.get(url) or self._bad.get(url)
        if target is None or referrer is None:
            return
        target.referrer_count += 1
        if len(target.referrers) < MAX_REFERRERS:
            target.referrers.append((referrer, anchor))

    def _schedule(self, job: _Job) -> None:
        if job.url in self._seen:
            self._edge(job.url, job.referrer, job.anchor)
            return
        if job.kind == "page":
            if self._pages_admitted >= self.config.max_pages:
                return
            self._pages_admitted += 1
        self._seen.add(job.url)
        self._pending[job.url] = LinkTarget(job.url)
        self._edge(job.url, job.referrer, job.anchor)
        if self._queue is None:
            raise RuntimeError("crawler queue used before the crawl started")
        self._queue.put_nowait(job)

    def _resolve(self, url: str, page: FetchedPage, loop: bool) -> None:
        target = self._pending.pop(url, None)
        if target is None or not is_bad(page.status, loop):
            return
        target.status, target.error, target.redirects, target.loop = page.status, page.error, page.redirects, loop
        self._bad[url] = target

    def _classify(self, link: Link) -> str | None:
        """What to do with a link found on an in-scope page: page / attachment / check / None."""
        url = link.href
        if urlsplit(url).scheme not in ("http", "https"):
            return None
        if link.tag == "link":
            rel = dict(link.attrs).get("rel", "").lower()
            if "stylesheet" not in rel and "icon" not in rel:
                return None
        if self._is_code(link) and same_site(url, self.site_hosts):
            return "asset"
        if not self.may_contact(url):
            return None
        ext = _ext(url)
        if ext in ATTACHMENT_EXTS:
            return "attachment"
        if link.tag in PAGE_TAGS and ext not in ASSET_EXTS and self.in_scope(url):
            return "page"
        return "check"

    @staticmethod
    def _is_code(link: Link) -> bool:
        if link.tag == "script":
            return True
        return link.tag == "link" and "stylesheet" in dict(link.attrs).get("rel", "").lower()

    # --- HTTP --------------------------------------------------------------------------------
    async def _throttle(self, url: str) -> None:
        rate = self.config.requests_per_second
        if not rate or rate <= 0:
            return
        host = host_of(url)
        bucket = self._buckets.get(host)
        if bucket is None:
            bucket = self._buckets[host] = TokenBucket(rate)
        await bucket.take()

    def _headers(self, profile: str, referer_words: str = "") -> dict[str, str]:
        return identities.headers(profile, self.config.identities, referer_words)

    async def _once(self, client: httpx.AsyncClient, method: str, url: str, headers: dict,
                    read_body, spent: list[float]) -> tuple[httpx.Response, bytes, bool]:
        """One request, body streamed up to max_bytes, within the timeout; its duration (without
        the wait for the rate limit) is added to ``spent``."""
        await self._throttle(url)
        self.result.requests += 1
        started = time.monotonic()
        try:
            return await self._timed(client, method, url, headers, read_body)
        finally:
            spent[0] += time.monotonic() - started

    async def _timed(self, client: httpx.AsyncClient, method: str, url: str, headers: dict,
                     read_body) -> tuple[httpx.Response, bytes, bool]:
        async with asyncio.timeout(self.config.timeout):
            async with client.stream(method, url, headers=headers) as response:
                chunks: list[bytes] = []
                size = 0
                truncated = False
                limit = self.config.max_asset_bytes if read_body == "asset" else self.config.max_bytes
                if read_body and method != "HEAD":
                    ctype = response.headers.get("content-type", "").lower()
                    if read_body == "html" and ctype and "html" not in ctype and "octet-stream" not in ctype \
                            and "text/plain" not in ctype and not (self.config.fetch_attachments
                                                                   and _is_attachment_type(ctype)):
                        return response, b"", False
                    async for chunk in response.aiter_bytes():
                        chunks.append(chunk)
                        size += len(chunk)
                        if size > limit:
                            truncated = True
                            break
                body = b"".join(chunks)
                if truncated:
                    body = body[:limit]
                return response, body, truncated

    async def _request(self, client: httpx.AsyncClient, method: str, url: str, headers: dict,
                       read_body, spent: list[float]) -> tuple[httpx.Response | None, bytes, bool, str | None]:
        """With retries (connection errors, 5xx) and backoff; (response, body, truncated, error)."""
        attempts = max(0, self.config.retries) + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                response, body, truncated = await self._once(client, method, url, headers, read_body, spent)
            except (TimeoutError, httpx.TimeoutException):
                return None, b"", False, "timeout"
            except OutboundRefused:
                return None, b"", False, "refused"
            except httpx.TransportError as exc:
                if last:
                    return None, b"", False, type(exc).__name__ + (f": {exc}" if str(exc) else "")
            except Exception as exc:       # bad URLs (port 99999, IDNA …) and other failures: no response
                return None, b"", False, type(exc).__name__
            else:
                if response.status_code < 500 or last:
                    return response, body, truncated, None
            await asyncio.sleep(self.backoff * (2 ** attempt))
        return None, b"", False, "unreachable"   # pragma: no cover

    async def fetch(self, client: httpx.AsyncClient, url: str, *, profile: str = "browser",
                    method: str = "GET", read_body="html", referer_words: str = "") -> tuple[FetchedPage, bool]:
        """Fetch ``url`` following redirects by hand; (page, loop)."""
        page = FetchedPage(url=url, profile=profile, fetched_at=dt.datetime.now(dt.UTC))
        headers = self._headers(profile, referer_words)
        spent = [0.0]
        current = url
        visited = {url}
        loop = False
        while True:
            response, body, truncated, error = await self._request(client, method, current, headers, read_body,
                                                                   spent)
            if response is None:
                page.error = error
                break
            status = response.status_code
            location = response.headers.get("location")
            if 300 <= status < 400 and location and status != 304:
                nxt = urljoin(current, location.strip())
                page.redirects.append((status, nxt))
                if nxt in visited or len(page.redirects) > MAX_REDIRECTS:
                    page.status, page.final_url, loop = status, nxt, True
                    break
                visited.add(nxt)
                if not self.may_contact(nxt) or (profile != "browser" and not same_site(nxt, self.site_hosts)):
                    # not contacted; a crawler-only redirect off the site is evidence enough
                    page.status, page.final_url = status, nxt
                    break
                current = nxt
                continue
            page.status = status
            page.final_url = current
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if not ctype or ctype == "application/octet-stream":
                ctype = sniff_type(body, current) if body else ctype
            page.content_type = ctype
            page.truncated = truncated
            if body:
                if read_body == "asset":
                    page.body = body
                    page.text, page.encoding = decode_html(body, response.headers.get("content-type", ""))
                elif "html" in ctype or ctype.startswith("text/"):
                    page.text, page.encoding = decode_html(body, response.headers.get("content-type", ""))
                else:
                    page.body = body
            break
        page.final_url = page.final_url or current
        page.elapsed = spent[0]               # time on the wire, not waiting for the rate limit or a retry
        if page.error == "timeout":
            page.elapsed = max(page.elapsed, self.config.timeout)
        return page, loop

    async def check(self, client: httpx.AsyncClient, url: str) -> tuple[FetchedPage, bool]:
        """Status only: HEAD, then GET (headers only) when HEAD is refused or answers an error."""
        page, loop = await self.fetch(client, url, method="HEAD", read_body=False)
        if not loop and (page.status or 0) >= 400:
            page, loop = await self.fetch(client, url, method="GET", read_body=False)
        return page, loop

    # --- jobs --------------------------------------------------------------------------------
    async def _page(self, client: httpx.AsyncClient, job: _Job) -> None:
        page, loop = await self.fetch(client, job.url)
        page.referrer, page.anchor, page.depth = job.referrer, job.anchor, job.depth
        self._resolve(job.url, page, loop)
        final = page.final_url or job.url
        if final != job.url and self.in_scope(final):
            if final in self._seen:       # crawled (or queued) under its own URL
                return
            self._seen.add(final)
        if page.body and _is_attachment_type(page.content_type):
            if self.on_attachment:
                self.on_attachment(page)
            return
        if not self.in_scope(job.url) and not self.in_scope(final):
            return
        self.result.pages_crawled += 1
        parsed = None
        pages = {"browser": page}
        if page.ok and page.text and page.is_html and not loop and self.in_scope(final):
            parsed = parse_html(final, page.text)
            code = []
            for link in parsed.links:
                kind = self._classify(link)
                if kind == "asset":
                    code.append(link)
                elif kind and job.depth < self.config.max_depth:
                    self._schedule(_Job(link.href, kind, job.depth + 1, final, link.text[:80]))
                elif kind is None and self._is_code(link) and not same_site(link.href, self.site_hosts):
                    self.result.third_party_scripts.setdefault(link.href, final)
            assets = await self._page_assets(client, parsed, code, final)
            parsed.linked_styles = [(a.url, a.text) for a in assets if a.kind == "stylesheet" and a.text]
            await self._identities(client, job, parsed, pages, assets)
        if self.on_page:
            self.on_page(pages, parsed)

    # --- visitor identities ------------------------------------------------------------------
    async def _fetch_as(self, client, job: _Job, profiles, words: str, pages: dict) -> None:
        for profile in profiles:
            if profile in pages:
                continue
            other, _ = await self.fetch(client, job.url, profile=profile, referer_words=words)
            other.referrer, other.depth = job.referrer, job.depth
            pages[profile] = other
            self.result.identity_requests += 1

    async def _identities(self, client, job: _Job, parsed: ParsedPage, pages: dict, assets: list[Asset]) -> None:
        """Fetch the page as the identities the planner chooses; a sentinel that sees a material
        difference raises the page to every identity (within the run's escalation budget)."""
        words = parsed.title or host_of(parsed.url)
        if self.config.profiles is not None:          # a fixed set for every page
            await self._fetch_as(client, job, [p for p in self.config.profiles if p != "browser"], words, pages)
            return
        signals = [s for script in parsed.scripts for s in identities.script_signals(script)]
        signals += [f"页面内脚本含混淆代码（{'、'.join(t)}）" for script in parsed.scripts
                    if (t := script_rules.obfuscation(script))][:1]
        signals += [s for a in assets for s in a.signals]
        first = self.planner.first(job.url, signals)
        await self._fetch_as(client, job, first, words, pages)
        differing = [p for p in identities.SENTINELS if p in pages and self._differs(parsed, pages["browser"], pages[p])]
        more = self.planner.escalate(job.url, differing)
        if more:
            await self._fetch_as(client, job, more, words, pages)
        if job.url in self.planner.reasons:
            self.result.identity_reasons[job.url] = self.planner.reasons[job.url]

    def _differs(self, browser_view: ParsedPage, browser: FetchedPage, other: FetchedPage) -> bool:
        """A material difference (not a clock or counter): another final host or status, or what
        ``cloaking.compare`` counts (spam, spam title, new foreign links)."""
        if other.text == browser.text and other.final_url == browser.final_url:
            return False
        if host_of(other.final_url or other.url) != host_of(browser.final_url or browser.url):
            return True
        if (other.status or 0) // 100 != (browser.status or 0) // 100:
            return True
        if not other.text or not other.is_html:
            return False
        view = parse_html(other.final_url or other.url, other.text)
        known = self.site_hosts | {h.lower() for h in self.config.allowed_domains}
        return bool(compare(browser_view, view, lambda url: not same_site(url, known)))

    # --- same-site scripts and stylesheets ---------------------------------------------------
    async def _page_assets(self, client, parsed: ParsedPage, code: list[Link], page_url: str) -> list[Asset]:
        """The same-site scripts and stylesheets of a page (and the stylesheets they @import), each
        fetched once per run; returned in order, imports after their sheet."""
        urls = [(link.href, "script" if link.tag == "script" else "stylesheet") for link in code]
        for css in parsed.styles:
            urls += [(u, "stylesheet") for u in self._imports(css, page_url)]
        out: list[Asset] = []
        seen: set[str] = set()
        depth = 0
        while urls and depth <= MAX_IMPORT_DEPTH:
            nxt = []
            for url, kind in urls:
                if url in seen:
                    continue
                seen.add(url)
                asset = await self._asset(client, url, kind, page_url)
                if asset is None:
                    continue
                asset.referenced_by(page_url)
                out.append(asset)
                nxt += [(u, "stylesheet") for u in asset.imports]
            urls, depth = nxt, depth + 1
        return out

    def _imports(self, css: str, base: str) -> list[str]:
        found = []
        for raw in css_imports(css):
            try:
                url = urljoin(base, raw.strip())
            except ValueError:
                continue
            if same_site(url, self.site_hosts):
                found.append(url)
            elif urlsplit(url).scheme in ("http", "https"):
                self.result.third_party_scripts.setdefault(url, base)
        return found

    async def _asset(self, client, url: str, kind: str, referrer: str) -> Asset | None:
        task = self._assets.get(url)
        if task is None:
            if len(self._assets) >= self.config.max_assets or url in self._seen:
                self._edge(url, referrer, "")
                return None
            self._seen.add(url)
            self._pending[url] = LinkTarget(url)
            self._edge(url, referrer, "")
            task = self._assets[url] = asyncio.ensure_future(self._fetch_asset(client, url, kind))
        else:
            self._edge(url, referrer, "")
        return await asyncio.shield(task)

    async def _fetch_asset(self, client, url: str, kind: str) -> Asset:
        page, loop = await self.fetch(client, url, read_body="asset")
        self.result.asset_requests += 1
        self._resolve(url, page, loop)
        asset = Asset(url, kind, page.status, page.text if page.ok else "", sha256(page.body) if page.ok else "",
                      len(page.body), page.truncated, page.error)
        if kind == "stylesheet" and asset.text:
            asset.imports = self._imports(asset.text, page.final_url or url)
        asset.signals = asset_signals(asset, lambda u: same_site(u, self.site_hosts)) if asset.text else []
        if self.on_asset:
            self.on_asset(asset)
        return asset

    async def _check(self, client: httpx.AsyncClient, job: _Job) -> None:
        if not same_site(job.url, self.site_hosts):
            self.result.external_checked += 1
        page, loop = await self.check(client, job.url)
        self._resolve(job.url, page, loop)

    async def _attachment(self, client: httpx.AsyncClient, job: _Job) -> None:
        if not self.config.fetch_attachments:
            return await self._check(client, job)
        page, loop = await self.fetch(client, job.url, read_body=True)
        page.referrer, page.anchor, page.depth = job.referrer, job.anchor, job.depth
        self._resolve(job.url, page, loop)
        if page.ok and page.body and self.on_attachment:
            self.on_attachment(page)

    async def _worker(self, client: httpx.AsyncClient) -> None:
        if self._queue is None:
            raise RuntimeError("crawler queue used before the crawl started")
        handlers = {"page": self._page, "check": self._check, "attachment": self._attachment}
        while True:
            job = await self._queue.get()
            try:
                await handlers[job.kind](client, job)
            except Exception as exc:          # a check's bug must not hang the crawl: re-raised at the end
                self._errors.append(exc)
            finally:
                self._done += 1
                self._queue.task_done()
                if self.on_progress:
                    self.on_progress(self._done, self._queue.qsize())

    async def run(self) -> CrawlResult:
        self._queue = asyncio.Queue()
        seeds = ([self.config.homepage] if self.config.homepage else []) + list(self.config.start_urls) \
            + [c.url for c in self.config.columns]
        for url in seeds:
            if url and self.may_contact(url):
                self._schedule(_Job(url, "page" if self.in_scope(url) else "check"))
        limits = httpx.Limits(max_connections=max(1, self.config.concurrency),
                              max_keepalive_connections=max(1, self.config.concurrency))
        inner = self.transport or httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
        async with httpx.AsyncClient(timeout=httpx.Timeout(self.config.timeout), follow_redirects=False,
                                     trust_env=False, transport=AsyncGuardedTransport(self.policy, inner)) as client:
            workers = [asyncio.create_task(self._worker(client)) for _ in range(max(1, self.config.concurrency))]
            try:
                await self._queue.join()
            finally:
                for w in workers:
                    w.cancel()
                await asyncio.gather(*workers, return_exceptions=True)
        self.result.targets = list(self._bad.values())
        self._pending.clear()
        if self._errors:
            raise self._errors[0]
        return self.result


def crawl(config: SiteConfig, **kwargs) -> CrawlResult:
    """Synchronous wrapper: run a crawl to the end."""
    return run_coroutine(Crawler(config, **kwargs).run())
