"""Integrity check (内容安全): every injection technique of the labelled corpus is found with the
right kind, and none of the legitimate look-alikes (anti-gambling notice, lottery reports, a
live-streamed county sports meeting, 扫黄打非) raises anything."""
import time

import pytest

from gongkai.domain.watch import spam
from gongkai.domain.watch.findings import HIGH, MEDIUM
from gongkai.domain.watch.integrity import check_page
from gongkai.domain.watch.page import parse_html
from gongkai.domain.watch.scripts import obfuscation, unpack

from .integrity_corpus import (ALLOWED, CLEAN, CORPUS, INJECTIONS, LOOK_ALIKES, NORMAL_BODY, SITE, URL,
                               _notice, fetch, pack)


def check(case):
    return check_page(case.pages(), ALLOWED, SITE)


@pytest.mark.parametrize("case", INJECTIONS, ids=lambda c: c.name)
def test_each_injection_technique_is_found_with_its_kind(case):
    found = check(case)
    assert {f.kind for f in found} == case.expected
    for f in found:
        assert f.category == "integrity" and f.url == URL
        assert f.severity == (MEDIUM if f.kind == "obfuscated_script" else HIGH)
        assert f.evidence and any("\u4e00" <= ch <= "\u9fff" for ch in f.evidence)   # reason in Chinese


@pytest.mark.parametrize("case", LOOK_ALIKES, ids=lambda c: c.name)
def test_legitimate_look_alikes_are_not_flagged(case):
    assert check(case) == []


def test_precision_and_recall_on_the_whole_corpus_are_total():
    expected = {(c.name, k) for c in CORPUS for k in c.expected}
    got = {(c.name, f.kind) for c in CORPUS for f in check(c)}
    assert got - expected == set(), "false alarms"
    assert expected - got == set(), "missed injections"


def by_name(name):
    return next(c for c in CORPUS if c.name == name)


def test_dark_link_evidence_names_the_anchor_the_foreign_host_and_why_it_is_hidden():
    [f] = check(by_name("inline_display_none"))
    assert "澳门金沙娱乐城" in f.evidence and "www.am88js-vip.com" in f.evidence
    assert "display:none" in f.evidence and "隐藏的外链" in f.evidence
    # the selector points at the hidden block, for the screenshot that outlines it
    node = parse_html(URL, by_name("inline_display_none").browser).tree.css_first(f.selector)
    assert node is not None and "澳门金沙娱乐城" in node.text()


def test_stylesheet_hiding_is_attributed_to_its_rule():
    [f] = check(by_name("stylesheet_class"))
    assert "样式表 .ft-a8" in f.evidence
    [f] = check(by_name("stylesheet_id_offscreen"))
    assert f.selector == "div#seo_k" and "top:-3000px" in f.evidence


def test_visible_spam_link_points_at_the_link():
    [f] = check(by_name("visible_spam_link_farm"))
    assert f.kind == "spam_text" and f.selector == 'a[href="http://www.nbazb8.com/"]'
    assert "nba直播吧" in f.evidence.lower() and f.extra["occurrences"] == 3


def test_hidden_internal_menu_and_shown_tabs_are_normal_but_a_hidden_foreign_link_is_not():
    # the same markup that hides a drop-down menu hides a dark link once its href leaves the site
    html = _notice(footer_extra='<div style="display:none"><a href="/xxgk/">信息公开</a>'
                                '<a href="http://www.mof.gov.cn/">财政部</a><a href="http://weibo.com/qs">官方微博</a></div>')
    assert check_page({"browser": fetch(html)}, ALLOWED, SITE) == []
    html = _notice(footer_extra='<div style="display:none"><a href="/xxgk/">信息公开</a>'
                                '<a href="http://qs-news.top/">青山新闻</a></div>')
    [f] = check_page({"browser": fetch(html)}, ALLOWED, SITE)
    assert f.kind == "hidden_link" and "qs-news.top" in f.evidence


def test_allowed_domain_is_not_foreign():
    html = _notice(footer_extra='<div style="display:none"><a href="http://partner.example.org/">合作单位</a></div>')
    assert [f.kind for f in check_page({"browser": fetch(html)}, ALLOWED, SITE)] == ["hidden_link"]
    assert check_page({"browser": fetch(html)}, ALLOWED | {"example.org"}, SITE) == []


