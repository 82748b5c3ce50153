"""Broken links and redirect loops: which bad answers are findings, and how serious."""
from gongkai.domain.watch.links import LinkTarget, check_links

SITE = {"www.example.gov.cn"}
HOME = "http://www.example.gov.cn/"
PAGE = "http://www.example.gov.cn/xwzx/index.html"


def target(url, status, refs=((PAGE, "通知公告"),), **kw):
    return LinkTarget(url, status, referrers=list(refs), referrer_count=len(refs), **kw)


def kinds(findings):
    return [(f.kind, f.severity) for f in findings]


def test_internal_404_names_the_page_and_anchor_that_carry_it():
    [f] = check_links([target("http://www.example.gov.cn/old.html", 404)], SITE, [HOME])
    assert (f.category, f.kind, f.severity) == ("links", "broken_internal", "medium")
    assert f.referrer == PAGE
    assert "404" in f.evidence and "通知公告" in f.evidence
    assert f.as_json()["referrer"] == PAGE


def test_broken_link_on_the_homepage_is_high():
    found = check_links([target("http://www.example.gov.cn/x", 500, [(HOME, "首页链接"), (PAGE, "x")])],
                        SITE, [HOME])
    assert sorted(kinds(found)) == [("broken_internal", "high"), ("broken_internal", "medium")]
    assert {f.referrer for f in found} == {HOME, PAGE}


def test_subdomain_counts_as_internal_and_no_response_is_broken():
    [f] = check_links([target("http://zwgk.www.example.gov.cn/a", None, error="ConnectError")], SITE)
    assert f.kind == "broken_internal"
    assert "无法连接" in f.evidence


def test_external_links():
    found = check_links([
        target("http://dead.example.com/", None, error="ConnectError"),
        target("http://gone.example.com/p", 410),
        target("http://busy.example.com/p", 503),
        target("http://waf.example.com/p", 403),      # bot protection, not broken
        target("http://limit.example.com/p", 429),
    ], SITE)
    assert sorted(kinds(found)) == [("broken_external", "low"), ("broken_external", "medium"),
                                    ("broken_external", "medium")]


def test_internal_403_or_401_is_not_broken():
    assert check_links([target("http://www.example.gov.cn/admin", 403),
                        target("http://www.example.gov.cn/login", 401)], SITE) == []


def test_redirect_loop_shows_the_chain():
    loop = target("http://www.example.gov.cn/a", 302, loop=True,
                  redirects=[(302, "http://www.example.gov.cn/b"), (302, "http://www.example.gov.cn/a")])
    [f] = check_links([loop], SITE, [HOME])
    assert (f.kind, f.severity) == ("redirect_loop", "medium")
    assert "/b" in f.evidence and f.referrer == PAGE


def test_referrer_count_beyond_the_kept_referrers_is_reported():
    t = target("http://www.example.gov.cn/gone", 404)
    t.referrer_count = 250
    [f] = check_links([t], SITE)
    assert f.as_json()["referrer_count"] == 250


def test_a_target_no_page_links_to_is_not_a_broken_link():
    assert check_links([LinkTarget("http://www.example.gov.cn/", None, error="ConnectError")], SITE) == []
