"""The crawler against a small site on 127.0.0.1: bounds, politeness, redirects, decoding,
profiles, attachments, and external links checked once or never contacted."""
import time

import pytest

from gongkai.domain.watch.config import SiteConfig
from gongkai.watch.aio import run_coroutine
from gongkai.watch.crawler import Crawler, crawl, decode_html, sniff_type
from tests.watch.localsite import Route, Site, html, page, redirect

GBK_TITLE = "关于开展2026年度政府信息公开工作的通知"
PDF = b"%PDF-1.4\n" + b"x" * 2000


def site_routes(ext: str) -> dict:
    return {
        "/": page(html("示范县人民政府", f"""
            <a href="/a.html">政务动态</a>
            <a href="/gbk.html">通知公告</a>
            <a href="/missing.html">失效的链接</a>
            <a href="/loop1">循环跳转</a>
            <a href="{ext}/friend">友情链接</a>
            <a href="/files/report.pdf">年度报告附件</a>
            <img src="/logo.png">""")),
        "/a.html": page(html("政务动态", f"""<a href="/">首页</a><a href="/missing.html">又一个失效链接</a>
            <a href="{ext}/friend">友情链接</a><a href="/deeper.html">更多</a>""")),
        "/deeper.html": page(html("更多", "<p>正文</p>")),
        "/gbk.html": page(f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
                          f"<title>{GBK_TITLE}</title></head><body><p>各乡镇人民政府：现将有关事项通知如下。</p>"
                          f"</body></html>", charset="gbk", content_type="text/html"),
        "/loop1": redirect("/loop2"),
        "/loop2": redirect("/loop1"),
        "/files/report.pdf": Route(PDF, headers={"Content-Type": "application/pdf"}),
        "/logo.png": Route(b"\x89PNG....", headers={"Content-Type": "image/png"}),
    }


def config(base: str, **kw) -> SiteConfig:
    options = {"start_urls": [base + "/"], "concurrency": 4, "requests_per_second": 0, "timeout": 2.0,
               "retries": 1, "profiles": ("browser",)}
    options.update(kw)
    return SiteConfig(**options)


def run(cfg, **kw):
    pages, attachments = [], []
    result = crawl(cfg, on_page=lambda p, parsed: pages.append((p, parsed)),
                   on_attachment=attachments.append, backoff=0.01, **kw)
    return result, pages, attachments


def test_crawl_reports_pages_broken_links_loops_and_decodes_gbk():
    with Site({"/friend": page(html("友站", "ok"))}, host="localhost") as ext, Site(site_routes(ext.base)) as site:
        result, pages, _ = run(config(site.base))
    by_url = {p["browser"].url: (p["browser"], parsed) for p, parsed in pages}
    assert set(by_url) == {site.url(x) for x in ("/", "/a.html", "/deeper.html", "/gbk.html", "/missing.html",
                                                 "/loop1")}
    assert result.pages_crawled == 6
    gbk, parsed = by_url[site.url("/gbk.html")]
    assert gbk.encoding == "gb18030" and parsed.title == GBK_TITLE and "各乡镇人民政府" in parsed.text
    missing, parsed = by_url[site.url("/missing.html")]
    assert missing.status == 404 and parsed is None

    targets = {t.url: t for t in result.targets}
    assert set(targets) == {site.url("/missing.html"), site.url("/loop1")}
    broken = targets[site.url("/missing.html")]
    assert broken.status == 404 and broken.referrer_count == 2
    assert sorted(broken.referrers) == [(site.url("/"), "失效的链接"), (site.url("/a.html"), "又一个失效链接")]
    loop = targets[site.url("/loop1")]
    assert loop.loop and [loc for _, loc in loop.redirects] == [site.url("/loop2"), site.url("/loop1")]

    # each distinct external URL checked once, with HEAD; assets and attachments status-checked with HEAD
    assert ext.requests and [(m, p) for m, p, _ in ext.requests] == [("HEAD", "/friend")]
    assert result.external_checked == 1
    assert sorted(site.paths("HEAD")) == ["/files/report.pdf", "/logo.png"]
    assert site.hits["/"] == 1 and site.hits["/a.html"] == 1     # every page fetched once


