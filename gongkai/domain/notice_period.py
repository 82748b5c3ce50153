"""公示期: the period a 公示 stays up for objections, and whether it was published in time.

A 公示 (低保、临时救助、征收补偿、评优评先…) names its own period ("公示期为…至…", "公示期间如有异议…").
It only serves its purpose if it is public for that whole period: published after the period has
ended nobody could object in time (the 公示 is void in practice and must be run again), published
after it began the public had fewer days than announced.

Pure Python, no Django. The catalog stores the period on the item (公示期开始/公示期结束, both
optional, inclusive calendar days as printed on the notice) and asks here:

- ``period_errors``: what is wrong with the period as entered (both dates or neither, end not
  before start, at most a year);
- ``check``: given the day it is (or was) published, ``ended`` (published after the last day —
  flagged on the form, the review, the workbench and the portal), ``shortened`` (published after
  the first day), or ``on_time``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

MAX_DAYS = 366


class NoticeState(StrEnum):
    """公示期 against the publication day."""

    ON_TIME = "on_time"
    SHORTENED = "shortened"
    ENDED = "ended"


@dataclass(frozen=True)
class NoticeCheck:
    state: NoticeState
    start: dt.date
    end: dt.date
    published_on: dt.date
    days: int  # days of the period (inclusive)
    days_public: int  # days of it the notice is public (inclusive; 0 once ended)

    @property
    def ended(self) -> bool:
        return self.state == NoticeState.ENDED

    @property
    def period_text(self) -> str:
        return f"{_cn(self.start)}至{_cn(self.end)}"

    def message(self, published: bool) -> str:
        """The warning in plain words; ``published`` says whether ``published_on`` is past or hypothetical."""
        when = f"于{_cn(self.published_on)}发布" if published else f"如{_cn(self.published_on)}发布"
        if self.state == NoticeState.ENDED:
            return (f"公示期（{self.period_text}）已于{_cn(self.end)}结束，本公示{when}时公示期已过，"
                    "公众无法在公示期内提出异议；须重新确定公示期后发布")
        if self.state == NoticeState.SHORTENED:
            return (f"公示期（{self.period_text}）共{self.days}天，本公示{when}，"
                    f"公众实际只有{self.days_public}天可以提出异议")
        return f"公示期（{self.period_text}）共{self.days}天"


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def period_errors(start: dt.date | None, end: dt.date | None) -> list[str]:
    """Messages (Chinese) for a 公示期 as entered; an empty list when it is fine or not given."""
    if start is None and end is None:
        return []
    if start is None or end is None:
        return ["请同时填写公示期的开始日期和结束日期（不是公示的信息两项都不填）"]
    if end < start:
        return ["公示期的结束日期不能早于开始日期"]
    if (end - start).days + 1 > MAX_DAYS:
        return ["公示期不能超过一年，请核对日期"]
    return []


def check(start: dt.date | None, end: dt.date | None, published_on: dt.date) -> NoticeCheck | None:
    """The 公示期 against ``published_on``; None when the item has no (valid) 公示期."""
    if start is None or end is None or end < start:
        return None
    days = (end - start).days + 1
    if published_on > end:
        return NoticeCheck(NoticeState.ENDED, start, end, published_on, days, 0)
    if published_on > start:
        return NoticeCheck(NoticeState.SHORTENED, start, end, published_on, days, (end - published_on).days + 1)
    return NoticeCheck(NoticeState.ON_TIME, start, end, published_on, days, days)


# ------------------------------------------------------------------ reading it from a notice's text

# "公示期为2024年1月5日至2024年1月11日", "公示时间：2024年1月5日—1月11日", "公示期限自2024.1.5至2024.1.11",
# "公示期：2024-01-05至2024-01-11", "公示期为5个工作日（3月9日—13日）": the label, a few words, then a
# range of two dates, the second (and, given the notice's year, the first) without what they share
_LABEL = r"公示(?:期限?|时间|日期|时段)"
_SEP = r"\s*[年.\-/]\s*"
_START = (r"(?:(?P<sy>(?:19|20)\d{2})" + _SEP + r")?(?P<sm>\d{1,2})\s*[月.\-/]\s*(?P<sd>\d{1,2})\s*日?")
_END = (r"(?:(?P<ey>(?:19|20)\d{2})" + _SEP + r")?(?:(?P<em>\d{1,2})\s*[月.\-/]\s*)?(?P<ed>\d{1,2})\s*日?")
_TO = r"\s*(?:[（(][^）)]{0,8}[）)])?\s*(?:至|到|—{1,2}|–|－|-|~|～)\s*"
_RANGE = re.compile(_LABEL + r"[^。；;\n]{0,16}?(?<![\d.\-/])" + _START + _TO + _END)
MAX_READ_CHARS = 20_000   # a 公示 names its period near the top; the rest of a long body is not searched


def read_period(text: str, year: int | None = None) -> tuple[dt.date, dt.date] | None:
    """The 公示期 a notice prints in its text, or None when it names none or a date is impossible.

    The end date may leave out the year or the month ("2024年12月28日至1月3日" ends in the next year);
    the start may leave out the year when ``year`` (the notice's, from its date) is given. A period
    that :func:`period_errors` refuses is not returned."""
    for match in _RANGE.finditer(text[:MAX_READ_CHARS]):
        period = _period_of(match, year)
        if period is not None and not period_errors(*period):
            return period
    return None


def _period_of(match: re.Match[str], year: int | None) -> tuple[dt.date, dt.date] | None:
    g = match.groupdict()
    start_year = int(g["sy"]) if g["sy"] else year
    if start_year is None:
        return None
    try:
        start = dt.date(start_year, int(g["sm"]), int(g["sd"]))
        month = int(g["em"]) if g["em"] else start.month
        end_year = int(g["ey"]) if g["ey"] else start.year + (1 if month < start.month else 0)
        end = dt.date(end_year, month, int(g["ed"]))
    except ValueError:
        return None
    if not g["em"] and not g["ey"] and end < start:    # "1月28日至3日" — the 3rd of the next month
        month, end_year = (1, start.year + 1) if start.month == 12 else (start.month + 1, start.year)
        try:
            end = dt.date(end_year, month, int(g["ed"]))
        except ValueError:
            return None
    return start, end
