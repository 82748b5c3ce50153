"""Same-site scripts and stylesheets, and visitor identities, against sites served on 127.0.0.1:
spam appended to the site's own jquery.min.js (the pattern of tests/realdata/SOURCES.md), a stylesheet
that hides a block of links, UA- and referrer-keyed redirects in a script file, pages that cloak for
one crawler or for phones; a real jquery.min.js (Django's own copy) and a normal mobile variant give no
finding; a changed site script is a finding of the next check."""
from pathlib import Path

import django
import pytest

from gongkai.domain.watch.config import SiteConfig
from gongkai.watch.run import run_watch
from tests.watch.localsite import Route, Site, html, page

JQUERY = (Path(django.__file__).parent / "contrib/admin/static/admin/js/vendor/jquery/jquery.min.js").read_bytes()
TODAY = "2026-11-20"
SPAM_TAIL = (b"\n;document.writeln(\"<div style=\\\"position:absolute;left:-9999px;top:-9999px\\\">\");"
             b"document.writeln(\"<a href=\\\"http://www.am-js888.com/\\\">\xe6\xbe\xb3\xe9\x97\xa8\xe9\x87\x91\xe6\xb2\x99"
             b"\xe5\xa8\xb1\xe4\xb9\x90\xe5\x9c\xba</a>\");document.writeln(\"</div>\");\n")   # 澳门金沙娱乐场


def js(body: bytes) -> Route:
    return Route(body, headers={"Content-Type": "application/javascript"})


def css(text: str) -> Route:
    return Route(text.encode(), headers={"Content-Type": "text/css"})


HOME = html("青山县人民政府", '<ul><li><a href="/a.html">通知公告</a><span>2026-11-19</span></li></ul>'
                               '<p>欢迎访问青山县人民政府门户网站。</p>',
            head='<script src="/js/jquery.min.js"></script><link rel="stylesheet" href="/css/site.css">')
ARTICLE = html("关于做好冬季安全生产工作的通知", "<p>各乡镇人民政府：现将有关事项通知如下。</p>",
               head='<script src="/js/jquery.min.js"></script><link rel="stylesheet" href="/css/site.css">')


def watch(routes: dict, **kw):
    with Site(routes) as site:
        options = dict(start_urls=[site.url("/")], homepage=site.url("/"), today=TODAY, requests_per_second=0,
                       timeout=3, external="skip")
        options.update(kw)
        result = run_watch(SiteConfig(**options))
    return site, result


def kinds(site, result) -> set[tuple[str, str]]:
    return {(f.kind, f.url.replace(site.base, "")) for f in result.findings}


def test_spam_appended_to_the_sites_jquery_is_found_once_on_the_script_file():
    site, result = watch({"/": page(HOME), "/a.html": page(ARTICLE), "/js/jquery.min.js": js(JQUERY + SPAM_TAIL),
                          "/css/site.css": css("body{margin:0}")})
    assert site.hits["/js/jquery.min.js"] == 1                         # once per run, not once per page
    found = [f for f in result.findings if f.url.endswith("/js/jquery.min.js")]
    assert {f.kind for f in found} == {"hidden_link"}
    [dark] = found
    assert dark.severity == "high" and "站内脚本文件 jquery.min.js" in dark.evidence
    assert "移出屏幕" in dark.evidence and "www.am-js888.com" in dark.evidence
    assert sorted(dark.extra["pages"]) == [site.url("/"), site.url("/a.html")]
    assert result.assets[site.url("/js/jquery.min.js")].sha256


