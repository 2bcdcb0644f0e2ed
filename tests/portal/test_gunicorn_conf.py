"""deploy/gunicorn.conf.py: sized for the machine, and the worker's long-lived heap frozen."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


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