def test_external_skip_never_contacts_another_host():
    with Site({"/friend": page(html("友站", "ok"))}, host="localhost") as ext:
        routes = site_routes(ext.base)
        routes["/go"] = redirect(ext.url("/friend"))           # an internal redirect to the other host
        routes["/"] = page(html("首页", f'<a href="{ext.base}/friend">友情链接</a><a href="/go">外链跳转</a>'
                                        f'<script src="{ext.base}/x.js"></script><img src="{ext.base}/i.png">'))
        with Site(routes) as site:
            result, pages, _ = run(config(site.base, external="skip"))
    assert ext.requests == []
    assert result.external_checked == 0
    assert site.hits["/go"] == 1 and result.targets == []


def test_external_dead_link_and_head_refused():
    with Site({"/nohead": Route(b"ok", vary=lambda h, n: Route(b"", 405)),
               "/get": page("ok")}, host="localhost") as ext:
        ext.routes["/nohead"] = Route(b"ok")
        with Site({"/": page(html("首页", f'<a href="{ext.base}/gone">旧站</a>'))}) as site:
            result, _, _ = run(config(site.base))
    [gone] = result.targets
    assert gone.status == 404 and gone.referrers == [(site.url("/"), "旧站")]
    # a HEAD answering an error is confirmed with GET before being called broken
    assert [m for m, p, _ in ext.requests if p == "/gone"] == ["HEAD", "GET"]


def test_head_not_allowed_falls_back_to_get():
    def head_refused(headers, n):
        return Route(b"", 405) if n == 1 else Route(b"ok", headers={"Content-Type": "text/plain"})

    with Site({"/only-get": Route(vary=head_refused)}, host="localhost") as ext:
        with Site({"/": page(html("首页", f'<a href="{ext.base}/only-get">链接</a>'))}) as site:
            result, _, _ = run(config(site.base))
    assert result.targets == []
    assert [m for m, _, _ in ext.requests] == ["HEAD", "GET"]


def test_slow_page_times_out_and_is_not_retried():
    with Site({"/": page(html("首页", '<a href="/slow.html">慢</a>')),
               "/slow.html": page(html("慢", "x"), delay=1.5)}) as site:
        started = time.monotonic()
        result, pages, _ = run(config(site.base, timeout=0.4))
        took = time.monotonic() - started
    slow = next(p["browser"] for p, _ in pages if p["browser"].url.endswith("/slow.html"))
    assert slow.status is None and slow.error == "timeout" and slow.elapsed >= 0.4
    assert site.hits["/slow.html"] == 1 and took < 1.4
    [target] = result.targets
    assert target.error == "timeout"


def test_server_errors_are_retried_with_backoff():
    def flaky(headers, n):
        return Route(b"busy", 503) if n == 1 else page(html("好了", "ok"))

    with Site({"/": page(html("首页", '<a href="/flaky.html">x</a><a href="/down.html">y</a>')),
               "/flaky.html": Route(vary=flaky),
               "/down.html": Route(b"err", 500)}) as site:
        result, pages, _ = run(config(site.base, retries=2))
    assert site.hits["/flaky.html"] == 2 and site.hits["/down.html"] == 3
    assert [t.url for t in result.targets] == [site.url("/down.html")]
    assert result.targets[0].status == 500


def test_connection_refused_is_no_response():
    with Site({}) as dead:
        url = dead.url("/")
    result, pages, _ = run(config(url.rstrip("/")))
    [(fetched, parsed)] = pages
    fetched = fetched["browser"]
    assert fetched.status is None and fetched.error and "Connect" in fetched.error and parsed is None


def test_max_pages_and_depth_bound_the_crawl():
    routes = {f"/p{i}.html": page(html(f"p{i}", f'<a href="/p{i + 1}.html">下一页</a>')) for i in range(20)}
    routes["/"] = redirect("/p0.html")
    with Site(routes) as site:
        _, pages, _ = run(config(site.base, start_urls=[site.url("/p0.html")], max_depth=3))
        assert sorted(p["browser"].url for p, _ in pages) == [site.url(f"/p{i}.html") for i in range(4)]
    with Site(routes) as site:
        result, pages, _ = run(config(site.base, start_urls=[site.url("/p0.html")], max_pages=5))
        assert result.pages_crawled == 5 and len(site.requests) == 5


