"""The simulator over HTTP: health, signature checks, idempotency, bad input."""

from __future__ import annotations

import time

import pytest

from tests.settlement_office.support import (
    CallbackReceiver,
    office_orders,
    office_post,
    sample_order,
    settlement_office_running,
    wait_for,
)


@pytest.fixture(scope="module")
def receiver():
    with CallbackReceiver() as r:
        yield r


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    with settlement_office_running(tmp_path_factory.mktemp("office"), pay_delay=0.05) as url:
        yield url


def test_health_answers(office):
    import requests

    assert requests.get(f"{office}/healthz", timeout=5).json() == {"ok": True}


def test_an_unsigned_order_is_refused_and_not_stored(office, receiver):
    order = sample_order(receiver.url)
    response = office_post(office, order, signed=False)
    assert response.status_code == 401
    assert response.json()["error"] == "signature_missing"
    assert order["idempotency_key"] not in {o["idempotency_key"] for o in office_orders(office)}


def test_an_order_signed_with_another_secret_is_refused(office, receiver):
    response = office_post(office, sample_order(receiver.url), secret="not-the-shared-secret")
    assert response.status_code == 401
    assert response.json()["error"] == "signature_mismatch"


def test_a_stale_timestamp_is_refused(office, receiver):
    response = office_post(office, sample_order(receiver.url), timestamp=int(time.time()) - 301)
    assert response.status_code == 401
    assert response.json()["error"] == "signature_stale"


def test_the_same_order_twice_is_one_order_paid_once(office, receiver):
    order = sample_order(receiver.url)
    first = office_post(office, order)
    second = office_post(office, order)
    assert first.status_code == 202
    assert first.json() == {
        "status": "accepted",
        "office_order_id": first.json()["office_order_id"],
        "duplicate": False,
    }
    assert second.status_code == 200
    assert second.json()["duplicate"] is True
    assert second.json()["office_order_id"] == first.json()["office_order_id"]

    def settled():
        mine = [
            o for o in office_orders(office) if o["idempotency_key"] == order["idempotency_key"]
        ]
        return mine if mine and mine[0]["status"] == "paid" else None

    (stored,) = wait_for(settled)
    assert stored["times_paid"] == 1
    assert stored["times_received"] == 2
    assert office_post(office, order).json()["office_order_id"] == stored["office_order_id"]
    time.sleep(0.2)
    (again,) = [
        o for o in office_orders(office) if o["idempotency_key"] == order["idempotency_key"]
    ]
    assert again["times_paid"] == 1


def test_the_same_key_with_another_body_is_a_conflict(office, receiver):
    order = sample_order(receiver.url)
    assert office_post(office, order).status_code == 202
    response = office_post(office, {**order, "amount": order["amount"] + 1})
    assert response.status_code == 409
    assert response.json()["error"] == "idempotency_conflict"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"not json", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        (b"[1, 2]", "invalid_json"),
        (b"{}", "missing_field"),
    ],
)
def test_garbage_is_a_400_with_a_code(office, body, code):
    response = office_post(office, body=body)
    assert response.status_code == 400
    assert response.json()["error"] == code


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": -5}, "amount"),
        ({"amount": "4200000"}, "amount"),
        ({"amount": True}, "amount"),
        ({"currency": "USD"}, "currency"),
        ({"method": "crypto"}, "method"),
        ({"account_number": ""}, "account_number"),
        ({"period_start": "2026-02-30"}, "period_start"),
        ({"period_end": "2026-01-01"}, "period_end"),
        ({"callback_url": "ftp://x/"}, "callback_url"),
        ({"idempotency_key": "x"}, "idempotency_key"),
        ({"personal_id": "abc"}, "personal_id"),
    ],
)
def test_a_bad_field_is_named_in_the_400(office, receiver, change, field):
    response = office_post(office, sample_order(receiver.url, **change))
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field


def test_cash_orders_need_no_account(office, receiver):
    order = sample_order(
        receiver.url, method="cash", bank_code="", account_number="", account_holder=""
    )
    assert office_post(office, order).status_code == 202
