"""Issue 13: an item body pasted from Word keeps its structure (table, list, bold, paragraphs)
and loses Word's markup; a body typed without JavaScript keeps its line breaks."""
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.domain.richtext import clean_body, html_to_text

WORD = (Path(__file__).resolve().parents[1] / "realdata" / "word" / "clipboard-gongshi-table.html").read_text("utf-8")


def test_word_paste_keeps_table_cells_list_and_bold():
    body = clean_body(WORD)
    assert "<table>" in body and body.count("<tr>") == 3
    assert "<td colspan=\"2\">" in body and "合计" in body and "救助金额（元）" in body
    assert "<ol>" in body and body.count("<li>") == 2
    assert "<b>2026年12月1日至12月7日</b>" in body
    assert "城关街道2026年第四季度临时救助发放情况公示" in body
    text = html_to_text(body)
    assert "南门社区" in text and "1500" in text and "公示期：2026年12月1日至12月7日；" in text


def test_word_paste_drops_word_markup():
    body = clean_body(WORD)
    for dropped in ("mso-", "Mso", "<o:p", "style=", "class=", "<!--", "[if", "endif", "<xml", "仿宋_GB2312",
                    "font-face", "WordSection1", "file:", "supportLists", "Times New Roman", "<meta", "<head"):
        assert dropped not in body, dropped
    assert "1.\xa0" not in body and "·" not in body  # the list marker is the <ol>'s now, not text


def test_bullet_list_becomes_ul():
    word = ("<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]>"
            "<span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span>&nbsp;</span></span></span>"
            "<![endif]>低保<o:p></o:p></p>\n<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'>"
            "<![if !supportLists]><span style='mso-list:Ignore'>·</span><![endif]>特困<o:p></o:p></p>")
    assert clean_body(word) == "<ul><li>低保</li>\n<li>特困</li></ul>"


def test_typed_text_keeps_line_breaks_and_paragraphs():
    typed = "第一行\r\n第二行\r\n\r\n第二段 <b>不是标签</b>"
    assert clean_body(typed.replace("<b>", "").replace("</b>", "")) == "<p>第一行<br>第二行</p><p>第二段 不是标签</p>"


def test_typed_text_is_escaped_not_interpreted():
    assert clean_body("a < b & c") == "<p>a &lt; b &amp; c</p>"


def test_scripts_in_a_word_paste_are_dropped():
    word = WORD.replace("<!--EndFragment-->", "<script>alert(1)</script><img src=x onerror=alert(1)><!--EndFragment-->")
    body = clean_body(word)
    assert "script" not in body and "onerror" not in body and "alert" not in body


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_clean_body_is_idempotent_and_never_raises(raw):
    once = clean_body(raw)
    assert clean_body(once) == once
