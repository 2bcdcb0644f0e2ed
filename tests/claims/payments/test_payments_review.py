"""Promises of issue #6 the first payment tests left unchecked, and the selectors' query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import ClaimEvent
from claims.payments import services, tasks
from claims.payments.models import PaymentCallback, PaymentOrder
from claims.payments.selectors import payments_for_claim
from identity.models import User
from tests.claims.payments.helpers import (
    callback_body,
    make_approved_claim,
    order_snapshot,
    post_callback,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

NEW_DETAILS = {
    "method": "bank",
    "bank_code": "VCB",
    "account_number": "1234567890",
    "account_holder": "NGUYEN VAN A",
}


def failed_months(months: int):
    """A claim whose every month is due and failed at the office."""
    start = timezone.localdate() - timedelta(days=31 * (months - 1))
    claim = make_approved_claim(months=months, start=start, account="9990001111")
    services.payment_schedule_create(claim_id=claim.pk)
    orders = list(PaymentOrder.objects.filter(claim=claim).order_by("installment__number"))
    assert len(orders) == months
    for order in orders:
        services.payment_order_send(order_id=order.pk)
        order.refresh_from_db()
        body = callback_body(order, "failed", reason_code="invalid_account", reason="Sai số")
        assert post_callback(Client(), body).json()["applied"] is True
    return claim


def queries_of_overview(claim) -> int:
    with CaptureQueriesContext(connection) as queries:
        overview = payments_for_claim(claim=claim)
    assert all(f.order.status == "failed" for f in overview.failures)
    return len(queries)


def test_the_overview_costs_the_same_queries_for_one_or_many_failed_months():
    assert queries_of_overview(failed_months(1)) == queries_of_overview(failed_months(3))


def test_the_overview_says_which_failures_the_worker_fixed_since():
    claim = failed_months(2)
    overview = payments_for_claim(claim=claim)
    assert [f.details_changed for f in overview.failures] == [False, False]
    services.payment_details_change(
        claim_id=claim.pk, citizen=User.objects.get(pk=claim.citizen_id), details=NEW_DETAILS
    )
    overview = payments_for_claim(claim=claim)
    assert [f.details_changed for f in overview.failures] == [True, True]
    assert all(services.details_changed_since(f.order) for f in overview.failures)


def test_a_second_processing_event_is_stale_and_changes_nothing():
    claim = make_approved_claim(months=1)
    services.payment_schedule_create(claim_id=claim.pk)
    order = PaymentOrder.objects.get(claim=claim)
    services.payment_order_send(order_id=order.pk)
    order.refresh_from_db()
    c = Client()
    assert post_callback(c, callback_body(order, "processing")).json()["applied"] is True
    before = order_snapshot(order)
    again = post_callback(c, callback_body(order, "processing"))  # a new event id
    assert (again.status_code, again.json()) == (200, {"ok": True, "applied": False})
    assert order_snapshot(order) == before == ("processing", 1, "ordered", "decision_issued")
    log = list(PaymentCallback.objects.filter(order=order).values_list("outcome", flat=True))
    assert log == ["applied", "stale"]


def test_the_sweep_queues_lost_orders_again(monkeypatch, settings):
    queued: list[int] = []
    monkeypatch.setattr(tasks.payment_order_send, "delay", queued.append)
    claim = make_approved_claim(months=1)
    services.payment_schedule_create(claim_id=claim.pk)  # its send task never ran
    order = PaymentOrder.objects.get(claim=claim)
    assert services.payments_sweep()["requeued"] == 0  # still within the grace
    later = timezone.now() + timedelta(seconds=settings.SETTLEMENT_SWEEP_GRACE + 1)
    result = services.payments_sweep(now=later)
    assert (result["requeued"], queued) == (1, [order.pk])
    order.refresh_from_db()
    assert (order.status, order.attempts) == ("pending", 0)  # queued, not sent by the sweep


def test_flagging_many_unanswered_orders_costs_the_same_queries_as_one(settings):
    def acknowledged(months: int) -> list[PaymentOrder]:
        start = timezone.localdate() - timedelta(days=31 * (months - 1))
        claim = make_approved_claim(months=months, start=start)
        services.payment_schedule_create(claim_id=claim.pk)
        orders = list(PaymentOrder.objects.filter(claim=claim))
        for order in orders:
            services.payment_order_send(order_id=order.pk)
        return orders

    def flag(expected: int) -> int:
        later = timezone.now() + timedelta(seconds=settings.SETTLEMENT_STALE_AFTER + 1)
        with CaptureQueriesContext(connection) as queries:
            assert services.orders_stale_flag(now=later) == expected
        return len(queries)

    one = acknowledged(1)
    one_query_count = flag(1)
    three = acknowledged(3)
    assert flag(3) == one_query_count
    assert flag(0) < one_query_count
    for order in one + three:
        order.refresh_from_db()
        assert order.status == "acknowledged" and order.attention_since is not None
        events = ClaimEvent.objects.filter(claim=order.claim, kind="payment:attention")
        assert [e.data["order"] for e in events if e.data["order"] == order.pk] == [order.pk]
        assert events.get(data__order=order.pk).data["key"] == str(order.idempotency_key)
