"""Crawling one 信息公开 column of an office's old website for the import (站点导入).

Not a second crawler: every request is made by the watchdog's ``Crawler.fetch`` (gongkai/watch/
crawler.py) through the one outbound guard (``AsyncGuardedTransport``), with its politeness and
bounds (requests per second per host, timeout, retries with backoff, body size, redirects followed
by hand and checked again, charset from the HTTP header, ``<meta>``, BOM, then UTF-8/GB18030) and
its scope rule (``Crawler.in_scope``: the column's host, and the URL prefixes when given).

What is followed is narrower than a watch: from the start URL only the item links and the paging
of list pages (``gongkai.domain.site_import.listing``), one page at a time, in page order; never
the navigation. Hanweb's ``jpage`` lists are paged by GET requests to the site's own
``dataproxy.jsp`` (built from the parameters the list page's script passes; XML answers), in scope
like any other page: a paging URL outside the scope is reported, not fetched. Each detail page is read (``read_detail``) and yielded as soon as it is read;
a page that cannot be fetched or read is yielded as ``CrawlProblem``. ``since`` (a year) skips
older items and stops paging at the first list page whose items are all older (lists are newest
first). ``max_pages`` bounds the pages fetched (list and detail); reaching it is reported."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from gongkai.domain.outbound import Policy
from gongkai.domain.site_import.detail import read_detail
from gongkai.domain.site_import.listing import classify, file_items, is_jpage_request, list_links
from gongkai.domain.site_import.records import Attachment, DetailRecord
from gongkai.domain.watch.config import SiteConfig
from gongkai.domain.watch.page import FetchedPage
from gongkai.watch.crawler import Crawler
from gongkai.watch.outbound import AsyncGuardedTransport, configured_policy

__all__ = ["CrawlProblem", "crawl_column"]

T = TypeVar("T")
log = logging.getLogger("gongkai.siteimport")
UNREADABLE = "页面内容无法读取"
_ERRORS = {"timeout": "访问超时（15 秒内无响应）", "refused": "出站访问规则不允许访问该地址"}


@dataclass(frozen=True)
class CrawlProblem:
    """A page of the column that could not be fetched or read; ``message`` is Chinese, for the report."""

    url: str
    message: str


def _problem_of(page: FetchedPage) -> str | None:
    if page.status is None:
        reason = page.error or ""
        return "页面无法打开：" + _ERRORS.get(reason, "连接失败")
    if page.status >= 400:
        return f"页面无法打开（HTTP {page.status}）"
    if 300 <= page.status < 400:
        return "页面跳转过多或跳转到栏目范围之外"
    if not page.text:
        return "页面不是网页（没有可读取的 HTML）"
    return None


class _Loop:
    """An event loop of our own in one worker thread, so the generator works from sync code and
    from a thread that already runs a loop (as ``gongkai.watch.aio.run_coroutine`` allows)."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="siteimport-crawl")
        self.loop = asyncio.new_event_loop()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.pool.submit(self.loop.run_until_complete, coroutine).result()

    def close(self) -> None:
        try:
            self.pool.submit(self.loop.run_until_complete, self.loop.shutdown_default_executor()).result()
            self.pool.submit(self.loop.close).result()
        finally:
            self.pool.shutdown(wait=True)


def column_config(start_url: str, *, max_pages: int, scope_prefixes: list[str] | None = None,
                  requests_per_second: float | None = None, timeout: float | None = None) -> SiteConfig:
    """The watchdog's config for one column: its host, browser identity only, nothing off the site."""
    host = (urlsplit(start_url).hostname or "").lower()
    config = SiteConfig(start_urls=[start_url], scope_hosts={host} if host else set(),
                        scope_prefixes=list(scope_prefixes or []), max_pages=max_pages, external="skip",
                        profiles=(), concurrency=1)
    if requests_per_second is not None:
        config = replace(config, requests_per_second=requests_per_second)
    if timeout is not None:
        config = replace(config, timeout=timeout)
    return config


def crawl_column(start_url: str, *, since: int | None = None, max_pages: int = 2000,
                 policy: Policy | None = None, scope_prefixes: list[str] | None = None,
                 requests_per_second: float | None = None,
                 timeout: float | None = None) -> Iterator[DetailRecord | CrawlProblem]:
    """Yield every item of the column at ``start_url`` (a ``DetailRecord``), and a ``CrawlProblem``
    for each page that could not be fetched or read, in list order. ``policy``: the outbound guard's
    (default: the configured one; a watched site's ``site_policy`` for an internal site)."""
    config = column_config(start_url, max_pages=max_pages, scope_prefixes=scope_prefixes,
                           requests_per_second=requests_per_second, timeout=timeout)
    crawler = Crawler(config, policy=policy or configured_policy())
    if not crawler.may_contact(start_url) or not crawler.in_scope(start_url):
        yield CrawlProblem(start_url, "栏目地址无效：须以 http:// 或 https:// 开头")
        return
    runner = _Loop()
    client: httpx.AsyncClient | None = None
    try:
        async def open_client() -> httpx.AsyncClient:
            inner = httpx.AsyncHTTPTransport(trust_env=False)
            return httpx.AsyncClient(timeout=httpx.Timeout(config.timeout), follow_redirects=False,
                                     trust_env=False, transport=AsyncGuardedTransport(crawler.policy, inner))

        client = runner.run(open_client())
        yield from _walk(crawler, client, runner, start_url, since, max_pages)
    finally:
        if client is not None:
            runner.run(client.aclose())
        runner.close()


