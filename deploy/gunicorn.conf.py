"""gunicorn settings of `make serve` and docker-compose (the portal and the mock VNeID).

Sized for the machine: (cores + 1) worker processes of 4 threads each. A request spends its
time in Python (one core per process at a time) and waiting on the database, Redis or an HTTP
call (the threads cover the waits); the extra process covers a worker that is restarting.
WEB_CONCURRENCY and GUNICORN_THREADS override both. Every address comes from --bind (PORT).
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# A request that takes longer than this is a bug or a stuck call: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500
# An empty GUNICORN_ACCESS_LOG turns the access log off (the soak bench, tests).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Behind the load balancer (docker-compose) the proxy's X-Forwarded-* headers are trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def post_worker_init(worker: object) -> None:
    """Once the worker has loaded the application: load the URL map too, then freeze the heap.

    Everything loaded so far (modules, the settings, the URL map and every view module it
    imports, about 240,000 objects) lives as long as the worker. gc.freeze() moves it out of
    the collector's generations, so a full collection no longer walks it: without it, each full
    collection of a portal worker cost tens of milliseconds of CPU (measured with gc callbacks
    around bench/filing_profile.py, issue 11); with it the collector costs about 1.4 ms per
    claim. Objects made later are collected as before.
    """
    import gc

    from django.urls import get_resolver

    # The URL map's views are imported, and its reverse look-ups built, now, not at a request.
    get_resolver().reverse_dict  # noqa: B018
    gc.collect()
    gc.freeze()
