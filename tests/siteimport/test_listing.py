"""classify / list_links: item links and paging of list pages, never the navigation; no script is run."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest

from gongkai.domain.site_import.listing import MAX_SCRIPT_PAGES, classify, jpage_pages, list_links, script_pages
from gongkai.watch.crawler import decode_html
from tests.siteimport import sitegen

DATA = Path(__file__).resolve().parent.parent / "data" / "site_import"


def _get(url: str) -> str:
    response = httpx.get(url, trust_env=False)
    return decode_html(response.content, response.headers.get("content-type", ""))[0]


@pytest.mark.parametrize("layout", sitegen.LAYOUTS)
def test_list_pages_give_items_and_paging(cms_site, layout):
    site = cms_site(layout)
    pages = site.list_urls()
    text = _get(pages[0])
    assert classify(text, pages[0]) == "list"
    details, more = list_links(text, pages[0])
    first_page = site.layout.pages()[0]
    assert details == [site.detail_url(i) for i in first_page] + [site.broken_url]
    assert set(more) <= set(pages[1:]) and more                # the next page(s) only: no navigation
    assert not any("col1001" in u or u.endswith("/") for u in details + more)
    last = _get(pages[-1])
    details, _ = list_links(last, pages[-1])
    assert details == [site.detail_url(i) for i in site.layout.pages()[-1]]


def test_trs_script_paging_is_read_not_run(cms_site):
    site = cms_site("trs")
    _, more = list_links(_get(site.start_url), site.start_url)
    assert more == [site.base + "/xxgk/zcwj/index_1.html", site.base + "/xxgk/zcwj/index_2.html"]
    _, more = list_links(_get(more[0]), more[0])          # page 2 names pages 1 and 3
    assert more == [site.base + "/xxgk/zcwj/index.html", site.base + "/xxgk/zcwj/index_2.html"]


@pytest.mark.parametrize(("script", "expected"), [
    ('createPageHTML(3, 0, "index", "shtml");', ["index_1.shtml", "index_2.shtml"]),
    ("createPageHTML('page_div', 3, 1, 'fujian', 'htm', 42);", ["fujian.htm", "fujian_2.htm"]),
    ("var countPage = 2//共多少页\nvar currentPage = 0;createPageHTML(countPage, currentPage, 'index', 'html');",
     ["index_1.html"]),
    ("createPageHTML(99999999, 0, 'index', 'html');", None),
    ("createPageHTML(3, 0, '../../etc/passwd', 'html');", []),
    ("createPageHTML(x.y, 0);", []),
])
def test_script_pages(script, expected):
    pages = script_pages(script, "http://x.gov.cn/col/a/index.html")
    if expected is None:
        assert len(pages) == MAX_SCRIPT_PAGES - 1
    else:
        assert pages == ["http://x.gov.cn/col/a/" + p for p in expected]


def test_detail_pages_and_other_pages():
    assert classify((DATA / "yantai_zfwj_2019_xuequ.html").read_text(encoding="utf-8"),
                    "http://www.yantai.gov.cn/art/2019/6/12/art_1_2.html") == "detail"
    assert classify((DATA / "mee_trs_t20220417_974894.html").read_text(encoding="utf-8"),
                    "http://www.mee.gov.cn/ywdt/hjywnews/202204/t20220417_974894.shtml") == "detail"
    assert classify("<html><body><p>欢迎</p></body></html>", "http://x.gov.cn/") == "other"


def test_navigation_and_attachments_are_not_items():
    html = ("<div class='nav'><a href='/col/col1/index.html'>首页</a><a href='/col/col2/index.html'>政务公开</a>"
            "<a href='/col/col3/index.html'>互动交流</a></div>"
            "<ul><li><a href='/art/2024/1/2/art_9_1.html'>关于开展2024年春季植树活动的通知</a></li>"
            "<li><a href='/art/2024/1/3/art_9_2.html'>青山县2024年第一批就业见习基地名单公示</a></li>"
            "<li><a href='/module/download/downfile.jsp?filename=a.pdf'>附件：名单下载一览表</a></li>"
            "<li><a href='http://other.example/art/2024/1/3/art_9_3.html'>外站链接到别人的文章标题</a></li></ul>"
            "<a href='javascript:goPage(2)'>下一页</a><a href='/col/col9/index.html?pageNum=2'>2</a>")
    details, more = list_links(html, "http://x.gov.cn/col/col9/index.html")
    assert details == ["http://x.gov.cn/art/2024/1/2/art_9_1.html", "http://x.gov.cn/art/2024/1/3/art_9_2.html"]
    assert more == ["http://x.gov.cn/col/col9/index.html?pageNum=2"]


def test_hanweb_jpage_datastore_rows_are_items():
    """Hanweb lists keep their rows as XML inside a script; they are read as links, never run."""
    html = ("<div id='4321'><script type='text/xml'><datastore><nextgroup><![CDATA[<a href='/module/web/jpage/"
            "dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1229&unitid=4321&webname=x&permissiontype=0'>"
            "</a>]]></nextgroup><recordset>"
            "<record><![CDATA[<li><a href='/art/2024/3/5/art_1229_1.html' target='_blank'>青山县城乡居民医疗保险实施办法的通知</a>"
            "<span>2024-03-05</span></li>]]></record>"
            "<record><![CDATA[<li><a href='/art/2024/2/20/art_1229_2.html'>青山县2024年第一季度重点项目建设情况</a></li>]]></record>"
            "</recordset></datastore></script></div>")
    details, _ = list_links(html, "http://x.gov.cn/col/col1229/index.html")
    assert details == ["http://x.gov.cn/art/2024/3/5/art_1229_1.html", "http://x.gov.cn/art/2024/2/20/art_1229_2.html"]
    assert classify(html, "http://x.gov.cn/col/col1229/index.html") == "list"


def test_rows_that_link_straight_to_a_file():
    from gongkai.domain.site_import.listing import file_items

    html = ("<ul><li><a href='/art/2024/1/2/art_9_1.html'>关于开展2024年春季植树活动的通知</a><span>2024-01-02</span></li>"
            "<li><a href='/files/2024/budget.pdf'>青山县2024年部门预算公开表</a><span>2024年1月3日</span></li>"
            "<li><a href='/files/x.doc'>短名</a></li>"
            "<li><a href='/art/2024/1/4/art_9_3.html'>某项工作的通知全文</a> <a href='/files/att.pdf'>附件一：某项工作的名单</a></li>"
            "</ul>")
    items = file_items(html, "http://x.gov.cn/col/col9/index.html")
    assert [(a.url, a.name, day) for a, day in items] == \
        [("http://x.gov.cn/files/2024/budget.pdf", "青山县2024年部门预算公开表", dt.date(2024, 1, 3))]


_JPAGE_ROWS = ("<record><![CDATA[<li><a href='/art/2024/3/5/art_1229_1.html'>青山县城乡居民医疗保险实施办法的通知</a>"
               "</li>]]></record><record><![CDATA[<li><a href='/art/2024/2/20/art_1229_2.html'>青山县2024年第一季度重点"
               "项目建设情况</a></li>]]></record>")
_JPAGE_LIST = "http://x.gov.cn/col/col1229/index.html"
_PROXY = "http://x.gov.cn/module/web/jpage/dataproxy.jsp?"


def test_jpage_groups_come_from_the_pages_script():
    """The column's parameters are only in the script (as on jiangsu.gov.cn-style pages): one GET per
    group of perPage × groupSize rows after the two the page holds, up to totalRecord."""
    html = (f"<div id='4321'><script type='text/xml'><datastore><recordset>{_JPAGE_ROWS}</recordset></datastore>"
            "</script></div><script>var param_4321 = {col:1,appid:1,webid:\"7\",path:'/',columnid:1229,unitid:'4321',"
            "permissiontype:0};$('#4321').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp',perPage:2,groupSize:1,"
            "totalRecord:7,ajaxParam:param_4321});</script>")
    _, more = list_links(html, _JPAGE_LIST)
    tail = "&col=1&appid=1&webid=7&path=%2F&columnid=1229&unitid=4321&permissiontype=0"
    assert more == [_PROXY + "startrecord=3&endrecord=4&perpage=2" + tail,
                    _PROXY + "startrecord=5&endrecord=6&perpage=2" + tail,
                    _PROXY + "startrecord=7&endrecord=7&perpage=2" + tail]


def test_jpage_without_a_total_asks_one_group_at_a_time():
    """Only the <nextgroup> link (jpage's defaults: 15 a page, 3 pages a group): the next group is
    asked for; an answer with a full group asks for the one after, a short one ends the chain."""
    nextgroup = ("<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&amp;webid=1&amp;columnid=1229"
                 "&amp;unitid=4321\"></a>]]></nextgroup>")
    html = f"<script type='text/xml'><datastore>{nextgroup}<recordset>{_JPAGE_ROWS}</recordset></datastore></script>"
    _, more = list_links(html, _JPAGE_LIST)
    assert more == [_PROXY + "startrecord=3&endrecord=47&perpage=15&webid=1&columnid=1229&unitid=4321"]
    full = "<datastore><recordset>" + _JPAGE_ROWS * 23 + "</recordset></datastore>"         # 46 rows: a full group
    assert jpage_pages(full, more[0]) == [_PROXY + "startrecord=48&endrecord=92&perpage=15&webid=1&columnid=1229&unitid=4321"]
    short = "<datastore><recordset>" + _JPAGE_ROWS + "</recordset></datastore>"
    details, after = list_links(short, more[0])
    assert after == [] and len(details) == 2
    assert classify(short, more[0]) == "list"


@pytest.mark.parametrize("script", [
    "$('#1').jpage({proxyUrl:'http://evil.example/module/web/jpage/dataproxy.jsp',totalRecord:90,"
    "ajaxParam:{columnid:1229}});",                                         # another host: never
    "$('#1').jpage({totalRecord:90,ajaxParam:{webid:1}});",                # no column: nothing to ask for
])
def test_jpage_requests_stay_on_the_site_and_need_a_column(script):
    html = f"<script type='text/xml'><datastore><recordset>{_JPAGE_ROWS}</recordset></datastore></script><script>{script}</script>"
    assert jpage_pages(html, _JPAGE_LIST) == []


def test_jpage_pages_are_bounded():
    html = ("<script>$('#1').jpage({perPage:1,groupSize:1,totalRecord:999999999,ajaxParam:{columnid:1}});</script>")
    assert len(jpage_pages(html, _JPAGE_LIST)) == MAX_SCRIPT_PAGES
