"""The watchdog on real pages (tests/realdata/watch, sources in SOURCES.md): the founding report's
spliced "西甲直播" found in its three places, its clean copy and real government pages left alone,
hijacked mirrors found, anti-fraud titles with 裸聊 not flagged."""
import json
from pathlib import Path

import pytest

from gongkai.domain.watch import hijack, splice, spam
from gongkai.domain.watch.integrity import check_page
from gongkai.domain.watch.page import FetchedPage, parse_html

DATA = Path(__file__).resolve().parents[1] / "realdata" / "watch"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
URL = "http://127.0.0.1:8000/xxgk/2016nb.html"


def findings(name: str):
    html = (DATA / name).read_text(encoding="utf-8")
    page = FetchedPage(URL, final_url=URL, status=200, content_type="text/html; charset=utf-8", text=html)
    return check_page({"browser": page}, set(), {"127.0.0.1"})


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_real_page_found_or_not_found(name):
    expected = EXPECTED[name]
    if expected.get("known_miss"):
        pytest.xfail(expected["known_miss"])
    found = findings(name)
    assert sorted({f.kind for f in found}) == sorted(expected["kinds"]), [f.evidence for f in found]
    if "places" in expected:
        spliced = next(f for f in found if f.kind == "spliced_spam")
        assert len(spliced.extra["places"]) == expected["places"]
        assert all(p["phrase"] == expected["phrase"] for p in spliced.extra["places"])


def test_the_founding_report_names_its_three_spliced_places():
    spliced, = findings("hengxianhe_2016_hacked.html")
    assert spliced.kind == "spliced_spam" and spliced.severity == "high"
    places = spliced.extra["places"]
    assert [p["phrase"] for p in places] == ["西甲直播"] * 3
    assert "贯彻落实省、市、县西甲直播:开展政府信息公开工作的要求" in places[0]["sentence"]
    for place in places:
        reasons = "".join(place["reasons"])
        assert "打断了句子" in reasons and "体育直播" in reasons and "出现3次" in reasons
    assert "西甲直播" in spliced.evidence and "3处" in spliced.evidence


def test_a_clean_copy_of_the_founding_report_is_clean():
    assert findings("hengxianhe_2016_clean.html") == []


def test_one_splice_on_a_sports_page_is_topical_not_spliced():
    """The same phrase where the page is about football is the page's topic (topical support)."""
    text = ("县体育局组织全县足球爱好者观看比赛。本周末县体育中心大屏幕将转播西甲直播节目，"
            "欢迎广大球迷按照疫情防控要求有序观赛，认真落实各项工作安排。")
    assert splice.spliced_places(text) == []


@pytest.mark.parametrize("title", ["警惕裸聊敲诈和刷单返利", "网上交友需谨慎,警惕裸聊桃色陷阱", "谨防裸聊诈骗"])
def test_anti_fraud_titles_are_not_title_hijack(title):
    page = parse_html(URL, f"<html><head><title>{title}</title></head><body><p>警方提示。</p></body></html>")
    assert hijack.hijacked_fields(page) == []
    assert not spam.assess(title).flagged(spam.STRUCTURAL)


def test_a_title_is_excused_by_the_pages_own_legitimate_use_of_the_word():
    body = "<p>民警确认这是一起典型的裸聊诈骗，警方提示市民拒绝诱惑。</p>"
    ok = parse_html(URL, f"<html><head><title>请记住:不裸聊 不轻信 不转账</title></head><body>{body}</body></html>")
    assert hijack.hijacked_fields(ok) == []
    bare = parse_html(URL, "<html><head><title>请记住:不裸聊 不轻信 不转账</title></head><body><p>通知</p></body></html>")
    assert [label for label, _, _ in hijack.hijacked_fields(bare)] == ["标题"]


def test_brand_stuffing_behind_a_legitimate_word_still_counts():
    assert spam.assess("警惕裸聊 约炮 同城约炮 加微信").flagged(spam.STRUCTURAL)
    assert spam.assess("严厉打击 澳门金沙 真人视讯").flagged(spam.STRUCTURAL)


def test_the_founding_report_served_on_127_0_0_1_is_reported_by_gongkai_watch(tmp_path, settings, monkeypatch):
    """Served as an ordinary web page, `gongkai watch` names the spliced places. The server is on
    127.0.0.1, declared internal as an operator would (as tests/watch/conftest.py does)."""
    local = ["127.0.0.1:*"]
    settings.OUTBOUND_INTERNAL_HOSTS = local
    monkeypatch.setenv("GONGKAI_OUTBOUND_INTERNAL_HOSTS", ",".join(local))
    from gongkai.cli import main
    from tests.watch.localsite import Site, page

    report = tmp_path / "f.json"
    hacked = (DATA / "hengxianhe_2016_hacked.html").read_text(encoding="utf-8")
    with Site({"/": page(hacked)}) as site:
        try:
            main(["watch", site.url("/"), "--external", "skip", "--max-pages", "1", "--json", str(report)])
        except SystemExit:
            pass
    data = json.loads(report.read_text(encoding="utf-8"))
    spliced = [f for f in data["findings"] if f["kind"] == "spliced_spam"]
    assert len(spliced) == 1 and len(spliced[0]["places"]) == 3


@pytest.mark.parametrize(("style", "hidden"), [
    ("position:absolute; bottom:9999px; right:9999px", True),   # past the top and the left of the page
    ("position:absolute;right:5000px", True),
    ("position:fixed;bottom:120%", True),
    ("position:fixed;right:20px;bottom:60px", False),           # a 返回顶部 button
    ("position:absolute;right:0;top:120px", False),
    ("right:9999px", False),                                     # not positioned: the offset does nothing
])
def test_a_positioned_box_pushed_far_from_the_right_or_bottom_is_off_screen(style, hidden):
    """Published 暗链 scanners flag position:absolute with an offset on any side; a large positive
    right/bottom puts the box past the left/top edge as surely as a negative left/top does."""
    from gongkai.domain.watch.hidden import hiding_reason

    assert (hiding_reason(style) is not None) == hidden


@pytest.mark.parametrize(("added", "named"), [
    (".ad{position:absolute;bottom:9999px;right:9999px}", True),
    (".gotop{position:fixed;right:20px;bottom:60px}", False),
    (".box{margin-bottom:2000px}", False),
])
def test_a_stylesheet_change_that_pushes_a_box_off_the_far_side_is_named(added, named):
    from gongkai.domain.watch import stylesheets

    assert ("新增的样式隐藏或移出了页面元素" in stylesheets.added_tricks(added)) == named
