"""Stylesheets judged on their own, against sites served on 127.0.0.1: text written by ::after with
gambling words or another site's address, the main text hidden, an off-site look-alike @import, an
off-site stylesheet injected into a list item; a template's ordinary stylesheet (closed menus,
clearfix, icon fonts, “更多>>”, print rules, tabs) gives nothing; a stylesheet changed to write text is
a high finding of the next check (what was added and what it does)."""
import pytest

from tests.watch.localsite import Site, page
from tests.watch.test_scripts_identities import ARTICLE, HOME, JQUERY, css, js, watch

CLEAN_CSS = ('.nav{display:none}.clearfix::after{content:"";display:block;clear:both}'
             '.icon-home::before{content:"\\e601"}.more::after{content:"更多>>"}'
             '@media print{body{display:none}}.content{display:none}.content.on{display:block}'
             '.menu li:hover ul{display:block}')


def routes(sheet: str) -> dict:
    return {"/": page(HOME), "/a.html": page(ARTICLE), "/js/jquery.min.js": js(JQUERY), "/css/site.css": css(sheet)}


def on_sheet(site, result):
    return {f.kind: f for f in result.findings if f.url == site.url("/css/site.css")}


def test_an_ordinary_template_stylesheet_gives_nothing():
    site, result = watch(routes(CLEAN_CSS))
    assert [f for f in result.findings if f.category in ("integrity", "tamper")] == []


@pytest.mark.parametrize(("sheet", "kind", "words"), [
    ('.foot::after{content:"\\6fb3\\95e8\\91d1\\6c99\\5a31\\4e50\\573a \\771f\\4eba\\89c6\\8baf"}', "spam_text",
     ["::before/::after", "澳门金沙", "site.css"]),
    ('.foot::after{content:"www.am-js888.com"}', "injected_stylesheet", ["www.am-js888.com", ".foot::after"]),
    ('.content{position:absolute;left:-9999px}', "injected_stylesheet", ["正文", ".content", "移出屏幕"]),
    ('@import url("http://cdn.bootcdm.cn/site.css");body{margin:0}', "injected_stylesheet",
     ["@import", "cdn.bootcdm.cn", "bootcdn.cn"]),
])
def test_a_stylesheet_that_writes_spam_hides_the_text_or_imports_off_site_is_a_finding_of_its_own(sheet, kind, words):
    site, result = watch(routes(sheet))
    found = on_sheet(site, result)
    assert kind in found and found[kind].severity == "high", [f.evidence for f in result.findings]
    for word in words:
        assert word in found[kind].evidence
    assert sorted(found[kind].extra["pages"]) == [site.url("/"), site.url("/a.html")]
    assert site.hits["/css/site.css"] == 1


def test_an_off_site_stylesheet_injected_into_a_list_item_is_found_on_the_page():
    home = HOME.replace("通知公告</a>", '通知公告<link rel="stylesheet" href="http://www.am-js888.com/s.css"></a>')
    site, result = watch({**routes("body{margin:0}"), "/": page(home)})
    [found] = [f for f in result.findings if f.kind == "injected_stylesheet"]
    assert found.url == site.url("/") and "www.am-js888.com" in found.evidence and "<a>" in found.evidence


def test_a_stylesheet_changed_to_write_text_is_a_high_finding_of_the_next_check(db):
    from gongkai.units.models import Unit
    from gongkai.watch import checks
    from gongkai.watch.models import Finding, Site as WatchSite

    unit = Unit.objects.create(name="青山街道", code="qs-css", kind="street")
    served = routes("body{margin:0}")
    with Site(served) as site:
        ws = WatchSite.objects.create(unit=unit, name="青山街道网站", homepage=site.url("/"), internal=True,
                                      requests_per_second=50, external="skip")
        checks.check_site(ws, today=None)
        assert not Finding.objects.filter(site=ws, kind="asset_changed").exists()
        served["/css/site.css"] = css('body{margin:0}.main::before{content:"\\5fae\\4fe1 abc123"}')
        checks.check_site(ws)
    changed = Finding.objects.get(site=ws, kind="asset_changed")
    assert changed.severity == "high" and "site.css" in changed.evidence
    assert "::before/::after 在页面上写入文字" in changed.evidence and "content" in changed.evidence