def _walk(crawler: Crawler, client: httpx.AsyncClient, runner: _Loop, start_url: str, since: int | None,
          max_pages: int) -> Iterator[DetailRecord | CrawlProblem]:
    lists: list[str] = [start_url]
    seen: set[str] = {start_url}
    fetched = 0
    position = 0

    def get(url: str) -> FetchedPage:
        nonlocal fetched
        fetched += 1
        # a jpage proxy answers XML (text/xml), which the watchdog's page fetch does not read: read it
        # as an asset (any type, the smaller size bound), then as a list like any other
        read_body = "asset" if is_jpage_request(url) else "html"
        page, _loop = runner.run(crawler.fetch(client, url, read_body=read_body))
        return page

    while position < len(lists):
        list_url = lists[position]
        position += 1
        if fetched >= max_pages:
            yield CrawlProblem(list_url, f"已达到最多读取 {max_pages} 个页面的限制，其余页面未读取")
            return
        page = get(list_url)
        problem = _problem_of(page)
        if problem:
            yield CrawlProblem(list_url, problem)
            continue
        final = page.final_url or list_url
        if not crawler.in_scope(final):
            yield CrawlProblem(list_url, "页面跳转到了栏目范围之外，未读取")
            continue
        try:
            kind = classify(page.text, final)
            record = read_detail(page.text, final) if kind == "detail" else None
            details, more = list_links(page.text, final) if kind != "detail" else ([], [])
            files = file_items(page.text, final) if kind != "detail" else []
        except Exception:                     # a reader bug must not end the whole import
            log.exception("site import: reading %s failed", final)
            yield CrawlProblem(list_url, UNREADABLE)
            continue
        if record is not None:
            if since is None or record.published_on is None or record.published_on.year >= since:
                yield record
            continue
        if kind == "other" and files:
            kind = "list"                     # a list whose items are all files
        if kind == "other" or (not details and not files and position == 1):
            yield CrawlProblem(list_url, "未能识别为栏目列表页（找不到信息链接）")
            continue
        for nxt in more:
            if nxt in seen:
                continue
            seen.add(nxt)
            if crawler.in_scope(nxt):
                lists.append(nxt)
            else:
                yield CrawlProblem(nxt, "翻页地址不在栏目范围之内，未读取")
        dated = recent = 0
        for url in details:
            if url in seen or not crawler.in_scope(url):
                continue
            seen.add(url)
            if fetched >= max_pages:
                yield CrawlProblem(url, f"已达到最多读取 {max_pages} 个页面的限制，其余页面未读取")
                return
            detail = get(url)
            problem = _problem_of(detail)
            if problem:
                yield CrawlProblem(url, problem)
                continue
            final_detail = detail.final_url or url
            if not crawler.in_scope(final_detail):
                yield CrawlProblem(url, "页面跳转到了栏目范围之外，未读取")
                continue
            try:
                record = read_detail(detail.text, final_detail)
            except Exception:
                log.exception("site import: reading %s failed", final_detail)
                yield CrawlProblem(url, UNREADABLE)
                continue
            if record.published_on is not None:
                dated += 1
                if since is not None and record.published_on.year < since:
                    continue
                recent += 1
            yield record
        for attachment, day in files:
            if attachment.url in seen:
                continue
            seen.add(attachment.url)
            if day is not None:
                dated += 1
                if since is not None and day.year < since:
                    continue
                recent += 1
            yield _file_record(attachment, day)
        if since is not None and dated and not recent:
            return                                   # this list page is all older: so are the next ones


def _file_record(attachment: Attachment, day: dt.date | None) -> DetailRecord:
    """A list row that links straight to a file: the file is the item; its metadata was never published."""
    problems = ["未找到索引号（列表中的条目直接链接到文件，没有详情页）"]
    if day is None:
        problems.append("未找到发布日期")
    return DetailRecord(url=attachment.url, title=attachment.name, index_number="", doc_number="", publisher="",
                        written_on=None, published_on=day, topic="", genre="", validity="", body_html="",
                        attachments=(attachment,), problems=tuple(problems))
