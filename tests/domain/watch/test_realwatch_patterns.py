"""Spam-title grammar, pasted-on phrases and injected loader scripts (real patterns of
tests/realdata/SOURCES.md: the spun zhixie article, maccms issues 12 and 985)."""
from pathlib import Path

import pytest

from gongkai.domain.watch import injected, spam, splice
from gongkai.domain.watch.integrity import check_page
from gongkai.domain.watch.page import FetchedPage

DATA = Path(__file__).resolve().parents[2] / "realdata" / "watch"
URL = "http://127.0.0.1:8000/xxgk/page.html"


def kinds(html: str) -> dict:
    page = FetchedPage(URL, final_url=URL, status=200, content_type="text/html", text=html)
    return {f.kind: f for f in check_page({"browser": page}, set(), {"127.0.0.1"})}


@pytest.mark.parametrize("text", ["亚洲图欧美日韩在线", "亚洲欧美色图视频", "韩日欧美一区", "国产精品亚洲"])
def test_porn_title_grammar_is_spam_without_a_lexicon_entry(text):
    assert spam.assess(text).flagged(spam.STRUCTURAL)


@pytest.mark.parametrize("text", ["产品出口欧美日韩等国家和地区", "推进国产化替代和亚洲在线平台建设",
                                  "与日本韩国欧洲在线召开视频会议"])
def test_region_words_in_prose_are_not_spam(text):
    assert spam.scan(text)[1] == []


def test_a_porn_title_pasted_onto_a_sentence_is_spliced_even_on_a_page_about_porn_sites():
    found = kinds((DATA / "zhixie_spliced_article.html").read_text(encoding="utf-8"))
    place, = found["spliced_spam"].extra["places"]
    assert place["phrase"] == "亚洲图欧美日韩在线"
    assert place["sentence"].startswith("亚洲图欧美日韩在线经了解")
    assert "句子开头" in place["reasons"][0]


def test_an_article_that_names_porn_sites_is_not_spliced():
    text = ("日前,网上一篇文章指出,词条援用的网址竟变成色情网站,引起部分媒体和公众的关注。"
            "经了解,不法分子通过在网站页面载入js植入代码,而受害者更多是政府、学校网站。")
    assert splice.spliced_places(text) == []


def test_scripts_injected_into_text_fields_are_named_with_why():
    found = kinds((DATA / "maccms_field_script_injection.html").read_text(encoding="utf-8"))
    evidence = found["injected_script"].evidence
    assert "lefengtv.com" in evidence and "<a>" in evidence and "引用8次" in evidence
    assert "co.puretou.com" in evidence and "jquery" in evidence


def test_a_look_alike_push_script_hidden_in_escapes_is_found_and_the_genuine_one_is_not():
    bad = kinds((DATA / "baidu_push_typosquat.html").read_text(encoding="utf-8"))
    assert "zz.bdustatic.com" in bad["injected_script"].evidence and "bdstatic.com" in bad["injected_script"].evidence
    assert kinds((DATA / "baidu_push_genuine.html").read_text(encoding="utf-8")) == {}


def test_a_statistics_script_in_the_head_is_not_injected():
    html = ('<html><head><script src="https://hm.baidu.com/hm.js?abc"></script>'
            '<script src="https://s4.cnzz.com/z_stat.php?id=1"></script></head>'
            '<body><p>通知公告</p></body></html>')
    assert "injected_script" not in kinds(html)


@pytest.mark.parametrize(("url", "like"), [("https://zz.bdustatic.com/push.js", "bdstatic.com"),
                                           ("https://co.puretou.com/iquery.min.js", "jquery"),
                                           ("https://zz.bdstatic.com/linksubmit/push.js", None),
                                           ("https://example.org/jquery.min.js", None)])
def test_lookalike(url, like):
    assert injected.lookalike(url) == like
