"""Tamper check (spec watch.md §5.2): the approved text of a published item against the live page."""
from gongkai.domain.watch.page import parse_html
from gongkai.domain.watch.tamper import check_page, diff, normalise

URL = "http://127.0.0.1/tzgg/2026/1120/88.html"
APPROVED = ("关于做好2026年冬季防火工作的通知\n各社区居委会、辖区各单位：\n"
            "为切实做好今冬明春森林防火工作，确保人民群众生命财产安全，现将有关事项通知如下。\n"
            "一、提高思想认识。各单位要充分认识防火工作的重要性，把防火工作摆上重要议事日程。\n"
            "二、落实工作责任。实行“谁主管、谁负责”，层层签订责任书，责任到人。\n"
            "三、加强值班值守。严格执行24小时值班和领导带班制度，确保信息畅通。\n"
            "特此通知。\n某某街道办事处\n2026年11月20日")


def live_page(body_html: str, sidebar: str = "<li><a href='/1'>街道召开安全生产会议</a></li>") -> str:
    html = (f"<html><body><div class='header'><a href='/'>首页</a> &gt; <a href='/tzgg/'>通知公告</a></div>"
            f"<div class='tools'>字号：大 中 小 【打印本页】 浏览次数：1289</div>"
            f"<div class='content'>{body_html}</div>"
            f"<div class='side'><h3>相关新闻</h3><ul>{sidebar}</ul></div>"
            f"<div class='footer'>©2019 某某街道办事处 版权所有 湘ICP备12345678号</div></body></html>")
    return parse_html(URL, html).text


def as_html(text: str) -> str:
    return "".join(f"<p>{line}</p>" for line in text.split("\n"))


def test_intact_body_inside_a_changed_template_is_not_tampered():
    live = live_page(as_html(APPROVED), sidebar="<li><a href='/9'>澳门赌场 体育直播 免费看</a></li>")
    assert check_page(URL, live, APPROVED) == []
    assert diff(APPROVED, live) == {"inserted": [], "removed": []}


def test_whitespace_width_and_punctuation_variants_are_not_changes():
    variant = (APPROVED.replace("，", ",").replace("：", ":").replace("24", "２４").replace("“", '"')
               .replace("”", '"').replace("。", "．").replace("\n", "\n  \u3000"))
    assert check_page(URL, live_page(as_html(variant)), APPROVED) == []
    assert normalise("ＡＢＣ １２３，  测 试") == normalise("ABC 123, 测试")


def test_spliced_spam_is_shown_as_the_inserted_passage():
    tampered = APPROVED.replace("确保信息畅通。", "确保信息畅通。<span>澳门新葡京娱乐场官网 www.xpj888.com 注册送88元</span>")
    [finding] = check_page(URL, live_page(as_html(tampered)), APPROVED)
    assert (finding.category, finding.kind, finding.severity) == ("tamper", "text_changed", "high")
    # normalised text: no space between Chinese and Latin, one between Latin words
    assert finding.extra["inserted"] == ["澳门新葡京娱乐场官网www.xpj888.com注册送88元"]
    assert finding.extra["removed"] == []
    assert "插入" in finding.evidence and "澳门新葡京" in finding.evidence


def test_word_replacement_inside_a_sentence_shows_inserted_and_removed():
    tampered = APPROVED.replace("层层签订责任书", "层层签订体育直播责任书").replace("领导带班", "领导轮休")
    changes = diff(APPROVED, live_page(as_html(tampered)))
    assert changes["inserted"] == ["体育直播", "轮休"]
    assert changes["removed"] == ["带班"]


def test_removed_passage_is_reported():
    tampered = APPROVED.replace("二、落实工作责任。实行“谁主管、谁负责”，层层签订责任书，责任到人。\n", "")
    [finding] = check_page(URL, live_page(as_html(tampered)), APPROVED)
    assert finding.extra["inserted"] == []
    assert finding.extra["removed"] == ['二、落实工作责任。实行"谁主管、谁负责"，层层签订责任书，责任到人。']
    assert "删除" in finding.evidence


def test_body_replaced_entirely():
    [finding] = check_page(URL, live_page("<p>本站已被黑 联系QQ 123456</p>"), APPROVED)
    assert finding.severity == "high" and "找不到已发布的正文" in finding.evidence


def test_evidence_keeps_three_passages_of_eighty_characters():
    sentences = APPROVED.split("\n")
    tampered = "\n".join(s + ("赌" * 200 if i in (2, 3, 4, 5) else "") for i, s in enumerate(sentences))
    [finding] = check_page(URL, live_page(as_html(tampered)), APPROVED)
    assert len(finding.extra["inserted"]) == 3
    assert all(len(p) <= 80 for p in finding.extra["inserted"])
    assert "等4处" in finding.evidence
    assert len(diff(APPROVED, live_page(as_html(tampered)))["inserted"]) == 4


def test_empty_approved_text_is_never_a_finding():
    assert check_page(URL, live_page("<p>任意内容</p>"), "") == []
