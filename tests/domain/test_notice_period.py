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
