"""A broker that cannot take a message after commit: the committed work stands, nothing raises.

The broker is a real Redis address with nothing listening (a port taken and closed by the
test), so kombu's own publish retries run and fail as they would with Redis down.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from claims.models import Notification
from claims.notifications import sweep
from claims.notifications.services import notify
from claims.notifications.tasks import notifications_email_sweep
from common import tasks
from tests.factories import CitizenFactory as UserFactory


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_down():
    """The project's Celery app, not eager, its broker and result store (as in production, one
    Redis) an address where nothing answers."""
    from portal.celery import app

    def fresh() -> None:
        # Pools and the result store made for the previous address must not be reused.
        app._pool = None
        app.amqp._producer_pool = None
        app._backend_cache = None
        app._local = threading.local()

    previous = (
        app.conf.broker_url,
        app.conf.result_backend,
        app.conf.task_always_eager,
        app.conf.broker_transport_options,
    )
    down = f"redis://127.0.0.1:{_closed_port()}/0"
    app.conf.update(
        broker_url=down, result_backend=down, task_always_eager=False, broker_transport_options={}
    )
    fresh()
    try:
        yield app
    finally:
        app.conf.update(
            broker_url=previous[0],
            result_backend=previous[1],
            task_always_eager=previous[2],
            broker_transport_options=previous[3],
        )
        fresh()


@pytest.mark.django_db(transaction=True)
def test_a_commit_stands_and_the_failure_is_logged_when_the_broker_is_down(broker_down, caplog):
    user = UserFactory(email="a@example.vn")
    caplog.set_level(logging.ERROR, logger="common.tasks")
    started = time.monotonic()
    with transaction.atomic():
        note = notify(
            user=user,
            kind="claim_submitted",
            params={"reference": "X", "path": "/", "deadline": "01/01/2027"},
        )
    # No exception from the commit's hook; the row is committed.
    assert Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).exists()
    assert [r.task for r in caplog.records] == ["claims.tasks.notification_email"]
    # kombu's publish retries (about a second), not the result store's twenty reconnects and
    # its RuntimeError (CELERY_TASK_IGNORE_RESULT): a bound, not a speed check.
    assert time.monotonic() - started < 15


def test_a_bug_still_raises():
    with pytest.raises(KeyError):
        tasks.task_send_committed("claims.tasks.no_such_task", 1)


@pytest.mark.django_db
def test_the_sweep_queues_unsent_e_mails_of_the_last_day_with_an_address(mailoutbox):
    now = timezone.now()
    with_address = UserFactory(email="a@example.vn")
    without = UserFactory(email="")
    params = {"reference": "X", "path": "/", "deadline": "01/01/2027"}

    def made(user, age, **extra):
        note = Notification.objects.create(
            user=user, kind="claim_submitted", params={**params, **extra}
        )
        Notification.objects.filter(pk=note.pk).update(created_at=now - age)
        return note.pk

    lost = made(with_address, timedelta(minutes=10))
    by_contact = made(without, timedelta(hours=3), email="contact@example.vn")
    made(with_address, timedelta(seconds=30))  # its own message may be on its way
    made(with_address, timedelta(days=2))  # too old to be news
    made(without, timedelta(minutes=10))  # nowhere to send it
    sent = made(with_address, timedelta(minutes=10))
    Notification.objects.filter(pk=sent).update(emailed_at=now)
    mailoutbox.clear()

    assert sweep.notifications_email_unsent() == [by_contact, lost]
    assert notifications_email_sweep() == 2  # eager in tests: the e-mails leave now
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.vn", "contact@example.vn"]
    assert notifications_email_sweep() == 0  # sent once
