"""索引号 stay unique and gap-free when many clerks save at once (SQLite file DB and PostgreSQL)."""
import datetime as dt
import threading

import pytest
from django.db import connection

from gongkai.catalog import services
from gongkai.catalog.models import Item

THREADS, EACH = 6, 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_get_distinct_sequential_numbers(street, make_user):
    clerks = [make_user(street) for _ in range(THREADS)]
    errors, barrier = [], threading.Barrier(THREADS)

    def work(clerk):
        try:
            barrier.wait()
            for i in range(EACH):
                services.create_item(clerk, title=f"并发保存测试{i}", written_date=dt.date(2026, 3, 2),
                                     body="<p>测试</p>")
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(c,)) for c in clerks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    numbers = sorted(Item.objects.values_list("index_no", flat=True))
    assert numbers == [f"T1100/2026-{n:05d}" for n in range(1, THREADS * EACH + 1)]
