"""The simulator's batch interface (ADR 0026): many orders in one signed request, each judged
on its own; their callbacks back in signed batches; the faults drawn per order."""

from __future__ import annotations

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.settlement_office.support import (
    CallbackReceiver,
    office_orders,
    office_post,
    office_post_batch,
    sample_order,
    settlement_office_running,
    wait_for,
)

FAST = {"pay_delay": 0.05, "callback_backoff": 0.05}


def test_each_order_of_a_batch_gets_its_own_answer(tmp_path):
    with CallbackReceiver() as receiver, settlement_office_running(tmp_path, **FAST) as office:
        first, second = sample_order(receiver.url), sample_order(receiver.url)
        stored_alone = sample_order(receiver.url)
        office_post(office, stored_alone)
        conflicting = stored_alone | {"amount": 1}
        invalid = sample_order(receiver.url, amount=-5)
        response = office_post_batch(office, [first, second, stored_alone, conflicting, invalid])
        assert response.status_code == 200
        results = response.json()["results"]
        assert [r["status"] for r in results] == [
            "accepted",
            "accepted",
            "duplicate",
            "conflict",
            "invalid",
        ]
        assert results[0]["idempotency_key"] == first["idempotency_key"]
        assert results[0]["office_order_id"].startswith("VP-")
        assert (results[4]["error"], results[4]["field"]) == ("invalid_field", "amount")
        # The batch again: every stored order a duplicate with the same office id.
        again = office_post_batch(office, [first, second])
        assert [r["status"] for r in again.json()["results"]] == ["duplicate", "duplicate"]
        assert again.json()["results"][0]["office_order_id"] == results[0]["office_order_id"]
        stored = {o["idempotency_key"]: o for o in office_orders(office)}
        assert set(stored) == {
            first["idempotency_key"],
            second["idempotency_key"],
            stored_alone["idempotency_key"],
        }
        assert stored[first["idempotency_key"]]["batched"] is True
        assert stored[stored_alone["idempotency_key"]]["batched"] is False
        assert stored[first["idempotency_key"]]["times_received"] == 2


def test_the_same_key_twice_in_a_batch_is_one_order(tmp_path):
    with CallbackReceiver() as receiver, settlement_office_running(tmp_path, **FAST) as office:
        order = sample_order(receiver.url)
        results = office_post_batch(office, [order, order, order | {"amount": 7}]).json()["results"]
        assert [r["status"] for r in results] == ["accepted", "accepted", "conflict"]
        assert len(office_orders(office)) == 1


def test_a_batch_that_is_not_signed_or_not_a_list_is_refused_whole(tmp_path):
    with settlement_office_running(tmp_path, **FAST) as office:
        order = sample_order("http://127.0.0.1:9/cb/")
        assert office_post_batch(office, [order], signed=False).status_code == 401
        assert office_post_batch(office, [order], secret="other").status_code == 401
        for body in ([], [order] * 501, "orders"):
            response = office_post_batch(office, body)  # type: ignore[arg-type]
            assert response.status_code == 400
            assert response.json()["field"] == "orders"
        garbage = requests.post(
            f"{office}/api/orders/batch", data=b"\xff", timeout=10, headers={"X": "1"}
        )
        assert garbage.status_code == 401
        assert office_orders(office) == []


def test_batched_orders_are_called_back_in_signed_batches_in_sequence(tmp_path):
    with CallbackReceiver() as receiver, settlement_office_running(tmp_path, **FAST) as office:
        orders = [sample_order(receiver.url) for _ in range(6)]
        office_post_batch(office, orders)
        keys = [o["idempotency_key"] for o in orders]
        wait_for(lambda: all(len(receiver.events(k)) >= 2 for k in keys), timeout=30)
        assert all(r.signature_ok for r in receiver.received)
        assert receiver.batches(), "the callbacks should have come in batches"
        assert max(len(b) for b in receiver.batches()) > 1
        for key in keys:
            events = receiver.events(key)
            assert [(e["sequence"], e["status"]) for e in events] == [
                (1, "processing"),
                (2, "paid"),
            ]
        stored = wait_for(
            lambda: (
                all(o["callbacks_sent"] == 2 for o in office_orders(office))
                and office_orders(office)
            )
        )
        assert {o["times_paid"] for o in stored} == {1}


