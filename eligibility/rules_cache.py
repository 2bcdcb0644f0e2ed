"""Each process's snapshot of the rules tables, tagged with a version token in the shared cache.

`rules_changed()` forgets every process's snapshot: it drops this process's at once and
replaces the token, so every other process (web, Celery worker) reloads on its next read.
Kept apart from eligibility.selectors (which builds the snapshot from the models) so that the
models' signals and the holiday calendar can call it without importing the selectors.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

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


def snapshot_for(token: str, load: Callable[[], S]) -> S:
    """This process's snapshot for `token`, loaded (and the older ones dropped) when missing."""
    with _lock:
        snapshot = _snapshots.get(token)
    if snapshot is None:
        snapshot = load()
        with _lock:
            _snapshots.clear()
            _snapshots[token] = snapshot
    return snapshot  # type: ignore[return-value]


def rules_changed() -> None:
    """Forget every process's snapshot: called when a rules table changed (after commit)."""
    with _lock:
        _snapshots.clear()
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("rules cache unavailable; other processes may read old rules", exc_info=True)
