"""The simulator pays, fails, calls back (in order, reordered, twice), retries and restarts."""

from __future__ import annotations

import re

import requests

from tests.settlement_office.support import (
    CallbackReceiver,
    office_orders,
    office_post,
    office_summary,
    sample_order,
    settlement_office_running,
    wait_for,
)

FAST = {"pay_delay": 0.05, "callback_backoff": 0.05}


def _order(base_url: str, key: str) -> dict:
    (order,) = [o for o in office_orders(base_url) if o["idempotency_key"] == key]
    return order


def test_a_paid_order_calls_back_processing_then_paid_signed(tmp_path):
    with CallbackReceiver() as receiver, settlement_office_running(tmp_path, **FAST) as office:
        order = sample_order(receiver.url)
        office_id = office_post(office, order).json()["office_order_id"]
        key = order["idempotency_key"]

        events = wait_for(lambda: len(receiver.events(key)) >= 2 and receiver.events(key))
        assert [(e["sequence"], e["status"]) for e in events] == [(1, "processing"), (2, "paid")]
        assert all(r.signature_ok for r in receiver.received)
        paid = events[1]
        assert paid["office_order_id"] == office_id
        assert paid["reason_code"] == "" and paid["reason"] == ""
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", paid["occurred_at"])
        assert len({e["event_id"] for e in events}) == 2
        stored = wait_for(
            lambda: _order(office, key)["callbacks_sent"] == 2 and _order(office, key)
        )
        assert stored["status"] == "paid" and stored["times_paid"] == 1
        assert [c["state"] for c in stored["callbacks"]] == ["delivered", "delivered"]


def test_an_account_matching_the_fail_patterns_fails_with_a_vietnamese_reason(tmp_path):
    with CallbackReceiver() as receiver, settlement_office_running(tmp_path, **FAST) as office:
        order = sample_order(receiver.url, account_number="999000111")
        office_post(office, order)
        key = order["idempotency_key"]
        events = wait_for(lambda: len(receiver.events(key)) >= 2 and receiver.events(key))
        final = events[1]
        assert (final["sequence"], final["status"]) == (2, "failed")
        assert final["reason_code"] == "invalid_account"
        assert final["reason"] == "Số tài khoản không tồn tại hoặc không đúng"
        stored = _order(office, key)
        assert stored["status"] == "failed" and stored["times_paid"] == 0


def test_the_summary_counts_orders_amounts_and_payments_by_status(tmp_path):
    with CallbackReceiver() as receiver, settlement_office_running(tmp_path, **FAST) as office:
        paid = sample_order(receiver.url, amount=4_200_000)
        failed = sample_order(receiver.url, amount=3_000_000, account_number="999000111")
        office_post(office, paid)
        office_post(office, paid)  # a duplicate is still one order, paid once
        office_post(office, failed)
        wait_for(lambda: all(o["status"] != "received" for o in office_orders(office)))
        summary = office_summary(office)
        assert summary["by_status"] == {
            "received": {"count": 0, "amount": 0},
            "paid": {"count": 1, "amount": 4_200_000},
            "failed": {"count": 1, "amount": 3_000_000},
        }
        assert (summary["count"], summary["amount"], summary["times_paid"]) == (2, 7_200_000, 1)


def test_custom_fail_patterns_and_reason_codes(tmp_path):
    flags = {**FAST, "fail_accounts": "0123456789=account_closed,555*=name_mismatch"}
    with CallbackReceiver() as receiver, settlement_office_running(tmp_path, **flags) as office:
        orders = {
            "0123456789": sample_order(receiver.url),
            "5551": sample_order(receiver.url, account_number="5551"),
            "9990": sample_order(receiver.url, account_number="9990"),  # default no longer set
        }
        for order in orders.values():
            assert office_post(office, order).status_code == 202
        wait_for(lambda: all(o["status"] != "received" for o in office_orders(office)))
        got = {o["account_number"]: (o["status"], o["reason_code"]) for o in office_orders(office)}
        assert got == {
            "0123456789": ("failed", "account_closed"),
            "5551": ("failed", "name_mismatch"),
            "9990": ("paid", ""),
        }


def test_duplicate_and_reordered_callbacks_happen_when_configured(tmp_path):
    flags = {**FAST, "duplicate_callbacks": 1, "reorder_callbacks": 1}
    with CallbackReceiver() as receiver, settlement_office_running(tmp_path, **flags) as office:
        order = sample_order(receiver.url)
        office_post(office, order)
        key = order["idempotency_key"]
        events = wait_for(lambda: len(receiver.events(key)) >= 4 and receiver.events(key))
        assert [(e["sequence"], e["status"]) for e in events] == [
            (2, "paid"),
            (2, "paid"),
            (1, "processing"),
            (1, "processing"),
        ]
        assert events[0] == events[1] and events[2] == events[3]  # the same event, twice
        stored = _order(office, key)
        assert stored["reorder"] is True and stored["times_paid"] == 1


