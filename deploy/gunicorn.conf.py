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