def test_scope_prefix_crawls_only_the_column_and_checks_the_rest():
    with Site({"/zwgk/": page(html("政务公开", '<a href="/zwgk/a.html">a</a><a href="/other/b.html">b</a>')),
               "/zwgk/a.html": page(html("a", "x")),
               "/other/b.html": page(html("b", '<a href="/other/c.html">c</a>'))}) as site:
        result, pages, _ = run(config(site.base, start_urls=[site.url("/zwgk/")],
                                      scope_prefixes=[site.url("/zwgk/")]))
    assert {p["browser"].url for p, _ in pages} == {site.url("/zwgk/"), site.url("/zwgk/a.html")}
    assert "/other/c.html" not in site.paths() and ("HEAD", "/other/b.html") in [(m, p) for m, p, _ in site.requests]


def test_every_profile_fetched_and_only_browser_links_followed():
    def cloaked(headers, n):
        if "Baiduspider" in headers.get("User-Agent", ""):
            return page(html("首页", '<a href="/spider-only.html">澳门赌场</a>'))
        return page(html("首页", '<a href="/a.html">动态</a>'))

    with Site({"/": Route(vary=cloaked), "/a.html": page(html("动态", "x"))}) as site:
        _, pages, _ = run(config(site.base, profiles=("browser", "spider", "search_referrer")))
    home = next(p for p, _ in pages if p["browser"].url == site.url("/"))
    assert set(home) == {"browser", "spider", "search_referrer"}
    assert "spider-only" in home["spider"].text and "spider-only" not in home["browser"].text
    assert "/spider-only.html" not in site.paths()
    seen = {(h.get("User-Agent", "").split("(")[1].split(";")[0], h.get("Referer", "")[:27])
            for _, p, h in site.requests if p == "/"}
    assert seen == {("Windows NT 10.0", ""), ("compatible", ""), ("Windows NT 10.0", "https://www.baidu.com/s?wd=")}


def test_attachments_fetched_for_scanning_only_when_asked():
    routes = {"/": page(html("首页", '<a href="/f/名单.xlsx">名单</a><a href="/f/a.pdf">PDF</a>')),
              "/f/%E5%90%8D%E5%8D%95.xlsx": Route(b"PK\x03\x04" + b"0" * 100, headers={}),
              "/f/a.pdf": Route(PDF, headers={"Content-Type": "application/pdf"})}
    with Site(routes) as site:
        _, _, attachments = run(config(site.base, fetch_attachments=True))
        assert sorted(a.url.rsplit("/", 1)[1] for a in attachments) == ["a.pdf", "名单.xlsx"]
        pdf = next(a for a in attachments if a.url.endswith(".pdf"))
        assert pdf.body == PDF and pdf.referrer == site.url("/") and pdf.anchor == "PDF"
        xlsx = next(a for a in attachments if a.url.endswith(".xlsx"))
        assert xlsx.content_type.startswith("application/vnd.openxmlformats")   # sniffed
    with Site(routes) as site:
        _, _, attachments = run(config(site.base))
        assert attachments == [] and sorted(site.paths("HEAD")) == ["/f/%E5%90%8D%E5%8D%95.xlsx", "/f/a.pdf"]


def test_size_limit_truncates_the_body():
    big = html("大页面", "<p>" + "政务公开" * 50_000 + "</p>")
    with Site({"/": page(big)}) as site:
        _, pages, _ = run(config(site.base, max_bytes=10_000))
    [(fetched, parsed)] = pages
    fetched = fetched["browser"]
    assert fetched.truncated and len(fetched.text.encode()) <= 10_000 and parsed.title == "大页面"


def test_requests_per_second_per_host():
    routes = {"/": page(html("首页", "".join(f'<a href="/p{i}.html">{i}</a>' for i in range(5))))}
    routes.update({f"/p{i}.html": page(html(str(i), "x")) for i in range(5)})
    with Site(routes) as site:
        started = time.monotonic()
        _, pages, _ = run(config(site.base, requests_per_second=10, concurrency=6))
        took = time.monotonic() - started
    assert len(site.requests) == 6 and took >= 0.45       # 6 requests at 10/s: ≥ 0.5 s less the first token
    # a page's time is its time on the wire, not its wait for the rate limit (the 15 s rule)
    assert max(p["browser"].elapsed for p, _ in pages) < 0.3


def test_crawler_keeps_no_page_text():
    routes = {"/": page(html("首页", "".join(f'<a href="/p{i}.html">{i}</a>' for i in range(30))))}
    routes.update({f"/p{i}.html": page(html(str(i), "正文" * 500)) for i in range(30)})
    with Site(routes) as site:
        crawler = Crawler(config(site.base), on_page=lambda p, parsed: None)
        result = run_coroutine(crawler.run())
    assert result.pages_crawled == 31 and result.targets == []
    assert crawler._pending == {} and crawler._bad == {}