def test_an_event_the_portal_did_not_take_is_sent_again(tmp_path):
    refused_once: set[str] = set()

    def answer(event):
        if event["sequence"] == 2 and event["event_id"] not in refused_once:
            refused_once.add(event["event_id"])
            return "error"
        return "applied"

    with (
        CallbackReceiver(answer_event=answer) as receiver,
        settlement_office_running(tmp_path, **FAST) as office,
    ):
        orders = [sample_order(receiver.url) for _ in range(3)]
        office_post_batch(office, orders)
        wait_for(lambda: all(o["callbacks_sent"] == 2 for o in office_orders(office)), timeout=30)
        for order in orders:
            paid = [e for e in receiver.events(order["idempotency_key"]) if e["sequence"] == 2]
            assert len(paid) == 2 and paid[0]["event_id"] == paid[1]["event_id"]
        final = [c for o in office_orders(office) for c in o["callbacks"] if c["sequence"] == 2]
        assert {(c["state"], c["attempts"]) for c in final} == {("delivered", 2)}


def test_the_faults_apply_to_each_order_of_a_batch(tmp_path):
    flags = FAST | {"fail_5xx": 0.3, "duplicate_callbacks": 0.5, "reorder_callbacks": 0.5}
    with (
        CallbackReceiver() as receiver,
        settlement_office_running(tmp_path, seed=4, **flags) as office,
    ):
        orders = [sample_order(receiver.url) for _ in range(40)]
        results = office_post_batch(office, orders).json()["results"]
        unavailable = [r for r in results if r["status"] == "unavailable"]
        assert 4 <= len(unavailable) <= 20  # about 30%, drawn per order
        assert {r["error"] for r in unavailable} == {"injected_fault"}
        stored = {o["idempotency_key"] for o in office_orders(office)}
        assert stored == {r["idempotency_key"] for r in results if r["status"] == "accepted"}
        wait_for(lambda: all(o["callbacks_sent"] >= 2 for o in office_orders(office)), timeout=30)
        sent = office_orders(office)
        assert any(o["reorder"] for o in sent) and any(not o["reorder"] for o in sent)
        for order in sent:
            events = receiver.events(order["idempotency_key"])
            first = (events[0]["sequence"], events[0]["status"])
            assert first == ((2, "paid") if order["reorder"] else (1, "processing"))
        twice = sum(c["deliveries"] == 2 for o in sent for c in o["callbacks"])
        assert twice > 0  # the duplicate fault sent some events again, in a second batch
        assert {o["times_paid"] for o in sent} == {1}


def test_store_then_5xx_in_a_batch_stores_the_order_so_the_retry_is_a_duplicate(tmp_path):
    with settlement_office_running(tmp_path, store_then_5xx=1.0, **FAST) as office:
        order = sample_order("http://127.0.0.1:9/cb/")
        first = office_post_batch(office, [order]).json()["results"][0]
        assert first["status"] == "unavailable"
        assert [o["idempotency_key"] for o in office_orders(office)] == [order["idempotency_key"]]
        again = office_post_batch(office, [order]).json()["results"][0]
        assert again["status"] == "unavailable"  # still drawn, but the office has it once
        assert len(office_orders(office)) == 1


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    with settlement_office_running(tmp_path_factory.mktemp("office"), **FAST) as url:
        yield url


@settings(max_examples=50, deadline=None)
@given(
    items=st.lists(
        _json | st.fixed_dictionaries({}, optional={"amount": _json, "method": _json}),
        min_size=1,
        max_size=4,
    )
)
def test_random_batches_never_give_a_500(office, items):
    orders = [
        sample_order("http://127.0.0.1:9/cb/") | item if isinstance(item, dict) else item
        for item in items
    ]
    response = office_post_batch(office, orders)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert len(results) == len(orders)
    assert {r["status"] for r in results} <= {"accepted", "duplicate", "conflict", "invalid"}
