"""portal.cache.RedisCache: Django's Redis cache, with the client built once, not per operation."""

from __future__ import annotations

import os
import threading

import pytest
import redis
from django.contrib.sessions.backends.cache import SessionStore

from portal.cache import RedisCache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs a Redis server (REDIS_URL)"
)


@pytest.fixture
def cache():
    backend = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-portal-cache"})
    yield backend
    backend.delete_many(["k", "counter", "gone", "many-a", "many-b"])


def test_operations_reuse_one_redis_client(cache, monkeypatch):
    built = []
    original = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    cache.set("k", {"v": 1}, 60)
    assert cache.get("k") == {"v": 1}
    assert cache.add("counter", 1, 60) and not cache.add("counter", 5, 60)
    assert cache.incr("counter") == 2
    cache.set_many({"many-a": 1, "many-b": "b"}, 60)
    assert cache.get_many(["many-a", "many-b"]) == {"many-a": 1, "many-b": "b"}
    assert cache.has_key("k") and cache.delete("k") and not cache.has_key("k")
    # Django's own backend builds one client per operation (ten here).
    assert len(built) == 1


def test_the_shared_client_serves_several_threads(cache):
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(50):
                cache.set(f"thread-{n}", i, 60)
                assert cache.get(f"thread-{n}") == i
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cache.delete_many([f"thread-{n}" for n in range(4)])
    assert errors == []


def test_sessions_round_trip_through_it(settings):
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    session = SessionStore()
    session["step"] = "bank"
    session.save()
    key = session.session_key
    session.cycle_key()
    assert SessionStore(session_key=key).load() == {}
    assert SessionStore(session_key=session.session_key)["step"] == "bank"
    session.delete()
