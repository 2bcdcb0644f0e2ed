"""The one way a service schedules a Celery task: by its registered name, after commit.

Services never import a tasks module (tasks import services, never the reverse): they call
`task_after_commit("claims.tasks.decision_render", decision.pk)`. The message leaves only once
the surrounding transaction commits, so a worker never looks for a row that was rolled back,
and a rolled-back change sends nothing. Outside a transaction (autocommit) it leaves at once.

By then the change is committed, so a broker that cannot take the message (Redis down or
restarting) must not turn the answer into an error: the person's claim, decision or payment
exists. The failure is logged and the work waits for its sweep, which finds it in the database
(CELERY_BEAT_SCHEDULE: decisions, payments, fast-track batches, what-if runs, training pushes and
orders, notification e-mails, prefilled claims' SMS, the benefit period's cycle). ADR 0027.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

#: Celery's autodiscovery is not thread-safe: while one thread imports the apps' tasks modules,
#: a second thread's discovery returns at once without them (celery.loaders.base's
#: _RACE_PROTECTION), and its task was "not registered": a 500 on the first filings a fresh
#: gunicorn worker served at once (bench/surge.py, concurrency 64). One discovery at a time.
_discovery = threading.Lock()


def tasks_load() -> None:
    """Register every app's tasks now, as a worker does at start: a web process calls it once
    it has loaded the application (portal.wsgi), before its threads serve a request."""
    with _discovery:
        current_app.loader.import_default_modules()


def task_named(name: str) -> Any:
    """The task registered as `name`; KeyError (NotRegistered) if no app defines it."""
    if name not in current_app.tasks:
        # A process that did not load them at start (a shell, a test) does it here, the first
        # time it sends a task no module has imported yet; a thread that finds another thread
        # discovering waits for it to finish.
        with _discovery:
            if name not in current_app.tasks:
                current_app.loader.import_default_modules()
    return current_app.tasks[name]


def task_send(name: str, *args: Any, **kwargs: Any) -> None:
    """Queue the task registered as `name` now (honours CELERY_TASK_ALWAYS_EAGER)."""
    task_named(name).delay(*args, **kwargs)


def task_send_committed(name: str, *args: Any, **kwargs: Any) -> bool:
    """Queue a task for work already committed; False (logged) if the broker cannot take it.

    Only the broker's own failure is caught (kombu's OperationalError, raised once Celery's
    publish retries are spent): an unknown task or bad arguments are bugs and still raise.
    """
    try:
        task_send(name, *args, **kwargs)
    except OperationalError:
        logger.error(
            "task %s not queued after commit (broker unavailable): its sweep will find the work",
            name,
            exc_info=True,
            extra={"task": name, "task_args": repr(args)[:200]},
        )
        return False
    return True


def task_after_commit(name: str, *args: Any, using: str | None = None, **kwargs: Any) -> None:
    """Queue the task registered as `name` with these arguments once the transaction commits."""
    transaction.on_commit(lambda: task_send_committed(name, *args, **kwargs), using=using)
