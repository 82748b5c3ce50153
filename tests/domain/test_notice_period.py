"""公示期 rules: entered both or neither, in order; published after the last day is ``ended``."""
import datetime as dt

import pytest

from gongkai.domain import notice_period
from gongkai.domain.notice_period import NoticeState

D = dt.date


@pytest.mark.parametrize(("start", "end", "errors"), [
    (None, None, []),
    (D(2026, 11, 2), D(2026, 11, 8), []),
    (D(2026, 11, 2), D(2026, 11, 2), []),
    (D(2026, 11, 2), None, ["请同时填写公示期的开始日期和结束日期（不是公示的信息两项都不填）"]),
    (None, D(2026, 11, 8), ["请同时填写公示期的开始日期和结束日期（不是公示的信息两项都不填）"]),
    (D(2026, 11, 8), D(2026, 11, 2), ["公示期的结束日期不能早于开始日期"]),
    (D(2026, 1, 1), D(2027, 1, 2), ["公示期不能超过一年，请核对日期"]),
])
def test_period_errors(start, end, errors):
    assert notice_period.period_errors(start, end) == errors


@pytest.mark.parametrize(("published", "state", "days_public"), [
    (D(2026, 10, 30), NoticeState.ON_TIME, 7),
    (D(2026, 11, 2), NoticeState.ON_TIME, 7),  # published on the first day: the whole period
    (D(2026, 11, 5), NoticeState.SHORTENED, 4),
    (D(2026, 11, 8), NoticeState.SHORTENED, 1),  # the last day still counts
    (D(2026, 11, 9), NoticeState.ENDED, 0),
    (D(2027, 1, 4), NoticeState.ENDED, 0),
])
def test_check_against_the_publication_day(published, state, days_public):
    check = notice_period.check(D(2026, 11, 2), D(2026, 11, 8), published)
    assert (check.state, check.days, check.days_public) == (state, 7, days_public)
    assert check.ended == (state == NoticeState.ENDED)


def test_no_period_no_check():
    assert notice_period.check(None, None, D(2026, 11, 9)) is None
    assert notice_period.check(D(2026, 11, 2), None, D(2026, 11, 9)) is None
    assert notice_period.check(D(2026, 11, 8), D(2026, 11, 2), D(2026, 11, 9)) is None


def test_messages_say_plainly_what_happened():
    ended = notice_period.check(D(2026, 11, 2), D(2026, 11, 8), D(2026, 11, 10))
    assert ended.message(published=True) == (
        "公示期（2026年11月2日至2026年11月8日）已于2026年11月8日结束，本公示于2026年11月10日发布时公示期已过，"
        "公众无法在公示期内提出异议；须重新确定公示期后发布")
    assert "如2026年11月10日发布时公示期已过" in ended.message(published=False)
    short = notice_period.check(D(2026, 11, 2), D(2026, 11, 8), D(2026, 11, 6))
    assert short.message(published=True) == (
        "公示期（2026年11月2日至2026年11月8日）共7天，本公示于2026年11月6日发布，公众实际只有3天可以提出异议")


# ---------------------------------------------------------------- read_period: the period a notice prints

# The first wording is the real 四川省教育厅 notice of the 2020届优秀毕业生 list, as quoted in a public
# repository found by code search (see tests/realdata/SOURCES.md); the others are the spellings CMS
# pages of 公示 use (full dates, dotted, ISO, a range in brackets after the length).
@pytest.mark.parametrize(("text", "year", "expected"), [
    ("现对通过评审拟表彰的4769名2020届四川省普通高等学校优秀毕业生名单予以公示。公示期为5个工作日（3月9日—13日）。",
     2020, (dt.date(2020, 3, 9), dt.date(2020, 3, 13))),
    ("公示期为2024年1月5日至2024年1月11日。", None, (dt.date(2024, 1, 5), dt.date(2024, 1, 11))),
    ("公示时间：2024年12月28日—1月3日", None, (dt.date(2024, 12, 28), dt.date(2025, 1, 3))),
    ("公示期限自2024.1.5至2024.1.11", None, (dt.date(2024, 1, 5), dt.date(2024, 1, 11))),
    ("公示期：2024-01-05至2024-01-11", None, (dt.date(2024, 1, 5), dt.date(2024, 1, 11))),
    ("公示期7天（2023年5月10日-5月16日），如有异议请来电。", None, (dt.date(2023, 5, 10), dt.date(2023, 5, 16))),
    ("公示时间2024年1月28日至3日", None, (dt.date(2024, 1, 28), dt.date(2024, 2, 3))),
])
def test_read_period_from_notice_text(text, year, expected):
    assert notice_period.read_period(text, year) == expected


@pytest.mark.parametrize(("text", "year"), [
    ("公示期为5个工作日（3月9日—13日）。", None),        # no year anywhere: not guessed
    ("公示期为五个工作日。", 2024),                        # a length without dates
    ("公示期2024年2月30日至3月1日", None),                 # an impossible date
    ("公示期2024年5月1日至2026年5月1日", None),            # longer than a year: a typo, not a period
    ("发布日期：2024年1月5日至2024年1月11日", None),        # no 公示 label
    ("公示期" + "。" * 30_000 + "2024年1月5日至1月11日", None),
])
def test_read_period_refuses_what_is_not_a_period(text, year):
    assert notice_period.read_period(text, year) is None


def test_read_period_is_bounded_on_long_text():
    # only the head of a long body is read, so a pathological page costs the same as a short one
    text = "公示期" + "2024年1月" * 50_000
    assert notice_period.read_period(text) is None
