"""信息处理费 by 国办函〔2020〕109号: the worked examples of domain.md §3 and the tiers around them."""
import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from gongkai.domain.fees import (
    BY_COUNT, BY_PAGES, UNPAID_DECISION, FeeError, count_unit_price, fee_by_count, fee_by_pages,
    payment_due, payment_lapsed, quote, quote_by_count, quote_by_pages)
from gongkai.domain.workdays import WorkdayCalendar

D = dt.date
CAL = WorkdayCalendar.official()


def test_worked_examples_of_the_spec():
    assert fee_by_count(34, 1) == 200            # the 35th application in a month
    assert fee_by_count(0, 35) == 3000           # 20×100 + 5×200
    assert fee_by_pages(150) == 1700             # 70×10 + 50×20
    assert fee_by_pages(250) == 4700             # 700 + 2000 + 50×40


@pytest.mark.parametrize("n,price", [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200),
                                     (41, 300), (50, 300), (51, 400), (101, 900)])
def test_price_of_the_nth_application_in_a_month(n, price):
    assert count_unit_price(n) == price


@pytest.mark.parametrize("previous,count,fee", [
    (0, 10, 0),
    (8, 5, 300),       # 9th–10th free, 11th–13th at 100
    (0, 30, 2000),
    (0, 50, 7000),     # 20×100 + 10×200 + 10×300
    (35, 0, 0),
    (29, 3, 500),      # 30th at 100, 31st–32nd at 200
])
def test_fee_by_count(previous, count, fee):
    assert fee_by_count(previous, count) == fee


@pytest.mark.parametrize("pages,fee", [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700),
                                       (201, 2740)])
def test_fee_by_pages(pages, fee):
    assert fee_by_pages(pages) == fee


def test_breakdown_for_the_fee_notice():
    q = quote_by_count(8, 27)   # the 9th to the 35th 件 of the month
    assert q.basis == BY_COUNT and q.basis_label == "按件计收"
    assert [(t.first, t.last, t.unit_price, t.quantity, t.amount) for t in q.lines] == [
        (9, 10, 0, 2, 0), (11, 30, 100, 20, 2000), (31, 35, 200, 5, 1000)]
    assert q.total == 3000
    assert q.lines[2].text == "第31—35件：200元/件×5件=1000元"
    assert q.lines[0].text == "第9—10件：免费（2件）"

    p = quote_by_pages(250)
    assert p.basis == BY_PAGES
    assert [(t.first, t.last, t.unit_price, t.amount) for t in p.lines] == [
        (1, 30, 0, 0), (31, 100, 10, 700), (101, 200, 20, 2000), (201, 250, 40, 2000)]


def test_one_standard_per_application():
    assert quote(pages=150).total == 1700
    assert quote(count=1, previous_this_month=34).total == 200
    with pytest.raises(FeeError, match="不得同时"):
        quote(pages=150, count=1)
    with pytest.raises(FeeError):
        quote()


@pytest.mark.parametrize("call", [lambda: fee_by_pages(-1), lambda: fee_by_count(-1, 1),
                                  lambda: fee_by_count(0, 1.5), lambda: fee_by_pages(True)])
def test_bad_amounts_are_refused(call):
    with pytest.raises(FeeError):
        call()


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 120), st.integers(0, 60), st.integers(0, 60))
def test_count_fee_is_additive_over_the_month(a, b, c):
    # Charging two applications one after the other equals charging them together.
    assert fee_by_count(a, b) + fee_by_count(a + b, c) == fee_by_count(a, b + c)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 500))
def test_page_fee_grows_by_the_tier_price_of_each_further_page(pages):
    page = pages + 1
    tier_price = 0 if page <= 30 else 10 if page <= 100 else 20 if page <= 200 else 40
    assert fee_by_pages(page) - fee_by_pages(pages) == tier_price


def test_payment_deadline_and_lapse():
    # Notice received Thu 24 Sep 2026. Fri 25 off (中秋), 28–30 1)–3), Oct 1–7 off, 8 4), 9 5), Sat 10 6),
    # 12–16 7)–11), 19–23 12)–16), 26–29 17)–20).
    assert payment_due(CAL, D(2026, 9, 24)) == D(2026, 10, 29)
    assert not payment_lapsed(CAL, D(2026, 9, 24), today=D(2026, 10, 29))
    assert payment_lapsed(CAL, D(2026, 9, 24), today=D(2026, 10, 30))
    assert not payment_lapsed(CAL, D(2026, 9, 24), today=D(2026, 11, 30), paid_on=D(2026, 10, 29))
    assert UNPAID_DECISION == "other.2"
