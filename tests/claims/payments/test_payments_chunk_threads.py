"""A chunk of orders is sent as batch requests (ADR 0026) from several threads at once
(claims.payments.tasks.SEND_THREADS), and still each order exactly once: the simulator over real HTTP with 5xx answers (some after
storing the order), PostgreSQL, the portal's callbacks on a live server. Skipped without a
PostgreSQL DATABASE_URL (threads need rows another connection can see)."""

from __future__ import annotations

import os
import threading
from collections import Counter

import pytest
from django.db import connection

from claims.payments import client, services, tasks
from claims.payments.models import PaymentOrder
from tests.claims.payments.test_payments_worker import (
    approved_claims,
    fast_settings,  # noqa: F401 - fixture
    wait_all_paid,
)
from tests.settlement_office.support import office_orders, settlement_office_running

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="needs a PostgreSQL DATABASE_URL",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_a_chunk_goes_out_from_several_threads_each_order_once(
    tmp_path,
    fast_settings,  # noqa: F811 - the fixture imported above
    monkeypatch,
):
    claims = approved_claims(40, 1)
    senders: Counter[str] = Counter()
    real_send = tasks.send_batch

    def send_batch(*, order_ids: list[int]) -> dict[int, services.SendResult]:
        senders[threading.current_thread().name] += len(order_ids)
        return real_send(order_ids=order_ids)

    retries: list[int] = []
    monkeypatch.setattr(client, "BATCH_SIZE", 5)  # 8 batches: one per thread
    monkeypatch.setattr(tasks, "send_batch", send_batch)
    monkeypatch.setattr(
        tasks.payment_orders_send, "apply_async", lambda args, **kw: retries.extend(args[0])
    )
    # The release's own message is not sent: this test hands the chunk to the task itself.
    monkeypatch.setattr("common.tasks.task_send", lambda *args, **kwargs: None)
    with settlement_office_running(
        tmp_path, fail_5xx=0.2, store_then_5xx=0.2, pay_delay=0.05, seed=3
    ) as office_url:
        fast_settings.SETTLEMENT_OFFICE_URL = office_url
        for claim in claims:  # the schedule, and its due month's order (its message not sent)
            services.payment_schedule_create(claim_id=claim.pk)
        ids = list(PaymentOrder.objects.filter(status="pending").values_list("pk", flat=True))
        assert len(ids) == 40
        assert not connection.in_atomic_block
        outcomes = tasks.payment_orders_send.run(ids)
        assert sum(outcomes.values()) == 40
        assert len(senders) == tasks.SEND_THREADS  # the chunk was shared out
        assert sum(senders.values()) == 40  # and every order taken by exactly one thread
        assert outcomes.get("retry", 0) == len(retries) > 0
        while retries:  # what the retry messages do, once each is due
            PaymentOrder.objects.filter(pk__in=retries).update(next_attempt_at=None)
            again, retries[:] = list(retries), []
            tasks.payment_orders_send.run(again)
        wait_all_paid(40, timeout=120)
        # A second delivery of the whole chunk finds nothing to claim.
        assert tasks.payment_orders_send.run(ids) == {"skipped": 40}
        office = office_orders(office_url)
    keys = {
        str(k)
        for k in PaymentOrder.objects.filter(claim__in=claims).values_list(
            "idempotency_key", flat=True
        )
    }
    assert {o["idempotency_key"] for o in office} == keys
    assert Counter(o["times_paid"] for o in office) == {1: 40}
    assert PaymentOrder.objects.filter(status="paid").count() == 40
