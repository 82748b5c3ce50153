"""crawl_column against the generated old sites: through the outbound guard, in scope, bounded."""
from __future__ import annotations

import pytest

from gongkai.siteimport.crawl import CrawlProblem, crawl_column
from tests.siteimport import sitegen
from tests.watch.localsite import Route, Site, html, page, redirect


def _split(results):
    records = [r for r in results if not isinstance(r, CrawlProblem)]
    problems = [r for r in results if isinstance(r, CrawlProblem)]
    return records, problems


@pytest.mark.parametrize("layout", sitegen.LAYOUTS)
def test_crawl_reads_every_item_in_list_order(cms_site, layout):
    """GBK (HTTP header only), GB2312 (meta only) and UTF-8 with a BOM; numbered, script and 下一页 paging."""
    site = cms_site(layout)
    records, problems = _split(list(crawl_column(site.start_url)))
    assert [r.url for r in records] == [site.detail_url(i) for i in site.items]
    assert [(r.title, r.index_number, r.published_on) for r in records] == \
        [(i.title, i.index_number, i.published_on) for i in site.items]
    assert all(r.problems == () for r in records)
    assert problems == [CrawlProblem(site.broken_url, "页面无法打开（HTTP 500）")]
    fetched = {p.split("?")[0] for p in site.site.paths("GET")}
    assert not fetched & {"/", "/col/col1001/index.html", "/col/col1002/index.html"}   # no navigation
    assert not any(p.startswith(("/module/download", "/attachment")) or p.endswith((".pdf", ".docx", ".xlsx"))
                   for p in fetched)                                                  # files: the importer's


def test_since_skips_older_items_and_stops_paging(cms_site):
    site = cms_site("kpy")
    records, _ = _split(list(crawl_column(site.start_url, since=2024)))
    assert [r.index_number for r in records] == [i.index_number for i in site.items if i.published_on.year >= 2024]
    site.site.requests.clear()
    records, _ = _split(list(crawl_column(site.start_url, since=2025)))
    assert records == []
    assert "/zwgk/xxgkml/index.html?page=2" not in site.site.paths("GET")    # page 1 all older: no page 2


def test_max_pages_stops_and_says_so(cms_site):
    site = cms_site("hanweb")
    results = list(crawl_column(site.start_url, max_pages=4))
    records, problems = _split(results)
    assert len(records) == 3
    assert problems[-1].message == "已达到最多读取 4 个页面的限制，其余页面未读取"
    assert len(site.site.paths("GET")) == 4


def test_every_fetch_goes_through_the_outbound_guard(cms_site, settings, monkeypatch):
    site = cms_site("trs")
    settings.OUTBOUND_INTERNAL_HOSTS = []
    monkeypatch.delenv("GONGKAI_OUTBOUND_INTERNAL_HOSTS")
    results = list(crawl_column(site.start_url))
    assert results == [CrawlProblem(site.start_url, "页面无法打开：出站访问规则不允许访问该地址")]
    assert site.site.requests == []


def test_redirect_off_the_column_host_is_not_followed():
    with Site({"/x": page(html("别处", "<p>别处的页面</p>"))}, host="localhost") as other:
        routes = {
            "/list/index.html": page(html("列表", (
                "<ul><li><a href='/a/1.html'>青山县关于开展春季植树活动的通知</a></li>"
                "<li><a href='/a/2.html'>青山县2024年第一批就业见习基地名单公示</a></li></ul>"))),
            "/a/1.html": page(html("通知", "<table><tr><td>索引号</td><td>X/2024-1</td><td>发布日期</td>"
                                           "<td>2024-01-02</td></tr></table><div id='zoom'><p>正文内容一二三</p></div>")),
            "/a/2.html": redirect(other.url("/x")),
        }
        with Site(routes) as column:
            records, problems = _split(list(crawl_column(column.url("/list/index.html"))))
        assert [r.index_number for r in records] == ["X/2024-1"]
        assert problems == [CrawlProblem(column.url("/a/2.html"), "页面跳转过多或跳转到栏目范围之外")]
        assert other.requests == []


def test_start_page_that_is_no_list():
    with Site({"/": page(html("首页", "<p>欢迎访问</p>"))}) as site:
        assert list(crawl_column(site.url("/"))) == [CrawlProblem(site.url("/"), "未能识别为栏目列表页（找不到信息链接）")]
    assert list(crawl_column("ftp://x.gov.cn/")) == [CrawlProblem("ftp://x.gov.cn/", "栏目地址无效：须以 http:// 或 https:// 开头")]


def test_list_rows_linking_straight_to_a_file_are_reported_as_items():
    from tests.siteimport.sitegen import _pdf

    routes = {
        "/list/index.html": page(html("列表", (
            "<ul><li><a href='/a/1.html'>青山县关于开展春季植树活动的通知</a></li>"
            "<li><a href='/a/2.html'>青山县2024年第一批就业见习基地名单公示</a></li>"
            "<li><a href='/files/budget.pdf'>青山县2024年部门预算公开表</a> 2024-01-03</li></ul>"))),
        "/a/1.html": page(html("通知", "<table><tr><td>索引号</td><td>X/2024-1</td><td>发布日期</td>"
                                       "<td>2024-01-02</td></tr></table><div id='zoom'><p>正文内容一二三</p></div>")),
        "/a/2.html": page(html("公示", "<table><tr><td>索引号</td><td>X/2024-2</td><td>发布日期</td>"
                                       "<td>2024-01-02</td></tr></table><div id='zoom'><p>正文内容四五六</p></div>")),
        "/files/budget.pdf": Route(_pdf("budget"), headers={"Content-Type": "application/pdf"}),
    }
    with Site(routes) as column:
        records, problems = _split(list(crawl_column(column.url("/list/index.html"))))
        assert problems == []
        assert [r.index_number for r in records] == ["X/2024-1", "X/2024-2", ""]
        pdf = records[-1]
        assert (pdf.url, pdf.title, str(pdf.published_on)) == \
            (column.url("/files/budget.pdf"), "青山县2024年部门预算公开表", "2024-01-03")
        assert [a.url for a in pdf.attachments] == [column.url("/files/budget.pdf")]
        assert pdf.problems == ("未找到索引号（列表中的条目直接链接到文件，没有详情页）",)
        assert "/files/budget.pdf" not in column.paths()        # the importer downloads files, not the crawl


def test_jpage_proxy_requests_carry_the_columns_parameters_and_stay_in_scope(cms_site):
    """Hanweb jpage: the groups after the first come from the site's dataproxy.jsp, asked for by GET
    with the parameters of the page's script (the generated proxy answers nothing without them); a
    scope that leaves the proxy out keeps it unfetched, and the report says so."""
    site = cms_site("jpage")
    list(crawl_column(site.start_url))
    asked = [p for p in site.site.paths("GET") if p.startswith("/module/web/jpage/dataproxy.jsp")]
    assert [p.split("&perpage")[0] for p in asked] == \
        ["/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=12", "/module/web/jpage/dataproxy.jsp?startrecord=13&endrecord=13"]
    assert all("columnid=1230" in p and "unitid=5678" in p and "webid=31" in p for p in asked)
    site.site.requests.clear()
    records, problems = _split(list(crawl_column(site.start_url, scope_prefixes=[site.base + "/col/", site.base + "/art/"])))
    assert len(records) == 5
    assert [p.message for p in problems].count("翻页地址不在栏目范围之内，未读取") == 2
    assert not any(p.startswith("/module/") for p in site.site.paths("GET"))
