"""Screenshots for alerts: the page opened in headless Debian chromium with the fetch profile's
User-Agent, the offending element outlined in red and scrolled into view."""
from __future__ import annotations

import shutil
import threading

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


def _capture(url: str, profile: str, selector: str | None, timeout_ms: int) -> bytes:
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if shutil.which(CHROMIUM) else shutil.which("chromium")
    if not executable:
        raise ScreenshotError("服务器未安装 chromium 浏览器")
    ua, headers = _headers(profile)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            context = browser.new_context(user_agent=ua, extra_http_headers=headers or None,
                                          viewport={"width": 1280, "height": 900}, locale="zh-CN")
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


def capture(url: str, profile: str = "browser", selector: str | None = None, timeout_ms: int = 15000) -> bytes:
    """PNG bytes of ``url`` as seen by ``profile``, ``selector`` outlined. Raises ScreenshotError.

    Runs in its own thread, since Playwright's sync API refuses to start inside a thread that
    already runs an event loop (a Huey worker, or a test driving a browser)."""
    box: dict = {}

    def target():
        try:
            box["png"] = _capture(url, profile, selector, timeout_ms)
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
