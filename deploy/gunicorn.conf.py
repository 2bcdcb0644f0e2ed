"""gunicorn settings of `make serve` and docker-compose (the portal and the mock VNeID).

Sized for the machine: (cores + 1) worker processes of 4 threads each. A request spends its
time in Python (one core per process at a time) and waiting on the database, Redis or an HTTP
call (the threads cover the waits); the extra process covers a worker that is restarting.
WEB_CONCURRENCY and GUNICORN_THREADS override both. Every address comes from --bind (PORT).

The application is loaded once, in the master, before the workers are forked (`preload_app`):
a worker that `max_requests` replaces starts in milliseconds instead of importing Django and
every app again (about 2.3 s of CPU each; in the 200 s surges of 4 December 2026 all three
portal workers were replaced once, and six alternating runs cost 60.3 ms per claim without
preloading, 54.3 ms with it, docs/scaling.md). Loading opens no
database connection and starts no thread (tests/portal/test_gunicorn_conf.py checks it); the
master closes any connection anyway before it forks. A new version of the code needs a restart
of the process (`make ctl ARGS="restart web"`, a new container), not a HUP.
"""

import multiprocessing
import os
from typing import Any

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# A request that takes longer than this is a bug or a stuck call: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Load the application in the master, once: workers are forked from it (see above).
# GUNICORN_PRELOAD=false has each worker load it itself (to compare, or to debug a start).
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() not in {"0", "false", "no"}
# Restart workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
# An empty GUNICORN_ACCESS_LOG turns the access log off (the soak bench, tests).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Behind the load balancer (docker-compose) the proxy's X-Forwarded-* headers are trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def when_ready(server: Any) -> None:
    """In the master, once the application is loaded and before the first worker is forked.

    The URL map is built here, so every worker inherits it; no database connection may cross
    the fork (two processes on one socket), so any that loading opened is closed. What is
    loaded is then moved out of the collector's generations (gc.freeze): the workers' full
    collections do not walk it, nor write to the pages they share with the master.
    """
    if not server.cfg.preload_app:
        return  # each worker loads the application itself (post_worker_init)
    from django.db import connections

    _url_map_loaded_heap_frozen()
    connections.close_all()


def post_worker_init(worker: object) -> None:
    """Once the worker has loaded the application: load the URL map too, then freeze the heap.

    Everything loaded so far (modules, the settings, the URL map and every view module it
    imports, about 240,000 objects) lives as long as the worker. gc.freeze() moves it out of
    the collector's generations, so a full collection no longer walks it: without it, each full
    collection of a portal worker cost tens of milliseconds of CPU (measured with gc callbacks
    around bench/filing_profile.py, issue 11); with it the collector costs about 1.4 ms per
    claim. Objects made later are collected as before. With the application preloaded, the
    master has done both before the fork (when_ready): this freezes what the worker's start
    made, and costs little.
    """
    _url_map_loaded_heap_frozen()


def _url_map_loaded_heap_frozen() -> None:
    """The URL map's views imported and its reverse look-ups built now, not at a request; then
    what is alive moved out of the collector's generations."""
    import gc

    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018
    gc.collect()
    gc.freeze()
