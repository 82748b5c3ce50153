"""Year figures for the website annual report (gongkai.consult.metrics.year_figures)."""
import datetime as dt
import itertools

from django.utils import timezone

from gongkai.consult.metrics import year_figures
from gongkai.consult.models import Message, Publication, Status

_n = itertools.count(1)


def _msg(unit, received, status=Status.SUBMITTED, answered=None, due=None, published=None):
    n = next(_n)
    return Message.objects.create(
        unit=unit, first_unit=unit, number=f"M-{n}", query_code_hash="x", submission_key=f"k{n}",
        contact="13800000000", subject="问", body="问", received_on=received,
        received_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9))), status=status,
        answered_on=answered, due_on=due,
        publication=Publication.PUBLISHED if published else Publication.NONE, published_on=published)


def test_year_figures(street, town):
    d = dt.date
    _msg(street, d(2025, 3, 3), Status.ANSWERED, answered=d(2025, 3, 5), due=d(2025, 3, 10),
         published=d(2025, 3, 6))                                          # on time, 2 WD
    _msg(street, d(2025, 3, 3), Status.ANSWERED, answered=d(2025, 3, 17), due=d(2025, 3, 10))  # late, 10 WD
    _msg(street, d(2025, 12, 29), Status.CONVERTED, answered=d(2026, 1, 5), due=d(2026, 1, 6))  # open at year end
    _msg(street, d(2025, 6, 2))                                            # never answered
    _msg(street, d(2025, 6, 2), Status.MERGED)                             # duplicate: not counted
    _msg(street, d(2025, 6, 2), Status.INVALID)                            # invalid: not counted
    _msg(street, d(2024, 12, 30), Status.ANSWERED, answered=d(2025, 1, 2), due=d(2025, 1, 7))   # last year's carry-over
    _msg(town, d(2025, 3, 3), Status.ANSWERED, answered=d(2025, 3, 4), due=d(2025, 3, 10))      # another unit

    f = year_figures([street.pk], 2025)
    assert (f.received, f.answered, f.answered_on_time, f.published, f.unanswered_at_year_end) == (4, 3, 2, 1, 2)
    # 2 WD, 10 WD, and 12-30 → 1-2 is 2 WD (12-31, 1-2; 1-1 元旦 off)
    assert f.average_reply_workdays == round((2 + 10 + 2) / 3, 1)
    assert f.average_reply_days == round((2 + 14 + 3) / 3, 1)
    assert year_figures([street.pk], 2026).answered == 1
    assert year_figures([], 2025).average_reply_workdays is None
    both = year_figures([street.pk, town.pk], 2025)
    assert both.received == 5 and both.answered == 4