def test_a_real_jquery_min_js_and_a_plain_stylesheet_give_no_finding():
    # no daily sample: it is chosen by a hash of the URL, whose port is random here (1 run in ~25 sampled
    # the article, and the test failed for a reason that is not the one it asserts)
    site, result = watch({"/": page(HOME), "/a.html": page(ARTICLE), "/js/jquery.min.js": js(JQUERY),
                          "/css/site.css": css(".nav{display:none}@media(max-width:600px){.menu{display:none}}")},
                         identity_sample=0)
    assert [f for f in result.findings if f.category in ("integrity", "tamper")] == []
    assert set(result.assets) == {site.url("/js/jquery.min.js"), site.url("/css/site.css")}
    # jquery raises no signal: the article is fetched as the two sentinels only
    assert site.url("/a.html") not in result.identity_reasons


def test_a_linked_and_imported_stylesheet_that_hides_links_is_found_on_the_page():
    body = ('<p>政务公开</p><div class="ft-links"><a href="http://www.bet365-vip.top/">体育投注</a>'
            '<a href="http://www.am-js888.com/">真人娱乐</a></div>')
    routes = {"/": page(html("首页", body, head='<link rel="stylesheet" href="/css/site.css">')),
              "/css/site.css": css('@import url("/css/more.css"); body{margin:0}'),
              "/css/more.css": css(".ft-links{position:absolute;left:-9999px}")}
    site, result = watch(routes)
    [dark] = [f for f in result.findings if f.kind == "hidden_link"]
    assert dark.url == site.url("/") and "more.css" in dark.evidence and "移出屏幕" in dark.evidence
    assert site.hits["/css/more.css"] == 1


def test_a_referrer_keyed_redirect_in_a_site_script_is_found():
    code = (b"var r=document.referrer;if(r.indexOf('baidu')>-1||r.indexOf('sogou')>-1||r.indexOf('so.com')>-1)"
            b"{window.location.href='http://www.xpj-888.com/';}")
    site, result = watch({"/": page(html("首页", "<p>首页</p>", head='<script src="/js/common.js"></script>')),
                          "/js/common.js": js(code)})
    [jump] = [f for f in result.findings if f.kind == "foreign_redirect"]
    assert jump.url == site.url("/js/common.js") and "www.xpj-888.com" in jump.evidence
    assert "common.js" in jump.evidence


def test_off_site_scripts_are_listed_not_fetched():
    with Site({"/x.js": js(b"var a=1;")}, host="localhost") as other:
        site, result = watch({"/": page(html("首页", "<p>首页</p>",
                                              head=f'<script src="{other.url("/x.js")}"></script>'))})
    assert other.requests == []
    assert result.third_party_scripts == {other.url("/x.js"): site.url("/")}


def cloaked(*tokens, deep=True):
    """Pages that show a spam block to a user agent containing one of ``tokens``."""
    def vary(headers, n):
        ua = headers.get("User-Agent", "")
        if any(t.lower() in ua.lower() for t in tokens):
            return page(html("首页", '<p>欢迎访问</p><a href="http://www.am-js888.com/">澳门金沙娱乐场 真人视讯 开户送彩金</a>'))
        return page(html("首页", '<p>欢迎访问</p>'))
    return Route(vary=vary)


@pytest.mark.parametrize("token,identity", [("360Spider", "360spider"), ("Sogou web spider", "sogou"),
                                            ("Bytespider", "bytespider"), ("YisouSpider", "yisou"),
                                            ("bingbot", "bingbot"), ("Googlebot", "googlebot"),
                                            ("HaosouSpider", "haosouspider"), ("Sosospider", "soso")])
def test_cloaking_for_one_crawler_on_a_deep_page_is_found_and_names_the_crawler(token, identity):
    links = "".join(f'<a href="/p{i}.html">第{i}篇</a>' for i in range(8))
    routes = {"/": page(html("首页", links)), **{f"/p{i}.html": page(html(f"第{i}篇", "<p>正文</p>")) for i in range(8)}}
    routes["/p5.html"] = cloaked(token)
    site, result = watch(routes, identity_sample=0)
    [found] = [f for f in result.findings if f.kind == "cloaking"]
    assert found.url == site.url("/p5.html") and identity in found.extra["identities"]
    assert "spider" not in found.extra["identities"] or token == "Baiduspider"
    # a clean deep page cost three requests: browser and the two sentinels
    assert site.hits["/p3.html"] == 3


