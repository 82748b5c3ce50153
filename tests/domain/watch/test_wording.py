"""Serious wording errors (严重表述错误): wrong official names are found with the right form; the
right forms themselves and a site's own rules behave as a clerk expects."""
from gongkai.domain.watch.config import WordingRule
from gongkai.domain.watch.wording import DEFAULT_RULES, check_text

URL = "http://www.qingshan.gov.cn/xxgk/a.html"


def test_wrong_names_are_found_with_the_right_form_and_context():
    text = "根据《政府信息公开法》和国务院办公室有关通知，现将我县情况报告如下。"
    [f] = check_text(URL, text, DEFAULT_RULES)
    assert (f.category, f.kind, f.severity) == ("wording", "wording_error", "high")
    assert "“政府信息公开法”应为“中华人民共和国政府信息公开条例”" in f.evidence
    assert "“国务院办公室”应为“国务院办公厅”" in f.evidence
    assert [e["wrong"] for e in f.as_json()["errors"]] == ["政府信息公开法", "国务院办公室"]


def test_correct_text_is_not_flagged():
    text = ("根据《中华人民共和国政府信息公开条例》（国务院令第711号）和国务院办公厅有关要求，"
            "深入学习贯彻习近平新时代中国特色社会主义思想。")
    assert check_text(URL, text, DEFAULT_RULES) == []


def test_a_wrong_form_inside_the_right_form_is_not_an_error():
    rules = [WordingRule("青山县政府", "青山县人民政府")]
    assert check_text(URL, "青山县人民政府办公室", rules) == []
    [f] = check_text(URL, "青山县政府办公室", rules)
    assert "青山县人民政府" in f.evidence


def test_longer_rule_wins_over_the_shorter_one_on_the_same_words():
    [f] = check_text(URL, "依照中华人民共和国政府信息公开法第十条", DEFAULT_RULES)
    assert [e["wrong"] for e in f.extra["errors"]] == ["中华人民共和国政府信息公开法"]


def test_no_rules_or_no_text():
    assert check_text(URL, "国务院办公室", []) == []
    assert check_text(URL, "", DEFAULT_RULES) == []
