"""Fuzz: the stylesheet reader (站内样式表), the injected-script check, the spliced-phrase check, the
running-text year reader of the inspection and the CLI's state comparison — each returns within the time
bound on arbitrary input and keeps its output bounded."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from .conftest import fuzz
from .targets import _Clock

CSS = st.lists(st.one_of(st.text(max_size=30), st.sampled_from([
    "{", "}", "::before", ":after", "content:", "\"", "'", "\\6fb3", "\\", "@import url(", "//x.cn/a.css", ")",
    "body", ".content", "display:none", "left:-9999px", "@media print{", ";", "/*", "*/", "澳门金沙", "www.a.com",
])), max_size=120).map("".join)
HTML = st.lists(st.one_of(st.text(max_size=30), st.sampled_from([
    "<script src=", "https://lefengtv.com/site.js", "></script>", "<a>", "</a>", "<li>", "<link rel=stylesheet href=",
    "//cdn.bootcdm.cn/x.css", ">", "<script>", "\\x68\\x74\\x74\\x70\\x73\\x3a\\x2f\\x2f", "a.js", "</script>",
    "亚洲", "欧美", "日韩", "在线", "经了解", "贯彻落实", "。", "<p>", "<style>", "::after{content:'x'}", "</style>",
])), max_size=120).map("".join)
TEXT = st.lists(st.one_of(st.text(max_size=20), st.sampled_from([
    "2020", "年", "度", "1月1日", "至", "12月31日", "。", "\n", "政府信息公开工作年度报告", "二〇二一", "底", "我局",
])), max_size=80)


@fuzz
@given(CSS)
def test_stylesheet_findings(css):
    from gongkai.domain.watch import stylesheets

    with _Clock():
        found = stylesheets.findings(css, lambda url: "127.0.0.1" not in url, "x ")
        stylesheets.added_tricks(css)
    assert len(found) <= 4


@fuzz
@given(HTML)
def test_injected_and_spliced(html):
    from gongkai.domain.watch import injected, splice
    from gongkai.domain.watch.page import parse_html

    with _Clock():
        view = parse_html("http://127.0.0.1/a.html", html)
        found = injected.injected_scripts(view, lambda url: "127.0.0.1" not in url)
        places = splice.spliced_places(view.text)
    assert len(found) <= html.count("<") + len(view.scripts)
    assert all(p.phrase and p.phrase in view.text for p in places)


@fuzz
@given(TEXT)
def test_running_text_year(paragraphs):
    from gongkai.domain.annual_report.extract import running_text_year

    with _Clock():
        year = running_text_year(paragraphs)
    assert year is None or 1900 <= year <= 2099


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                       lambda children: st.lists(children, max_size=4) | st.dictionaries(
                           st.sampled_from(["version", "open", "third_party", "finished", "url", "kind"]), children,
                           max_size=5), max_leaves=20)


@fuzz
@given(JSONISH)
def test_state_comparison_takes_any_previous_document(previous):
    from gongkai.domain.watch.findings import Finding
    from gongkai.domain.watch.runstate import compare

    finding = Finding("http://127.0.0.1/", "integrity", "hidden_link", "high", "x")
    with _Clock():
        changes = compare(previous, "http://127.0.0.1/", dt.datetime(2026, 12, 3, tzinfo=dt.UTC), [finding], None,
                          {"http://x.cn/a.js": "http://127.0.0.1/"})
    assert changes.state["version"] == 1 and len(changes.state["open"]) >= 1
