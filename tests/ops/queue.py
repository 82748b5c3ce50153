"""A queue of a test's own (SqliteHuey's storage on a file) and what a consumer does with it."""
import threading

import pytest
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage


@pytest.fixture
def queue(tmp_path, monkeypatch):
    assert not HUEY.immediate
    storage = SqliteStorage("gongkai", filename=str(tmp_path / "huey.sqlite3"))
    monkeypatch.setattr(HUEY, "storage", storage)
    return storage


def consume() -> list:
    """Take the next job (highest priority first) and execute it in a worker thread, as the consumer does."""
    done = []
    while (job := HUEY.dequeue()) is not None:
        done.append(job)
        worker = threading.Thread(target=HUEY.execute, args=(job,))
        worker.start()
        worker.join()
    return done
