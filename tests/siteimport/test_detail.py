"""read_detail: the metadata and body of old-site detail pages (generated layouts and real pages)."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import httpx
import pytest

from gongkai.domain.site_import.detail import MAX_HTML_CHARS, parse_date, read_detail
from gongkai.watch.crawler import decode_html
from tests.siteimport import sitegen

DATA = Path(__file__).resolve().parent.parent / "data" / "site_import"


def _real(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("layout", sitegen.LAYOUTS)
def test_every_generated_page_reads_back_exactly(cms_site, layout):
    """Each layout's spelling of the labels (索&nbsp;引&nbsp;号, 信息索引号, dl/dt, 文　　号, 时 效 性 …),
    its date format and its charset give back the item as published, attachments included."""
    site = cms_site(layout)
    for item in site.items:
        url = site.detail_url(item)
        response = httpx.get(url, trust_env=False)
        text, _ = decode_html(response.content, response.headers.get("content-type", ""))
        record = read_detail(text, url)
        assert (record.title, record.index_number, record.doc_number, record.publisher) == \
            (item.title, item.index_number, item.doc_number, item.publisher)
        assert (record.written_on, record.published_on) == (item.written_on, item.published_on)
        assert (record.topic, record.genre, record.validity) == (item.topic, item.genre, item.validity)
        assert record.body_html == item.body_html
        assert [(a.url, a.name) for a in record.attachments] == \
            [(site.file_url(item, f), f.name) for f in item.attachments]
        assert record.problems == ()


def test_real_trs_page_with_meta_tags_only():
    url = "http://www.mee.gov.cn/ywdt/hjywnews/202204/t20220417_974894.shtml"
    record = read_detail(_real("mee_trs_t20220417_974894.html"), url)
    assert record.title == "生态环境部一周要闻（4.10-4.16）"
    assert record.published_on == dt.date(2022, 4, 17)
    assert record.publisher == "生态环境部"
    assert record.column == "环境要闻"
    assert record.body_html.count("<b>") == 3 and "生态环境部召开部常务会议" in record.body_html
    assert "分享到" not in record.body_html and "<script" not in record.body_html
    assert record.attachments == ()
    assert record.problems == ("未找到索引号",)


def test_real_government_document_table():
    record = read_detail(_real("yantai_zfwj_2019_xuequ.html"), "http://www.yantai.gov.cn/art/2019/6/12/art_1_2.html")
    assert record.index_number == "165427000081053410/2019-32763"
    assert record.title == "2019年烟台市重点中学学区划分"
    assert record.publisher == "烟台市教育局"
    assert record.topic == "教育"
    assert record.written_on == dt.date(2019, 6, 11)
    assert record.published_on == dt.date(2019, 6, 12)
    assert record.doc_number == ""                   # an empty cell, not the next row's text
    assert "滨海路151号" in record.body_html and "<table>" in record.body_html
    assert 'src="http://www.yantai.gov.cn/art/2019/6/12/images/body/xuequ.png"' in record.body_html
    assert "打印本页" not in record.body_html
    assert record.problems == ()


def test_real_fragment_without_metadata_names_what_is_missing():
    record = read_detail(_real("wenzhou_hanweb_zoom_fragment.html"), "http://www.wenzhou.gov.cn/art/1.html")
    assert "359名新民警" in record.body_html
    assert record.problems == ("未找到标题", "未找到索引号", "未找到发布日期")


def test_label_variants_inline_and_dates():
    html = ("<html><head><title>关于某事的通知_某县人民政府</title></head><body>"
            "<ul class='info'><li><span>信息索引号：</span><span>ABC123/2024-00001</span></li>"
            "<li>发布机构：<a>某县民政局</a></li>"
            "<li>发文日期：2024/01/05</li><li>公开日期：二〇二四年</li><li>公开方式：主动公开</li></ul>"
            "<div class='info'>发布时间：2024-01-08 10:00 来源：县民政局 浏览次数：12</div>"
            "<div class='article-content'><p>正文第一段，足够长的内容。</p><p>成文日期：不是元数据</p></div>"
            "</body></html>")
    record = read_detail(html, "http://x.gov.cn/a.html")
    assert record.index_number == "ABC123/2024-00001"
    assert record.publisher == "某县民政局"            # 发布机构 outranks 来源
    assert record.written_on == dt.date(2024, 1, 5)
    assert record.published_on == dt.date(2024, 1, 8)
    assert record.title == "关于某事的通知"
    assert ("公开方式", "主动公开") in record.fields
    assert not any("无法识别" in p for p in record.problems)   # 发布时间 had a readable date
    assert "成文日期：不是元数据" in record.body_html


def test_body_is_sanitised_by_the_platform_allow_list():
    html = ("<meta name='ArticleTitle' content='标题甲'><div id='zoom'><p onclick='x()'>文字</p>"
            "<script>alert(1)</script><iframe src='http://evil.example/'></iframe>"
            "<a href='javascript:alert(1)'>链接</a><img src='/a.png' onerror='x()'></div>")
    record = read_detail(html, "http://x.gov.cn/c/d.html")
    assert "<script" not in record.body_html and "onclick" not in record.body_html
    assert "iframe" not in record.body_html and "javascript:" not in record.body_html
    assert '<img src="http://x.gov.cn/a.png">' in record.body_html


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-01-05", dt.date(2024, 1, 5)), ("2024年1月5日", dt.date(2024, 1, 5)),
    ("2024/01/05 10:00", dt.date(2024, 1, 5)), ("2024.1.5", dt.date(2024, 1, 5)),
    ("20240105", dt.date(2024, 1, 5)), ("２０２４－０１－０５", dt.date(2024, 1, 5)),
    ("2024-02-30", None), ("无", None), ("", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_oversized_and_deep_input_is_bounded():
    deep = "<div>" * 100_000 + "<p>正文</p>" + "</div>" * 100_000      # unbounded, Lexbor takes ~40 s
    started = time.monotonic()
    record = read_detail(deep, "http://x.gov.cn/a.html")
    assert time.monotonic() - started < 2
    assert "页面元素嵌套超过 400 层，只读取了前面部分" in record.problems
    paragraphs = "<p>段落" * 5_000 + "<li>条目" * 5_000             # implicitly closed: not "deep"
    assert not any("嵌套" in p for p in read_detail(paragraphs, "http://x.gov.cn/a.html").problems)
    huge = "<p>" + "字" * (MAX_HTML_CHARS + 10) + "</p>"
    record = read_detail(huge, "http://x.gov.cn/a.html")
    assert any("只读取了前面部分" in p for p in record.problems)
