"""Per-unit, per-year serial numbers (索引号, 申请编号 …) handed out safely under concurrency."""
from django.db.models import F


def next_serial(counter_model, unit, year: int) -> int:
    """The next serial of ``unit`` for ``year`` from ``counter_model`` (fields unit, year, last).

    Must run inside the caller's transaction: the counter row is locked first
    (PostgreSQL row lock; SQLite's IMMEDIATE write lock), so concurrent savers of
    one unit queue here and anything the caller checks after it is race-free."""
    counter, _ = counter_model.objects.select_for_update().get_or_create(unit=unit, year=year)
    counter_model.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return counter.last
