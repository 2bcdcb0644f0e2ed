"""The simulator over HTTP: health, signature checks, idempotency, bad input."""

from __future__ import annotations

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

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
    # The first body stands: the conflicting one is neither stored nor counted.
    (stored,) = [
        o for o in office_orders(office) if o["idempotency_key"] == order["idempotency_key"]
    ]
    assert stored["amount"] == order["amount"] and stored["times_received"] == 1
    assert response.json()["office_order_id"] == stored["office_order_id"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"not json", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        (b"[1, 2]", "invalid_json"),
        (b"{}", "missing_field"),
        (b"[" * 50_000, "invalid_json"),
        (b'{"idempotency_key": "\\u0000"}', "invalid_json"),
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


def test_since_id_lists_only_newer_orders(office, receiver):
    first = sample_order(receiver.url)
    office_post(office, first)
    last_id = max(o["id"] for o in office_orders(office))
    second = sample_order(receiver.url)
    office_post(office, second)
    newer = office_orders(office, since_id=last_id)
    assert [o["idempotency_key"] for o in newer] == [second["idempotency_key"]]
    bad = requests.get(f"{office}/api/orders", params={"since_id": "abc"}, timeout=5)
    assert bad.status_code == 400


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)
_FIELDS = list(sample_order("http://127.0.0.1:9/").keys())


@settings(max_examples=60)
@given(body=st.binary(max_size=300) | _json.map(lambda v: json.dumps(v).encode()))
def test_random_bodies_never_give_a_500(office, body):
    response = office_post(office, body=body)
    assert response.status_code == 400, response.text
    assert response.json()["error"] in {"invalid_json", "missing_field", "invalid_field"}


@settings(max_examples=80)
@given(
    field=st.sampled_from(_FIELDS),
    value=_json,
    drop=st.booleans(),
)
def test_a_valid_order_with_one_field_changed_never_gives_a_500(
    office, receiver, field, value, drop
):
    order = sample_order(receiver.url)
    if drop:
        order.pop(field)
    else:
        order[field] = value
    response = office_post(office, order)
    assert response.status_code in {200, 202, 400, 409}, response.text
    if response.status_code == 400:
        assert response.json()["field"] == field or response.json()["error"] == "invalid_json"


def test_the_page_lists_orders_in_vietnamese(office, receiver):
    order = sample_order(receiver.url, order_reference="TCTN-2026-009999-02")
    office_post(office, order)
    page = requests.get(f"{office}/", timeout=10)
    assert page.status_code == 200
    assert '<html lang="vi">' in page.text
    assert "Lệnh chi trả đã nhận" in page.text
    assert "TCTN-2026-009999-02" in page.text
    assert "4.200.000\u00a0₫" in page.text  # money as the portal shows it (common_tags.dong)
    assert 'name="viewport"' in page.text
    assert requests.get(f"{office}/?page=x&lang=en", timeout=10).status_code == 200


def test_the_settings_form_refuses_bad_values_with_an_error_summary(office):
    session = requests.Session()
    page = session.get(f"{office}/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "pay_delay": "-1",
        "slow": "abc",
        "fail_5xx": "2",
        "store_then_5xx": "0",
        "duplicate_callbacks": "0",
        "reorder_callbacks": "0",
        "fail_accounts": "12*34,1=unknown",
        "callback_attempts": "0",
    }
    response = session.post(f"{office}/", data=form, headers={"Referer": f"{office}/"}, timeout=10)
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert "Mẫu tài khoản không hợp lệ" in response.text


def test_the_settings_form_needs_the_csrf_token(office):
    response = requests.post(f"{office}/", data={"pay_delay": "1"}, timeout=10)
    assert response.status_code == 403


def test_the_same_order_sent_at_once_from_many_threads_is_stored_once(office, receiver):
    order = sample_order(receiver.url)
    barrier = threading.Barrier(8)

    def send(_):
        barrier.wait()
        return office_post(office, order)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(8)))
    assert sorted(a.status_code for a in answers) == [200] * 7 + [202]
    assert len({a.json()["office_order_id"] for a in answers}) == 1
    mine = [o for o in office_orders(office) if o["idempotency_key"] == order["idempotency_key"]]
    assert len(mine) == 1 and mine[0]["times_received"] == 8
