"""deploy/gunicorn.conf.py: sized for the machine, the application loaded once in the master
(no connection or thread crosses the fork), and the long-lived heap frozen."""

from __future__ import annotations

import gc
import json
import runpy
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from portal.stack import environment_without_shared_servers

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "gunicorn.conf.py"


def test_workers_and_threads_follow_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("GUNICORN_THREADS", "6")
    conf = runpy.run_path(str(CONF))
    assert (conf["workers"], conf["threads"], conf["worker_class"]) == (5, 6, "gthread")


def test_a_worker_loads_the_url_map_and_freezes_what_it_loaded():
    conf = runpy.run_path(str(CONF))
    from django.urls import clear_url_caches, get_resolver

    clear_url_caches()
    before = gc.get_freeze_count()
    try:
        conf["post_worker_init"](None)
        assert get_resolver()._populated  # the views are imported before any request
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def _server(*, preload_app: bool) -> SimpleNamespace:
    """What when_ready reads of gunicorn's Arbiter: its configuration."""
    return SimpleNamespace(cfg=SimpleNamespace(preload_app=preload_app))


def test_the_master_loads_the_application_once_and_forks_no_connection(monkeypatch):
    monkeypatch.delenv("GUNICORN_PRELOAD", raising=False)
    conf = runpy.run_path(str(CONF))
    assert conf["preload_app"] is True
    monkeypatch.setenv("GUNICORN_PRELOAD", "false")
    assert runpy.run_path(str(CONF))["preload_app"] is False
    from django.db import connections
    from django.urls import clear_url_caches, get_resolver

    closed: list[bool] = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    clear_url_caches()
    before = gc.get_freeze_count()
    try:
        conf["when_ready"](_server(preload_app=True))
        assert get_resolver()._populated  # the workers inherit the URL map
        assert closed == [True]  # no database connection crosses the fork
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_without_preloading_the_master_touches_nothing(monkeypatch):
    conf = runpy.run_path(str(CONF))
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: pytest.fail("closed in the master"))
    before = gc.get_freeze_count()
    conf["when_ready"](_server(preload_app=False))
    assert gc.get_freeze_count() == before


#: Load the application as the master does and say what it left open.
LOADED = (
    "import importlib, json, sys, threading; importlib.import_module(sys.argv[1]);"
    "from django.db import connections; from django.urls import get_resolver;"
    "get_resolver().reverse_dict;"
    "print(json.dumps([[a for a in connections if connections[a].connection is not None],"
    " [t.name for t in threading.enumerate()]]))"
)


@pytest.mark.parametrize(
    ("module", "settings_module"),
    [
        ("portal.wsgi", "portal.settings"),
        ("identity.mock_vneid.wsgi", "portal.mock_vneid_settings"),
    ],
)
def test_loading_the_application_opens_no_connection_and_starts_no_thread(
    tmp_path, module, settings_module
):
    env = environment_without_shared_servers(
        DJANGO_SETTINGS_MODULE=settings_module, TROCAP_VAR_DIR=str(tmp_path / "var")
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", LOADED, module],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    open_connections, threads = json.loads(result.stdout.strip().splitlines()[-1])
    assert open_connections == []
    assert threads == ["MainThread"]  # a thread would not survive the fork into the workers
