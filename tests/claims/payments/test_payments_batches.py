"""Orders sent in batches and callbacks received in batches (ADR 0026), with the guarantees of
the single order: each order under its own key and its own answer, a callback logged once by
its event id and applied in sequence order, one that fails not holding up the others."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import requests
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from claims.models import Notification
from claims.payments import services
from claims.payments.models import PaymentCallback, PaymentOrder
from tests.claims.payments.helpers import (
    callback_body,
    make_approved_claim,
    order_snapshot,
    post_callback,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


def pending_orders(count: int, **kw) -> list[PaymentOrder]:
    """`count` claims' first months, ordered and not yet sent."""
    ids = []
    for _ in range(count):
        claim = make_approved_claim(months=1, **kw)
        services.payment_schedule_create(claim_id=claim.pk)
        ids += list(PaymentOrder.objects.filter(claim=claim).values_list("pk", flat=True))
    return list(PaymentOrder.objects.filter(pk__in=ids).order_by("pk"))


def acknowledged_orders(count: int) -> list[PaymentOrder]:
    orders = pending_orders(count)
    results = services.payment_orders_send_batch(order_ids=[o.pk for o in orders])
    assert {r.outcome for r in results.values()} == {"acknowledged"}
    for order in orders:
        order.refresh_from_db()
    return orders


def statuses(orders: list[PaymentOrder]) -> list[str]:
    return [PaymentOrder.objects.get(pk=o.pk).status for o in orders]


# --- Sending ---------------------------------------------------------------------------------


def test_a_batch_is_one_signed_request_and_each_order_gets_its_own_answer(office):
    accepted, duplicate, invalid, conflict, unavailable = pending_orders(5)
    office.script = [
        (
            200,
            {
                "results": [
                    {"status": "accepted", "office_order_id": "SO-A"},
                    {"status": "duplicate", "office_order_id": "SO-D"},
                    {"status": "invalid", "error": "invalid_field", "message": "bad account"},
                    {"status": "conflict", "error": "idempotency_conflict"},
                    {"status": "unavailable", "error": "injected_fault"},
                ]
            },
        )
    ]
    orders = [accepted, duplicate, invalid, conflict, unavailable]
    results = services.payment_orders_send_batch(order_ids=[o.pk for o in orders])
    assert len(office.posts) == 1
    assert [o["idempotency_key"] for o in office.posts[0]["orders"]] == [
        str(o.idempotency_key) for o in orders
    ]
    assert [results[o.pk].outcome for o in orders] == [
        "acknowledged",
        "acknowledged",
        "rejected",
        "retry",
        "retry",
    ]
    assert statuses(orders) == ["acknowledged", "acknowledged", "failed", "pending", "pending"]
    invalid.refresh_from_db()
    assert (invalid.failure_code, invalid.failure_reason) == ("invalid_field", "bad account")
    assert PaymentOrder.objects.get(pk=duplicate.pk).office_order_id == "SO-D"
    # Only the two the office could not take go out again, under the same keys.
    PaymentOrder.objects.filter(pk__in=[conflict.pk, unavailable.pk]).update(next_attempt_at=None)
    again = services.payment_orders_send_batch(order_ids=[o.pk for o in orders])
    assert [again[o.pk].outcome for o in orders] == ["skipped"] * 3 + ["acknowledged"] * 2
    assert [o["idempotency_key"] for o in office.posts[1]["orders"]] == [
        str(conflict.idempotency_key),
        str(unavailable.idempotency_key),
    ]


@pytest.mark.parametrize(
    "answer",
    [(503, {"error": "unavailable"}), (400, {"error": "invalid_field"}), requests.Timeout()],
    ids=["503", "400", "timeout"],
)
def test_a_batch_the_office_did_not_take_is_retried_for_every_order(office, answer):
    orders = pending_orders(3)
    office.script = [answer]
    results = services.payment_orders_send_batch(order_ids=[o.pk for o in orders])
    assert {r.outcome for r in results.values()} == {"retry"}
    assert all(0 <= (r.retry_in or 0) <= 2.0 for r in results.values())
    assert statuses(orders) == ["pending"] * 3  # never failed for an answer about the batch
    PaymentOrder.objects.update(next_attempt_at=None)
    assert {
        r.outcome
        for r in services.payment_orders_send_batch(order_ids=[o.pk for o in orders]).values()
    } == {"acknowledged"}
    assert office.posts[0] == office.posts[1]  # the same bodies under the same keys


def test_answers_are_matched_by_key_when_the_office_lists_fewer(office):
    first, second = pending_orders(2)
    office.script = [
        (
            200,
            {
                "results": [
                    {
                        "idempotency_key": str(second.idempotency_key),
                        "status": "accepted",
                        "office_order_id": "SO-2",
                    }
                ]
            },
        )
    ]
    results = services.payment_orders_send_batch(order_ids=[first.pk, second.pk])
    # The order the answer does not mention: nobody knows, so it is sent again.
    assert (results[first.pk].outcome, results[second.pk].outcome) == ("retry", "acknowledged")


