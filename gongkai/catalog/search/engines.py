"""The engine for the current database connection, and what is cached per connection."""
from __future__ import annotations

import time

from django.db import connection

from .base import Engine
from .postgres import PostgresEngine
from .sqlite import SqliteEngine


class NoEngine(Engine):
    """Databases without a full-text index of ours: indexing is a no-op."""

    available = False

    def upsert(self, docs):
        pass

    def delete(self, item_ids):
        pass


def current_engine() -> Engine:
    vendor = connection.vendor
    if vendor == "sqlite":
        return SqliteEngine()
    if vendor == "postgresql":
        return PostgresEngine()
    return NoEngine()


_corpus_cache: dict[str, tuple[float, int]] = {}
_CORPUS_TTL = 600.0


def corpus_size(engine: Engine) -> int:
    """Number of indexed items for the IDF; an estimate refreshed every ten minutes."""
    key = connection.alias
    now = time.monotonic()
    hit = _corpus_cache.get(key)
    if hit and now - hit[0] < _CORPUS_TTL:
        return hit[1]
    size = engine.corpus_size()
    _corpus_cache[key] = (now, size)
    return size


def forget_corpus_size() -> None:
    _corpus_cache.clear()