def test_a_callback_answered_500_is_retried_until_delivered(tmp_path):
    with (
        CallbackReceiver(fail_first=3) as receiver,
        settlement_office_running(tmp_path, **FAST) as office,
    ):
        order = sample_order(receiver.url)
        office_post(office, order)
        key = order["idempotency_key"]
        events = wait_for(lambda: len(receiver.events(key)) >= 2 and receiver.events(key))
        assert [e["sequence"] for e in events] == [1, 2]
        assert [r.answered for r in receiver.received[:3]] == [500, 500, 500]
        callbacks = _order(office, key)["callbacks"]
        assert callbacks[0]["attempts"] == 4 and callbacks[0]["state"] == "delivered"
        assert callbacks[1]["attempts"] == 1


def test_callbacks_are_given_up_after_the_configured_attempts(tmp_path):
    flags = {**FAST, "callback_attempts": 2}
    with (
        CallbackReceiver(fail_first=1000) as receiver,
        settlement_office_running(tmp_path, **flags) as office,
    ):
        order = sample_order(receiver.url)
        office_post(office, order)
        key = order["idempotency_key"]
        stored = wait_for(
            lambda: (
                all(c["state"] == "abandoned" for c in _order(office, key)["callbacks"])
                and len(_order(office, key)["callbacks"]) == 2
                and _order(office, key)
            )
        )
        assert [c["attempts"] for c in stored["callbacks"]] == [2, 2]
        assert stored["callbacks"][0]["last_error"].startswith("HTTP 500")
        # The portal re-sending the order (its sweep) brings the abandoned callbacks back.
        receiver.fail_first = 0
        assert office_post(office, order).status_code == 200
        wait_for(lambda: len(receiver.events(key)) >= 2)
        assert [e["sequence"] for e in receiver.events(key)] == [1, 2]


def test_fail_5xx_answers_roughly_that_fraction_and_stores_nothing_for_them(tmp_path):
    flags = {**FAST, "fail_5xx": 0.3, "seed": 6}
    with CallbackReceiver() as receiver, settlement_office_running(tmp_path, **flags) as office:
        answers = {}
        for _ in range(120):
            order = sample_order(receiver.url)
            answers[order["idempotency_key"]] = office_post(office, order).status_code
        refused = [k for k, status in answers.items() if status == 503]
        assert set(answers.values()) == {202, 503}
        assert 18 <= len(refused) <= 54, len(refused)
        stored = {o["idempotency_key"] for o in office_orders(office)}
        assert stored == {k for k, status in answers.items() if status == 202}


def test_store_then_5xx_stores_the_order_so_the_retry_is_a_duplicate(tmp_path):
    with (
        CallbackReceiver() as receiver,
        settlement_office_running(tmp_path, store_then_5xx=1, **FAST) as office,
    ):
        order = sample_order(receiver.url)
        assert office_post(office, order).status_code == 503
        assert order["idempotency_key"] in {o["idempotency_key"] for o in office_orders(office)}

        # Switch the fault off on the page, as someone watching `make run` would.
        session = requests.Session()
        page = session.get(f"{office}/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        form = {
            "csrfmiddlewaretoken": token,
            "pay_delay": "0.05",
            "slow": "0",
            "fail_5xx": "0",
            "store_then_5xx": "0",
            "duplicate_callbacks": "0",
            "reorder_callbacks": "0",
            "fail_accounts": "999*",
            "callback_attempts": "5",
        }
        saved = session.post(f"{office}/", data=form, headers={"Referer": f"{office}/"}, timeout=10)
        assert saved.status_code == 200 and "Đã lưu cấu hình" in saved.text

        again = office_post(office, order)
        assert again.status_code == 200 and again.json()["duplicate"] is True
        wait_for(lambda: _order(office, order["idempotency_key"])["status"] == "paid")
        assert _order(office, order["idempotency_key"])["times_paid"] == 1


def test_a_restart_keeps_pending_work_and_still_delivers(tmp_path):
    with CallbackReceiver() as receiver:
        keys = []
        with settlement_office_running(tmp_path, pay_delay=1.0, callback_backoff=0.05) as office:
            for _ in range(5):
                order = sample_order(receiver.url)
                keys.append(order["idempotency_key"])
                assert office_post(office, order).status_code == 202
            assert all(o["status"] == "received" for o in office_orders(office))
        logs = "".join(p.read_text() for p in tmp_path.glob("settlement_office-*.log"))
        assert "stopped" in logs  # SIGTERM is a clean stop

        with settlement_office_running(tmp_path, pay_delay=1.0, callback_backoff=0.05) as office:
            wait_for(lambda: all(len(receiver.events(k)) >= 2 for k in keys), timeout=20)
            orders = office_orders(office)
            assert {o["idempotency_key"] for o in orders} == set(keys)
            assert all(o["status"] == "paid" and o["times_paid"] == 1 for o in orders)
        for key in keys:
            assert [e["status"] for e in receiver.events(key)] == ["processing", "paid"]
