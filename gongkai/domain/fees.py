"""Information processing fee (信息处理费), 国办函〔2020〕109号
《政府信息公开信息处理费管理办法》 under 条例第四十二条.

Two standards, both progressive on the excess (超额累进, 第三条); an
application is charged by one of them, never both:

- by count (按件计收, 第四条), on the applicant's cumulative number of 件 in one
  natural month: 1–10 free; 11–30 → 100元/件; from the 31st each further band
  of 10 件 costs 100元/件 more (31–40 → 200, 41–50 → 300, …). Reading tier 3 as
  starting at 200元 is domain.md §3's interpretation (100元 + one 档).
- by volume (按量计收, 第五条), per application on its pages: ≤30 free;
  31–100 → 10元/页; 101–200 → 20元/页; from 201 → 40元/页.

Amounts are whole 元 (every unit price is). The applicant pays within 20
working days from the day after receiving the fee notice (收费通知); unpaid
by then the application is treated as given up, the report's ``other.2``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .workdays import WorkdayCalendar

__all__ = [
    "BY_COUNT",
    "BY_PAGES",
    "PAYMENT_WORKDAYS",
    "UNPAID_DECISION",
    "FeeError",
    "FeeLine",
    "FeeQuote",
    "count_unit_price",
    "fee_by_count",
    "fee_by_pages",
    "page_unit_price",
    "payment_due",
    "payment_lapsed",
    "quote",
    "quote_by_count",
    "quote_by_pages",
]

BY_COUNT = "count"
BY_PAGES = "pages"
PAYMENT_WORKDAYS = 20
UNPAID_DECISION = "other.2"

FREE_PER_MONTH = 10
COUNT_BASE_LAST = 30        # 11–30: 100元/件
COUNT_BAND = 10             # from 31, bands of 10 件
COUNT_STEP_PRICE = 100
# (last page of the tier or None, 元 per page)
PAGE_TIERS = ((30, 0), (100, 10), (200, 20), (None, 40))


class FeeError(ValueError):
    """Bad fee input; the message is Chinese for the clerk's form."""


@dataclass(frozen=True)
class FeeLine:
    """One tier of a fee notice (收费通知书): the 件 or pages it covers, at one price."""

    first: int             # first 件 of the month / page of the application in this tier
    last: int
    unit_price: int        # 元 per 件 or page; 0 for the free part
    unit: str              # "件" or "页"

    @property
    def quantity(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.unit_price * self.quantity

    @property
    def text(self) -> str:
        span = f"第{self.first}{self.unit}" if self.first == self.last else f"第{self.first}—{self.last}{self.unit}"
        if not self.unit_price:
            return f"{span}：免费（{self.quantity}{self.unit}）"
        return f"{span}：{self.unit_price}元/{self.unit}×{self.quantity}{self.unit}={self.amount}元"


@dataclass(frozen=True)
class FeeQuote:
    """The fee of one application by one standard, tier by tier."""

    basis: str             # BY_COUNT or BY_PAGES
    lines: tuple[FeeLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def basis_label(self) -> str:
        return "按件计收" if self.basis == BY_COUNT else "按量计收"


def count_unit_price(n: int) -> int:
    """元 for the applicant's ``n``-th 件 in a natural month."""
    if n < 1:
        raise FeeError("件数应从1开始")
    if n <= FREE_PER_MONTH:
        return 0
    if n <= COUNT_BASE_LAST:
        return COUNT_STEP_PRICE
    return COUNT_STEP_PRICE * (2 + (n - COUNT_BASE_LAST - 1) // COUNT_BAND)


def _count_band_last(n: int) -> int:
    """Last 件 of the band the ``n``-th 件 is in."""
    if n <= FREE_PER_MONTH:
        return FREE_PER_MONTH
    if n <= COUNT_BASE_LAST:
        return COUNT_BASE_LAST
    return COUNT_BASE_LAST + COUNT_BAND * ((n - COUNT_BASE_LAST - 1) // COUNT_BAND + 1)


def page_unit_price(page: int) -> int:
    """元 for the ``page``-th page of an application."""
    if page < 1:
        raise FeeError("页码应从1开始")
    return next(price for last, price in PAGE_TIERS if last is None or page <= last)


def _page_band_last(page: int) -> int | None:
    return next(last for last, _ in PAGE_TIERS if last is None or page <= last)


def _whole(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FeeError(f"{what}应为不小于0的整数")
    return value


def _lines(first: int, last: int, price: Callable[[int], int], band_last: Callable[[int], int | None],
           unit: str) -> tuple[FeeLine, ...]:
    out, n = [], first
    while n <= last:
        end = band_last(n)
        end = last if end is None else min(end, last)
        out.append(FeeLine(n, end, price(n), unit))
        n = end + 1
    return tuple(out)


def quote_by_count(previous_this_month: int, count: int) -> FeeQuote:
    """按件计收 for ``count`` new 件 of an applicant who already had
    ``previous_this_month`` 件 in the same natural month."""
    previous = _whole(previous_this_month, "本月此前已申请件数")
    count = _whole(count, "本次件数")
    return FeeQuote(BY_COUNT, _lines(previous + 1, previous + count, count_unit_price, _count_band_last, "件"))


def quote_by_pages(pages: int) -> FeeQuote:
    """按量计收 for one application of ``pages`` pages."""
    pages = _whole(pages, "页数")
    return FeeQuote(BY_PAGES, _lines(1, pages, page_unit_price, _page_band_last, "页"))


def quote(*, pages: int | None = None, count: int | None = None, previous_this_month: int = 0) -> FeeQuote:
    """The quote by the one standard chosen: give ``pages`` or ``count``, not both (第三条)."""
    if (pages is None) == (count is None):
        raise FeeError("每件申请只能选择按件或按量其中一种标准计收，不得同时适用")
    if pages is not None:
        return quote_by_pages(pages)
    assert count is not None  # noqa: S101 exactly one of the two was given (checked above)
    return quote_by_count(previous_this_month, count)


def fee_by_count(previous_this_month: int, count: int) -> int:
    return quote_by_count(previous_this_month, count).total


def fee_by_pages(pages: int) -> int:
    return quote_by_pages(pages).total


def payment_due(cal: WorkdayCalendar, notice_received: dt.date) -> dt.date:
    """Last day to pay: 20 working days from the day after the fee notice was received."""
    return cal.add(notice_received, PAYMENT_WORKDAYS)


def payment_lapsed(cal: WorkdayCalendar, notice_received: dt.date, today: dt.date,
                   paid_on: dt.date | None = None) -> bool:
    """True when the fee was not paid in time: the application is then closed as ``other.2``."""
    due = payment_due(cal, notice_received)
    if paid_on is not None and paid_on <= due:
        return False
    return today > due
