"""Tokens, queries, snippets and relevance of the catalog search (pure Python)."""
import re

from hypothesis import given, settings
from hypothesis import strategies as s

from gongkai.domain import search_text as st


def phrase_matches(doc_tokens, term):
    """What FTS5 / tsquery do with a phrase: adjacent tokens, the prefix flag honoured."""
    toks = term.tokens
    for start in range(len(doc_tokens) - len(toks) + 1):
        if all(doc_tokens[start + k].startswith(t.text) if t.prefix else doc_tokens[start + k] == t.text
               for k, t in enumerate(toks)):
            return True
    return False


def found(text, query):
    q = st.parse_query(query)
    tokens = st.index_tokens(text)
    return q.ok and all(phrase_matches(tokens, term) for term in q.terms)


# ------------------------------------------------------------------------- tokens

def test_index_tokens_are_overlapping_bigrams_and_words():
    assert st.index_tokens("精准扶贫工作") == ["精准", "准扶", "扶贫", "贫工", "工作", "作"]
    assert st.index_tokens("示政发〔２０２４〕15号") == ["示政", "政发", "发", "2024", "15", "号"]
    assert st.index_tokens("COVID-19 疫苗") == ["covid", "19", "疫苗", "苗"]
    assert st.index_tokens("二〇二四年") == ["二〇", "〇二", "二四", "四年", "年"]
    assert st.index_tokens("") == [] and st.index_tokens("，。！") == []


def test_index_text_has_no_characters_the_engines_treat_as_syntax():
    text = st.index_text('关于"扶贫"的*通知*（2024）：a_b & c|d <e>')
    assert re.fullmatch(r"[^\"*:()&|<>!'_]+", text)


def test_long_words_are_clipped():
    assert st.index_tokens("a" * 500) == ["a" * st.MAX_WORD_CHARS]


# ------------------------------------------------------------------------ queries

def test_word_inside_a_longer_word():
    assert found("开展精准扶贫工作", "扶贫")
    assert found("农村低保对象", "农村低保")
    assert not found("农村的低保对象", "农村低保")
    assert not found("精准扶持贫困户", "扶贫")


def test_single_character_is_a_prefix_query():
    q = st.parse_query("镇")
    assert q.terms[0].tokens == (st.Token("镇", prefix=True),)
    assert q.single_char and q.message == st.SINGLE_CHAR_HINT
    assert found("河口镇", "镇") and found("镇政府", "镇") and found("镇", "镇") and not found("乡政府", "镇")


def test_mixed_scripts_form_one_phrase():
    assert found("2024年度报告", "2024年度")
    assert found("年度报告2024", "报告2024")
    assert found("宁政办发〔2024〕15号", "办发〔2024〕15号")
    assert not found("宁政办发〔2024〕150号", "〔2024〕15号")
    assert not found("报告 2024", "告2025")


def test_terms_split_on_spaces_and_list_punctuation():
    q = st.parse_query("扶贫  低保，医保、养老;社保 扶贫")
    assert [t.source for t in q.terms] == ["扶贫", "低保", "医保", "养老", "社保"]


def _latin(ch):
    return ch.isascii() and ch.isalnum()


@given(s.text(alphabet="扶贫农村低保工作精准资金镇乡2024ab，。 ", min_size=1, max_size=60), s.data())
@settings(max_examples=500, deadline=None)
def test_recall_is_complete_for_every_substring(text, data):
    """Any substring is found, unless it cuts a Latin/digit word (those match whole)."""
    i = data.draw(s.integers(0, len(text) - 1))
    j = data.draw(s.integers(i + 1, len(text)))
    sub = text[i:j]
    cuts_a_word = (i > 0 and _latin(text[i - 1]) and _latin(text[i])) or (
        j < len(text) and _latin(text[j - 1]) and _latin(text[j]))
    q = st.parse_query(sub)
    if q.ok and not cuts_a_word and q.message != st.MESSAGE_TOO_MANY_TERMS:
        assert found(text, sub), (text, sub)


