"""Expiring locks in the task queue's own store (SqliteHuey, RedisHuey, or the memory store of
Huey's immediate mode), so every consumer on every machine sees them without another server.

A lock is a key in Huey's key/value store whose value is ``token|expiry``. ``acquire`` writes it
only if empty (``put_if_empty``); a lock whose expiry has passed (its worker died) is taken over by
a compare-and-swap of the exact stale value, so of two workers finding the same stale lock only one
wins. ``release`` deletes the key only while it still holds the caller's token."""
from __future__ import annotations

import secrets
import time

from huey.constants import EmptyData
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

_CAS = """
if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then
  if ARGV[3] == '' then return redis.call('hdel', KEYS[1], ARGV[1]) end
  redis.call('hset', KEYS[1], ARGV[1], ARGV[3]) return 1
end
return 0
"""


def _storage():
    # at call time: importing djhuey builds the queue from Django's settings
    from huey.contrib.djhuey import HUEY

    return HUEY.storage


def _text(value) -> str:
    if value is EmptyData or value is None:
        return ""
    if isinstance(value, memoryview):
        value = bytes(value)
    return value.decode() if isinstance(value, bytes) else str(value)


def _swap(storage, key: str, old: str, new: str | None) -> bool:
    """Replace (or, with ``new=None``, delete) ``key`` only while it holds ``old``."""
    if isinstance(storage, SqliteStorage):
        with storage.db(commit=True) as curs:
            if new is None:
                curs.execute("delete from kv where queue=? and key=? and value=?",
                             (storage.name, key, storage.to_blob(old.encode())))
            else:
                curs.execute("update kv set value=? where queue=? and key=? and value=?",
                             (storage.to_blob(new.encode()), storage.name, key, storage.to_blob(old.encode())))
            return curs.rowcount == 1
    if isinstance(storage, RedisStorage) and not callable(storage.result_key):    # not RedisExpireStorage
        return bool(storage.conn.eval(_CAS, 1, storage.result_key, key, old, new or ""))
    if isinstance(storage, MemoryStorage):
        with storage._lock:
            if _text(storage._results.get(key, EmptyData)) != old:
                return False
            if new is None:
                storage._results.pop(key, None)
            else:
                storage._results[key] = new.encode()
            return True
    raise NotImplementedError(f"no expiring lock for {type(storage).__name__}")


def _expiry(value: str) -> float:
    try:
        return float(value.rsplit("|", 1)[1])
    except (IndexError, ValueError):
        return 0.0                       # unreadable: treat as expired


def acquire(key: str, ttl: float, now: float | None = None) -> str | None:
    """A token when the lock was free or stale, else None."""
    storage = _storage()
    now = time.time() if now is None else now
    token = secrets.token_hex(8)
    value = f"{token}|{now + ttl:.3f}"
    if storage.put_if_empty(key, value.encode()):
        return token
    held = _text(storage.peek_data(key))
    if not held:                         # released between the two calls
        return token if storage.put_if_empty(key, value.encode()) else None
    if _expiry(held) <= now and _swap(storage, key, held, value):
        return token
    return None


def release(key: str, token: str | None) -> bool:
    if not token:
        return False
    storage = _storage()
    held = _text(storage.peek_data(key))
    return bool(held) and held.split("|", 1)[0] == token and _swap(storage, key, held, None)


def holder(key: str) -> str | None:
    """The token holding ``key`` now (expired or not), for tests and the operator."""
    held = _text(_storage().peek_data(key))
    return held.split("|", 1)[0] if held else None
