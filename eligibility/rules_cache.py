"""Each process's snapshot of the rules tables, tagged with a version token in the shared cache.

`rules_changed()` forgets every process's snapshot: it drops this process's at once and
replaces the token, so every other process (web, Celery worker) reloads on its next read.
Kept apart from eligibility.selectors (which builds the snapshot from the models) so that the
models' signals and the holiday calendar can call it without importing the selectors.

A change of a rules table inside a transaction also schedules `rules_changed` for its commit
(eligibility.models, eligibility.holiday_calendar): while that call is pending, the
transaction sees rows no other process sees, and `changed_in_transaction` says so (the
snapshot is then read from the tables, never cached). Any other transaction may use the cache.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger("eligibility.selectors")

VERSION_KEY = "eligibility:rules:version"
_lock = threading.Lock()
_snapshots: dict[str, object] = {}

S = TypeVar("S")


def version_token() -> str | None:
    """The current version token (made when there is none); raises when the cache is down."""
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(VERSION_KEY)
    return token


def snapshot_for(token: str, load: Callable[[], S], *, keep: bool = True) -> S:
    """This process's snapshot for `token`, loaded (and the older ones dropped) when missing;
    with keep=False a snapshot loaded here is used but not kept for the next reader."""
    with _lock:
        snapshot = _snapshots.get(token)
    if snapshot is None:
        snapshot = load()
        if keep:
            with _lock:
                _snapshots.clear()
                _snapshots[token] = snapshot
    return snapshot  # type: ignore[return-value]


def changed_in_transaction(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the open transaction on `using` changed a rules table (not committed yet).

    Read from the transaction's own pending commit callbacks: the change scheduled
    `rules_changed` there, a rolled-back savepoint took its callback with it, and the list is
    emptied when the transaction ends either way, so no flag of ours can outlive it. (Django
    keeps the callbacks in `run_on_commit` as (savepoint ids, callable, robust) tuples.)
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        return False
    return any(entry[1] is rules_changed for entry in connection.run_on_commit)


def rules_changed() -> None:
    """Forget every process's snapshot: called when a rules table changed (after commit)."""
    with _lock:
        _snapshots.clear()
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("rules cache unavailable; other processes may read old rules", exc_info=True)
