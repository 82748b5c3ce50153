"""Fuzzing the site import's page reader (read_detail, classify, list_links) on old-site HTML."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from . import targets
from .conftest import fuzz
from .test_fuzz_documents import mutate

_REAL = sorted((Path(__file__).resolve().parents[1] / "data" / "site_import").glob("*.html"))
_PIECES = [
    "<table><tr><td>", "索&nbsp;引&nbsp;号：", "信息索引号", "发布日期：", "成文日期", "2024年13月40日", "2024-01-05",
    "</td><td>", "</td></tr></table>", "<dl><dt>", "发文机关", "</dt><dd>", "</dd></dl>", "<div id='zoom'>", "</div>",
    "<div class=TRS_Editor>", "<meta name='ArticleTitle' content='", "<meta name=PubDate content=", "'>",
    "<a href='", "/module/download/downfile.jsp?filename=a.pdf", "下一页", "</a>", "<script>", "</script>",
    "createPageHTML(", "99999999, 0, 'index', 'html')", "var countPage = 7;", "createPageHTML(countPage, x, 'i', 'h')",
    "javascript:", "http://[::1", "\x00", "&#x110000;", "<p>", "：", "　", "\u00a0", "<div>" * 50,
    "<script type=text/xml><datastore><recordset>", "<record><![CDATA[", "]]></record>", "</datastore>",
    "<nextgroup><![CDATA[<a href='/module/web/jpage/dataproxy.jsp?page=1&columnid=1&unitid=2'></a>]]></nextgroup>",
    "$('#1').jpage({", "totalRecord:", "999999999", "perPage:1,groupSize:1,", "proxyUrl:'//evil.example/x.jsp',",
    "ajaxParam:{columnid:1,path:'/',webname:'青山'}", "var param_1 = {columnid:'2', unitid:3};", "<totalrecord>7</totalrecord>",
]


@fuzz
@given(html=st.one_of(st.text(max_size=2000), st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)))
def test_site_import_html(html):
    targets.site_import_html(html)


@fuzz
@given(data=st.data())
def test_site_import_real_pages_mutated(data):
    seed = _REAL[data.draw(st.integers(0, len(_REAL) - 1))].read_bytes()
    targets.site_import_html(data.draw(mutate(seed)).decode("utf-8", "replace"))
