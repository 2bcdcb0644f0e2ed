"""Settings and fixtures for every test."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# No wall-clock deadlines (tests never assert time; a loaded CI machine is slow), and in CI a
# fixed example order so a run is reproducible.
hypothesis_settings.register_profile(
    "trocap",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=bool(os.environ.get("CI")),
)
hypothesis_settings.load_profile("trocap")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Local-memory caches of one name share one store in the process: start every test with
    # none of the previous one's rate-limit counters (a reused user id would inherit them).
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request through the test client leaves
    the language it chose active in the thread, so an English page test would otherwise
    make the next test's Vietnamese messages English (an order-dependent failure)."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Tasks run inline unless a test is marked `worker` (those start a real worker)."""
    from portal.celery import app

    eager = "worker" not in request.keywords
    previous = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = eager
    app.conf.task_eager_propagates = eager
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def _rules_present(request):
    """Tests with real transactions (live server, threads) flush the database afterwards,
    taking the seeded benefit rules with it; put them back for the next such test."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (
        marker.kwargs.get("transaction") or "live_server" in request.fixturenames
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from eligibility.services import rules_seed

    rules_seed()


@pytest.fixture
def vneid_live(settings, live_server):
    """The portal's VNeID client and the mock issuer pointed at the live server (the one
    definition: identity, claims and browser tests use it)."""
    # tests.e2e.helpers loads Playwright's helpers: only the tests that use this fixture pay it.
    from tests.e2e.helpers import vneid_point_at

    vneid_point_at(settings, live_server.url)
    return live_server


@pytest.fixture
def embedded_broker(tmp_path: Path) -> Iterator[str]:
    """The broker URL of the project's embedded Redis, started in the test's own folder for this
    test (stopped after): a real broker for worker tests."""
    from portal import embedded_redis  # noqa: PLC0415 (only the worker tests need it)

    var = tmp_path / "broker-var"
    server = subprocess.Popen(embedded_redis.server_command(var), stdout=subprocess.DEVNULL)
    try:
        assert embedded_redis.server_wait(var), "the embedded Redis did not start"
        yield embedded_redis.broker_url(var)
    finally:
        server.terminate()
        server.wait(timeout=30)