def test_an_order_another_sender_holds_is_skipped_and_not_sent(office):
    held, free = pending_orders(2)
    assert services._claim_many([held.pk], timezone.now()) == {held.pk}  # another sender's lease
    results = services.payment_orders_send_batch(order_ids=[held.pk, free.pk])
    assert (results[held.pk].outcome, results[free.pk].outcome) == ("skipped", "acknowledged")
    assert [o["idempotency_key"] for o in office.posts[0]["orders"]] == [str(free.idempotency_key)]
    # Once its lease has run out (the sender was killed), the next batch takes it.
    PaymentOrder.objects.filter(pk=held.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert (
        services.payment_orders_send_batch(order_ids=[held.pk])[held.pk].outcome == "acknowledged"
    )
    assert PaymentOrder.objects.get(pk=held.pk).attempts == 2


# --- Callbacks in batches --------------------------------------------------------------------


def post_events(events: list) -> dict:
    response = post_callback(Client(), {"events": events})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_batch_of_callbacks_pays_each_order_once():
    orders = acknowledged_orders(3)
    processing = post_events([callback_body(o, "processing") for o in orders])
    assert [r["status"] for r in processing["results"]] == ["applied"] * 3
    assert [r["index"] for r in processing["results"]] == [0, 1, 2]
    paid = [callback_body(o, "paid") for o in orders]
    assert [r["status"] for r in post_events(paid)["results"]] == ["applied"] * 3
    assert [order_snapshot(o) for o in orders] == [("paid", 2, "paid", "completed")] * 3
    assert Notification.objects.filter(kind="payment_paid").count() == 3
    # The whole batch delivered again: every event a duplicate, nothing changes.
    assert [r["status"] for r in post_events(paid)["results"]] == ["duplicate"] * 3
    assert PaymentCallback.objects.count() == 6
    assert Notification.objects.filter(kind="payment_paid").count() == 3


def test_the_same_event_twice_in_a_batch_is_applied_once():
    (order,) = acknowledged_orders(1)
    event = callback_body(order, "paid")
    results = post_events([event, event])["results"]
    assert [r["status"] for r in results] == ["applied", "duplicate"]
    assert PaymentCallback.objects.filter(order=order).count() == 1


def test_reordered_events_in_a_batch_keep_the_final_state():
    (order,) = acknowledged_orders(1)
    results = post_events([callback_body(order, "paid"), callback_body(order, "processing")])
    assert [r["status"] for r in results["results"]] == ["applied", "ignored"]
    assert order_snapshot(order) == ("paid", 2, "paid", "completed")
    outcomes = list(PaymentCallback.objects.filter(order=order).values_list("outcome", flat=True))
    assert outcomes == ["applied", "final"]


def test_one_event_that_fails_does_not_poison_the_rest(monkeypatch):
    broken, healthy = acknowledged_orders(2)
    real = services._order_paid

    def paid(order, now):
        real(order, now)  # its writes happen, then the failure: the savepoint must undo them
        if order.pk == broken.pk:
            raise RuntimeError("the database said no")

    monkeypatch.setattr(services, "_order_paid", paid)
    results = post_events([callback_body(broken, "paid"), callback_body(healthy, "paid")])
    assert [r["status"] for r in results["results"]] == ["error", "applied"]
    assert order_snapshot(healthy) == ("paid", 2, "paid", "completed")
    assert order_snapshot(broken) == ("acknowledged", 0, "ordered", "decision_issued")
    assert not PaymentCallback.objects.filter(order=broken).exists()
    assert Notification.objects.filter(kind="payment_paid").count() == 1
    # The office sends the failed event again; now it applies.
    monkeypatch.setattr(services, "_order_paid", real)
    assert post_events([callback_body(broken, "paid")])["results"][0]["status"] == "applied"
    assert order_snapshot(broken) == ("paid", 2, "paid", "completed")


def test_invalid_and_unknown_events_are_answered_alone():
    (order,) = acknowledged_orders(1)
    unknown = callback_body(order, "paid") | {"idempotency_key": str(uuid.uuid4())}
    invalid = callback_body(order, "paid") | {"sequence": 1}
    results = post_events([unknown, invalid, "not an event", callback_body(order, "processing")])
    assert [(r["status"], r.get("field")) for r in results["results"]] == [
        ("unknown_order", None),
        ("invalid", "sequence"),
        ("invalid", "object"),
        ("applied", None),
    ]
    assert order_snapshot(order)[0] == "processing"


def test_a_badly_signed_or_malformed_batch_changes_nothing():
    (order,) = acknowledged_orders(1)
    c = Client()
    body = {"events": [callback_body(order, "paid")]}
    assert post_callback(c, body, secret="another secret").status_code == 401
    assert (
        post_callback(c, body, timestamp=int(timezone.now().timestamp()) - 3600).status_code == 401
    )
    for malformed in ({"events": []}, {"events": "paid"}, {"events": [{}] * 501}):
        response = post_callback(c, malformed)
        assert response.status_code == 400, malformed
        assert response.json() == {"error": "malformed", "field": "events"}
    assert order_snapshot(order)[0] == "acknowledged"
    assert not PaymentCallback.objects.exists()


def test_a_batch_of_paid_callbacks_has_a_bounded_number_of_queries(django_assert_max_num_queries):
    orders = acknowledged_orders(10)
    post_events([callback_body(o, "processing") for o in orders])
    paid = [callback_body(o, "paid") for o in orders]
    with django_assert_max_num_queries(30 * len(orders)):
        post_events(paid)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(
    events=st.lists(
        st.one_of(
            _json_values,
            st.dictionaries(
                st.sampled_from(
                    ["event_id", "idempotency_key", "sequence", "status", "occurred_at"]
                ),
                _json_values,
                max_size=3,
            ),
        ),
        max_size=4,
    )
)
def test_random_signed_batches_never_cause_a_500(events):
    order = PaymentOrder.objects.filter(status="acknowledged").first() or acknowledged_orders(1)[0]
    batch = [callback_body(order, "processing") | e if isinstance(e, dict) else e for e in events]
    response = post_callback(Client(), {"events": batch})
    assert response.status_code in {200, 400}
