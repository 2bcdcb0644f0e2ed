"""Django's Redis cache backend, with one Redis client per connection pool instead of one per call.

Django 5.2's `RedisCacheClient.get_client()` builds a new `redis.Redis` at every cache operation,
and redis-py fills a fresh table of a few hundred response callbacks for each one: about a
third of a millisecond of CPU per get or set, before any byte goes to Redis. A VNeID login's
callback makes about twelve of them (the session read, saved after the state is consumed, read
again, its new key, the old key's removal, the final save; the issuer's discovery document and
keys; the ID token's jti), and every other request a few more (session, rate-limit counters):
measured with bench/filing_profile.py --profile callback, a tenth of the callback's CPU
(issue 11). A `redis.Redis` is safe to share between threads (each command takes a connection
from the pool and gives it back), and the pool is already kept for the cache's lifetime, so the
client is built once per pool and reused. Everything else is Django's backend, unchanged.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own helpers (not in django-stubs): the pool is built and kept as before.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            # Two threads sharing this cache may both build one; either is fine to keep.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