@given(s.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_parse_query_never_raises_and_quotes_stay_out_of_engine_syntax(raw):
    q = st.parse_query(raw)
    if q.ok:
        fts = st.fts5_match(q)
        pg = st.pg_tsquery(q)
        for tok in (t for term in q.terms for t in term.tokens):
            assert '"' not in tok.text and "'" not in tok.text and "\\" not in tok.text
        assert fts and pg
    else:
        assert q.message


def test_messages_for_bad_input():
    assert st.parse_query("").message == st.MESSAGE_EMPTY
    assert st.parse_query(None).message == st.MESSAGE_EMPTY
    assert st.parse_query("字" * (st.MAX_QUERY_CHARS + 1)).message == st.MESSAGE_TOO_LONG
    assert st.parse_query('"*:^()').message == st.MESSAGE_NO_WORDS
    many = st.parse_query(" ".join(f"词{n}" for n in range(15)))
    assert len(many.terms) == st.MAX_TERMS and many.message == st.MESSAGE_TOO_MANY_TERMS


def test_engine_syntax():
    q = st.parse_query("农村低保 镇")
    assert st.fts5_match(q) == '("农村" + "村低" + "低保") AND ("镇"*)'
    assert st.fts5_match(q, "§") == '("§农村" + "§村低" + "§低保") AND ("§镇"*)'
    assert st.pg_tsquery(q) == "('农村' <-> '村低' <-> '低保') & ('镇':*)"
    assert st.fts5_any([["¶u1", "¶u2"], ["¶y2024"]]) == '("¶u1" OR "¶u2") AND ("¶y2024")'
    assert st.index_text("扶贫", "§") == "§扶贫 §贫"
    assert st.pg_any([["u1", "u2"], ["y2024"]]) == "('u1' | 'u2') & ('y2024')"


def test_relaxed_query_cuts_long_terms_into_words():
    relaxed = st.relaxed_query(st.parse_query("低保申请条件"))
    assert [t.source for t in relaxed.terms] == ["低保", "申请", "条件"]
    assert "低保" in st.describe_relaxed(st.parse_query("低保申请条件"), relaxed)
    assert st.relaxed_query(st.parse_query("低保")) is None


# ---------------------------------------------------------------------- snippets

def test_highlight_escapes_and_marks():
    q = st.parse_query("扶贫")
    assert st.highlight("<b>精准扶贫</b>", q) == "&lt;b&gt;精准<mark>扶贫</mark>&lt;/b&gt;"
    assert st.highlight("无关", q) == "无关"


def test_marks_follow_the_original_text_through_normalization():
    q = st.parse_query("2024年")
    assert st.highlight("２０２４年", q) == "<mark>２０２４年</mark>"
    assert st.highlight("COVID疫情", st.parse_query("covid")) == "<mark>COVID</mark>疫情"


def test_word_marks_are_whole_words():
    q = st.parse_query("15号")
    assert st.highlight("第15号和第115号", q) == "第<mark>15号</mark>和第115号"


def test_snippet_is_a_window_around_the_matches():
    text = "开头。" * 50 + "做好低保工作，低保资金按月发放。" + "结尾。" * 50
    out = st.snippet(text, st.parse_query("低保"))
    assert out.startswith("…") and out.endswith("…")
    assert out.count("<mark>低保</mark>") == 2
    assert len(re.sub(r"</?mark>", "", out)) <= st.SNIPPET_CHARS + 2


def test_snippet_without_match_is_the_beginning():
    assert st.snippet("短  文本\n第二行", st.parse_query("扶贫")) == "短 文本 第二行"
    assert st.snippet("", st.parse_query("扶贫")) == ""


@given(s.text(max_size=400), s.text(max_size=20))
@settings(max_examples=300, deadline=None)
def test_snippet_output_is_safe_html(text, raw):
    q = st.parse_query(raw)
    for out in (st.snippet(text, q), st.highlight(text, q)):
        assert "<" not in re.sub(r"</?mark>", "", out)
        assert '"' not in out and ">" not in re.sub(r"</?mark>", "", out)


# --------------------------------------------------------------------- relevance

def test_relevance_prefers_more_and_title_occurrences():
    q = st.parse_query("低保")
    scores = st.relevance(q, [("通知", "低保。" * 5), ("通知", "低保。"), ("低保通知", "低保。"), ("通知", "无关。")])
    assert scores[0] > scores[1] and scores[2] > scores[1] and scores[3] == 0


def test_idf_weighs_rare_terms_more():
    assert st.idf(10, 100_000) > st.idf(50_000, 100_000) > 0
    q = st.parse_query("低保 工作")
    docs = [("", "低保低保工作"), ("", "低保工作工作")]
    a, b = st.relevance(q, docs, [st.idf(10, 10_000), st.idf(9_000, 10_000)])
    assert a > b