def test_mobile_only_cloaking_and_a_normal_mobile_variant():
    def mobile_spam(headers, n):
        if "Mobile" in headers.get("User-Agent", ""):
            return page(html("首页", '<p>欢迎</p><a href="http://m.bet-888.vip/">手机投注 体育投注 开户</a>'))
        return page(html("首页", "<p>欢迎</p>"))

    def mobile_variant(headers, n):
        if "Mobile" in headers.get("User-Agent", ""):
            return page(html("青山县政府（手机版）", '<div class="m-nav"><a href="/a.html">通知</a></div><p>欢迎访问</p>'))
        return page(html("青山县人民政府", '<div class="nav"><a href="/a.html">通知公告</a><a href="/b.html">政策</a></div>'
                                         "<p>欢迎访问青山县人民政府门户网站</p>"))

    site, result = watch({"/": Route(vary=mobile_spam)})
    [found] = [f for f in result.findings if f.kind == "cloaking"]
    assert "mobile" in found.extra["identities"] and "手机浏览器" in found.evidence
    site, result = watch({"/": Route(vary=mobile_variant), "/a.html": page(html("通知", "x")),
                          "/b.html": page(html("政策", "x"))})
    assert [f for f in result.findings if f.category == "integrity"] == []


def test_a_server_side_baiduspider_cloak_on_every_page_is_found_within_bounded_cost():
    links = "".join(f'<a href="/p{i}.html">第{i}篇</a>' for i in range(20))
    routes = {"/": page(html("首页", links)), **{f"/p{i}.html": cloaked("baiduspider") for i in range(20)}}
    site, result = watch(routes, identity_sample=0, identity_escalations=2)
    cloaking = {f.url for f in result.findings if f.kind == "cloaking"}
    assert cloaking == {site.url(f"/p{i}.html") for i in range(20)}
    # homepage: browser + 11 identities; each page: browser + 2 sentinels; two escalated: + 11 identities
    assert result.requests == 12 + 20 * 3 + 2 * 11
    assert len(result.identity_reasons) == 3


def test_a_changed_site_script_is_a_finding_of_the_next_check(db):
    from gongkai.units.models import Unit
    from gongkai.watch import checks
    from gongkai.watch.models import Finding, Site as WatchSite, SiteAsset

    unit = Unit.objects.create(name="青山街道", code="qs-js", kind="street")
    routes = {"/": page(HOME), "/js/jquery.min.js": js(JQUERY), "/css/site.css": css("body{margin:0}")}
    with Site(routes) as site:
        ws = WatchSite.objects.create(unit=unit, name="青山街道网站", homepage=site.url("/"), internal=True,
                                      requests_per_second=50, external="skip")
        checks.check_site(ws, today=None)
        assert not Finding.objects.filter(site=ws, kind="asset_changed").exists()
        assert SiteAsset.objects.get(site=ws, url=site.url("/js/jquery.min.js")).sha256
        routes["/js/jquery.min.js"] = js(JQUERY + SPAM_TAIL)
        checks.check_site(ws)
        changed = Finding.objects.get(site=ws, kind="asset_changed")
        assert changed.category == "tamper" and "jquery.min.js" in changed.evidence
        assert "新增" in changed.evidence and "document.writeln" in changed.evidence
        assert changed.extra["old_sha256"] != changed.extra["new_sha256"]
        assert Finding.objects.filter(site=ws, kind="hidden_link", url=site.url("/js/jquery.min.js")).exists()
        routes["/js/jquery.min.js"] = js(JQUERY)              # restored: a version seen before, no new finding
        checks.check_site(ws)
    assert Finding.objects.filter(site=ws, kind="asset_changed").count() == 1