def test_malformed_links_are_broken_links_not_crashes():
    body = ('<a href="http://127.0.0.1:abc/x">坏端口</a><a href="http://[::1/z">坏地址</a>'
            '<a href="http://127.0.0.1:99999/p">坏端口</a><a href="/ok.html">好</a>')
    with Site({"/": page(html("首页", body)), "/ok.html": page(html("好", "x"))}) as site:
        result, pages, _ = run(config(site.base))
    assert len(pages) == 4                    # same host: pages that did not answer
    assert len(result.targets) == 2 and all(t.status is None and t.error for t in result.targets)
    assert all(t.referrers[0][0] == site.url("/") for t in result.targets)


def test_a_failing_check_fails_the_crawl_instead_of_hanging():
    def boom(pages, parsed):
        raise RuntimeError("check failed")

    with Site({"/": page(html("首页", "x"))}) as site, pytest.raises(RuntimeError, match="check failed"):
        crawl(config(site.base), on_page=boom)


@pytest.mark.parametrize("body, ctype, expected", [
    ("<meta charset='gbk'><title>通知公告</title>".encode("gbk"), "text/html", "gb18030"),
    ("<title>通知公告</title>".encode("gbk"), "text/html; charset=GB2312", "gb18030"),
    ("<title>通知公告</title>".encode("gbk"), "text/html", "gb18030"),                 # undeclared
    ("<meta charset='utf-8'><title>通知公告</title>".encode("gbk"), "", "gb18030"),    # declared wrongly
    ("\ufeff<title>通知公告</title>".encode("utf-8"), "text/html", "utf-8"),
    ("<title>通知公告</title>".encode("utf-16"), "text/html", "utf-16"),
    ("<meta charset='utf-8'><title>通知公告</title>".encode(), "text/html; charset=bogus", "utf-8"),
])
def test_decode_html(body, ctype, expected):
    text, encoding = decode_html(body, ctype)
    assert "<title>通知公告</title>" in text and encoding == expected and not text.startswith("\ufeff")


def test_sniff_type():
    assert sniff_type(b"%PDF-1.7") == "application/pdf"
    assert sniff_type(b"  <!DOCTYPE html><html>") == "text/html"
    assert sniff_type(b"PK\x03\x04...", "http://x/a.docx").endswith("wordprocessingml.document")
    assert sniff_type(b"\xd0\xcf\x11\xe0", "http://x/a.xls") == "application/vnd.ms-excel"
    assert sniff_type(b"\x00\x01") == "application/octet-stream"


def test_a_crawl_runs_from_a_thread_whose_event_loop_is_busy():
    """A Huey worker that took a Playwright screenshot keeps a running loop in its thread."""
    import asyncio

    with Site({"/": page(html("首页", '<a href="/a.html">甲</a>')), "/a.html": page(html("甲", "正文"))}) as site:
        async def inside_a_loop():
            return run_coroutine(Crawler(SiteConfig(start_urls=[site.url("/")])).run())

        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:   # a thread of its own, whatever this one runs
            assert pool.submit(asyncio.run, inside_a_loop()).result().pages_crawled == 2


def test_checks_in_worker_processes_find_the_same_as_in_the_crawl():
    from gongkai.watch.run import run_watch

    hidden = '<div style="display:none"><a href="http://www.amjs-bet365.top/">澳门新葡京娱乐城 网上赌场 开户</a></div>'
    routes = {"/": page(html("首页", '<a href="/a.html">甲</a><a href="/b.html">乙</a>' + hidden)),
              "/a.html": page(html("甲", "身份证号 11010519491231002X 联系电话")),
              "/b.html": page(html("乙", "正文"))}
    with Site(routes) as site:
        inline = run_watch(SiteConfig(start_urls=[site.url("/")], external="skip"))
        pooled = run_watch(SiteConfig(start_urls=[site.url("/")], external="skip", check_workers=2))
    kinds = sorted((f.url, f.kind) for f in inline.findings)
    assert kinds == sorted((f.url, f.kind) for f in pooled.findings)
    assert {"hidden_link", "personal_data"} <= {k for _, k in kinds}