def test_referrer_conditioned_redirect_says_so_and_names_the_target():
    [f] = check(by_name("referrer_conditioned_script"))
    assert "document.referrer" in f.evidence and "www.bet365-cn.top" in f.evidence


def test_server_side_referrer_redirect_is_reported_for_that_profile():
    [f] = check(by_name("referrer_server_side"))
    assert f.kind == "foreign_redirect" and f.profile == "search_referrer"
    assert "www.bet365-cn.top" in f.evidence


def test_cloaking_is_reported_for_the_spider_profile_with_what_only_it_sees():
    [f] = check(by_name("spider_cloaking_title_and_links"))
    assert f.kind == "cloaking" and f.profile == "spider"
    assert "澳门新葡京" in f.evidence
    [f] = check(by_name("spider_cloaking_links_only"))
    assert "www.k8s-jz.xyz" in f.evidence and f.selector == 'a[href="http://www.k8s-jz.xyz/"]'


def test_spam_in_both_views_is_plain_spam_not_cloaking():
    html = _notice(footer_extra='<div style="display:none"><a href="http://www.xpj888.xyz/">新葡京</a></div>')
    found = check_page({"browser": fetch(html), "spider": fetch(html + "<!-- 2 -->", "spider")}, ALLOWED, SITE)
    assert [f.kind for f in found] == ["hidden_link"]


def test_obfuscated_script_alone_is_medium_and_decoding_reveals_what_it_writes():
    [f] = check(by_name("packer_plain"))
    assert f.severity == MEDIUM and "p,a,c,k,e,d" in f.evidence
    found = {f.kind: f for f in check(by_name("packer_writes_hidden_links"))}
    assert found["hidden_link"].severity == HIGH and "www.am88js-vip.com" in found["hidden_link"].evidence
    assert "document.write" in unpack(pack("document.write('x');"))


def test_escaped_chinese_in_ordinary_scripts_is_not_obfuscation():
    assert obfuscation('var m="\\u6b22\\u8fce\\u8bbf\\u95ee\\u9752\\u5c71\\u53bf\\u4eba\\u6c11";') == []
    assert obfuscation('var m="\\u0068\\u0074\\u0074\\u0070\\u003a\\u002f\\u002f\\u0078\\u002e";') == ["长串 \\u 转义"]


def test_title_hijack_points_at_the_head_field():
    [f] = check(by_name("keywords_stuffing"))
    assert f.selector == 'meta[name="keywords"]' and "澳门新葡京" in f.evidence


def test_spam_words_are_normalised_before_matching():
    assert spam.normalize("澳\u200b門(ao)新 葡京ＢＥＴ３６５") == "澳门新葡京bet365"
    assert spam.assess("ＮＢＡ直播吧").words == ["nba直播吧"]


def test_legitimate_context_excuses_weak_words_but_not_brand_names():
    assert not spam.assess("严厉打击网络赌博、六合彩、时时彩").flagged(spam.STRUCTURAL)
    assert spam.assess("严厉打击 澳门金沙 真人视讯").flagged(spam.STRUCTURAL)


def test_a_50kb_page_is_checked_in_a_few_milliseconds():
    body = "".join(f'<div class="item"><a href="/xxgk/{i}.html">关于第{i}项工作的通知</a></div>' + NORMAL_BODY
                   for i in range(110))
    html = _notice(body)
    assert len(html.encode()) > 50_000
    pages = {"browser": fetch(html), "spider": fetch(html, "spider"), "search_referrer": fetch(html, "search_referrer")}
    parsed = {"browser": parse_html(URL, html)}
    check_page(pages, ALLOWED, SITE, parsed=parsed)
    start = time.perf_counter()
    for _ in range(10):
        assert check_page(pages, ALLOWED, SITE, parsed=parsed) == []
    per_page = (time.perf_counter() - start) / 10
    assert per_page < 0.05, f"{per_page * 1000:.1f} ms"       # a few ms on an idle core; generous for CI


def test_clean_page_without_other_profiles():
    assert check_page({"browser": fetch(CLEAN)}, ALLOWED, SITE) == []
