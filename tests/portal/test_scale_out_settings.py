"""Nothing a request needs lives in one process: sessions and cache in Redis (or the database),
uploaded files through STORAGES (local, or S3-compatible by configuration)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.core.cache import caches

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "session": settings.SESSION_ENGINE,
    "storage": type(storage).__module__ + "." + type(storage).__name__,
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "secret": getattr(storage, "secret_key", None),
    "overwrite": getattr(storage, "file_overwrite", None),
    "acl": getattr(storage, "default_acl", "unset"),
}))
"""


def _settings_with(tmp_path: Path, **env: str) -> dict:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REDIS_URL", "STORAGE_S3_", "DATABASE_URL", "DJANGO_ENV"))
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "TROCAP_VAR_DIR": str(tmp_path),
        **env,
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_redis_the_cache_and_sessions_are_in_the_database(tmp_path):
    probe = _settings_with(tmp_path)
    assert probe["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert probe["session"] == "django.contrib.sessions.backends.db"
    assert probe["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_with_redis_the_cache_and_sessions_are_in_redis(tmp_path):
    probe = _settings_with(tmp_path, REDIS_URL="redis://127.0.0.1:6379/9")
    assert probe["cache"] == "portal.cache.RedisCache"
    assert probe["session"] == "django.contrib.sessions.backends.cache"


def test_an_s3_bucket_puts_documents_in_the_object_store(tmp_path):
    secret_file = tmp_path / "s3-secret"
    secret_file.write_text("s3cr3t-from-a-file\n")
    probe = _settings_with(
        tmp_path,
        STORAGE_S3_BUCKET="trocap-documents",
        STORAGE_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        STORAGE_S3_ACCESS_KEY_ID="trocap",
        STORAGE_S3_SECRET_ACCESS_KEY_FILE=str(secret_file),
    )
    assert probe["storage"] == "storages.backends.s3.S3Storage"
    assert probe["bucket"] == "trocap-documents"
    assert probe["endpoint"] == "http://127.0.0.1:9000"
    assert probe["secret"] == "s3cr3t-from-a-file"
    assert probe["overwrite"] is False  # a second upload of the same name never replaces one
    assert probe["acl"] is None  # private objects


@pytest.mark.django_db
def test_the_database_cache_table_exists_after_migrate(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }
    cache = caches["default"]
    cache.set("k", {"v": 1}, 60)
    assert cache.get("k") == {"v": 1}
    assert cache.add("counter", 1, 60) and cache.incr("counter") == 2


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server (REDIS_URL)")
def test_a_session_saved_by_one_process_is_read_by_another_through_redis(settings):
    import redis

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    session = CacheSessionStore()
    session["draft_step"] = "bank"
    session.save()

    # Another web container: its own connection, the same Redis.
    again = CacheSessionStore(session_key=session.session_key)
    assert again["draft_step"] == "bank"
    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert any(session.session_key in key.decode() for key in raw.keys("*session*"))
    session.delete()
