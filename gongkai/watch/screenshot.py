"""Screenshots for alerts: the page opened in headless Debian chromium with the fetch profile's
User-Agent, the offending element outlined in red and scrolled into view.

Chromium fetches nothing itself: its resolver maps every name to nothing (``--host-resolver-rules``)
and every request it makes — the page and each sub-resource — is routed through the outbound
guard (``gongkai.watch.outbound.fetch``: checked, pinned, redirects re-checked) and fulfilled with
the answer; a refused one is aborted. The page URL is checked before chromium starts."""
from __future__ import annotations

import shutil
import threading

from gongkai.domain.outbound import Refused, check_url

from .outbound import FetchFailed, configured_policy, fetch, resolve

CHROMIUM = "/usr/bin/chromium"
OUTLINE_CSS = "outline: 4px solid red !important; outline-offset: 2px !important;"


class ScreenshotError(Exception):
    """The screenshot could not be taken; the message says why (in Chinese)."""


BROWSER_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/124.0 Safari/537.36")
SPIDER_UA = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"


def _headers(profile: str) -> tuple[str, dict]:
    """User-Agent and extra headers of a fetch profile (the same as the crawler's)."""
    if profile == "spider":
        return SPIDER_UA, {}
    if profile == "search_referrer":
        return BROWSER_UA, {"Referer": "https://www.baidu.com/s?wd=%E6%94%BF%E5%BA%9C"}
    return BROWSER_UA, {}


FORWARDED_HEADERS = ("content-type", "cache-control", "last-modified", "content-language")


def _route(policy, timeout_ms: int):
    """A Playwright route handler that fetches through the guard, or aborts."""
    def handle(route):
        request = route.request
        if request.method not in ("GET", "HEAD"):
            return route.abort("blockedbyclient")
        try:
            answer = fetch(request.url, policy, method=request.method, timeout=timeout_ms / 1000,
                           max_bytes=10 * 1024 * 1024, headers={k: v for k, v in request.headers.items()
                                                                if k.lower() in ("user-agent", "referer", "accept")})
        except FetchFailed:
            return route.abort("blockedbyclient")
        headers = {k: v for k, v in answer.headers.items() if k.lower() in FORWARDED_HEADERS}
        route.fulfill(status=answer.status, headers=headers, body=answer.body)

    return handle


def _capture(url: str, profile: str, selector: str | None, timeout_ms: int, policy) -> bytes:
    # lazy for startup cost: Playwright is loaded only by the worker that takes a screenshot
    from playwright.sync_api import sync_playwright

    try:
        check_url(url, policy, resolve)
    except Refused:
        raise ScreenshotError("无法访问该网址") from None

    executable = CHROMIUM if shutil.which(CHROMIUM) else shutil.which("chromium")
    if not executable:
        raise ScreenshotError("服务器未安装 chromium 浏览器")
    ua, headers = _headers(profile)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                          "--host-resolver-rules=MAP * ~NOTFOUND"])
        try:
            context = browser.new_context(user_agent=ua, extra_http_headers=headers or None,
                                          viewport={"width": 1280, "height": 900}, locale="zh-CN")
            context.route("**/*", _route(policy, timeout_ms))
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            page.goto(url, wait_until="load")
            if selector:
                page.evaluate(
                    """([sel, css]) => { let el; try { el = document.querySelector(sel); } catch (e) { return; }
                       if (!el) return; el.style.cssText += ';' + css; el.scrollIntoView({block: 'center'}); }""",
                    [selector, OUTLINE_CSS])
            return page.screenshot(full_page=False, type="png")
        finally:
            browser.close()


def capture(url: str, profile: str = "browser", selector: str | None = None, timeout_ms: int = 15000,
            policy=None) -> bytes:
    """PNG bytes of ``url`` as seen by ``profile``, ``selector`` outlined. Raises ScreenshotError.

    Runs in its own thread, since Playwright's sync API refuses to start inside a thread that
    already runs an event loop (a Huey worker, or a test driving a browser)."""
    policy = policy or configured_policy()
    box: dict = {}

    def target():
        try:
            box["png"] = _capture(url, profile, selector, timeout_ms, policy)
        except Exception as exc:  # reported to the caller, never raised out of the thread
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(timeout_ms / 1000 * 3)
    if "png" in box:
        return box["png"]
    exc = box.get("error")
    if isinstance(exc, ScreenshotError):
        raise exc
    raise ScreenshotError(f"截图失败：{type(exc).__name__}: {exc}" if exc else "截图超时")
