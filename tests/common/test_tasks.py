"""common.tasks: a task is found by its name, also when two threads send the first ones at once."""

from __future__ import annotations

import threading

import pytest
from celery import current_app

from common import tasks

NAME = "tests.common.a_task_registered_late"


def _late() -> None:
    """The task body (Celery wants a named function)."""


@pytest.fixture
def late_task(monkeypatch):
    """A tasks module whose import takes a while, and a discovery that, like Celery's, returns
    at once without importing while another discovery is under way (_RACE_PROTECTION)."""
    entered, release = threading.Event(), threading.Event()
    state = {"running": False, "overlapped": False}

    def import_default_modules():
        if state["running"]:
            state["overlapped"] = True
            return []
        state["running"] = True
        entered.set()
        release.wait(timeout=30)
        current_app.task(name=NAME)(_late)
        state["running"] = False
        return []

    monkeypatch.setattr(current_app.loader, "import_default_modules", import_default_modules)
    yield entered, release, state
    current_app.tasks.pop(NAME, None)


def test_a_second_thread_waits_for_the_discovery_under_way(late_task):
    entered, release, state = late_task
    found: dict[str, object] = {}

    def send(key: str) -> None:
        try:
            found[key] = tasks.task_named(NAME).name
        except Exception as error:  # noqa: BLE001 - what the thread met is the result
            found[key] = error

    first = threading.Thread(target=send, args=("first",))
    first.start()
    assert entered.wait(timeout=30)
    second = threading.Thread(target=send, args=("second",))
    second.start()
    second.join(timeout=0.5)  # without the lock it would have failed by now
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert found == {"first": NAME, "second": NAME}
    assert state["overlapped"] is False


def test_tasks_load_registers_every_apps_tasks():
    tasks.tasks_load()
    assert "claims.tasks.notification_email" in current_app.tasks
    assert "claims.tasks.payment_orders_send" in current_app.tasks


def test_the_portals_wsgi_application_loads_the_tasks(monkeypatch):
    import importlib

    import portal.wsgi

    called = []
    monkeypatch.setattr(tasks, "tasks_load", lambda: called.append(True))
    importlib.reload(portal.wsgi)
    assert called == [True]
