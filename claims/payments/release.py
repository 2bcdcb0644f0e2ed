"""Releasing due installments as orders in bulk (PostgreSQL): the monthly cycle of 100,000
benefit periods (issue 16, bench/benefit_month.py) cannot afford four statements per order.

The same rules as `claims.payments.services.payments_release_due`'s row-by-row path (ADR 0008,
0012), in one statement per chunk: the due installments are locked (`FOR UPDATE SKIP
LOCKED`: a concurrent release skips them, never waits), an order is inserted for each with a new
idempotency key and the payee snapshot from the claim (`ON CONFLICT DO NOTHING`: the partial
unique index `one_open_order_per_installment` stays the last word on a second open order), and
the installments are marked ordered and the `payment:ordered` events written (data-modifying
CTEs: nothing comes back to Python but the order ids); the orders' send tasks are queued after
commit, one message per SEND_CHUNK orders (claims.tasks.payment_orders_send; a lone order keeps
its own payment_order_send). Called only by services.payments_release_due.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from claims.core.transitions import Actor
from common.tasks import task_after_commit

#: Installments per transaction.
CHUNK = 5000
#: Orders per send message (claims.tasks.payment_orders_send): a worker sends them in turn.
SEND_CHUNK = 200

_RELEASE_SQL = """
WITH locked AS (
    SELECT i.id, i.claim_id, i.number, i.amount
    FROM claims_paymentinstallment i
    WHERE i.id = ANY(%(ids)s) AND i.status = 'scheduled'
    FOR UPDATE SKIP LOCKED
), made AS (
    INSERT INTO claims_paymentorder (
        installment_id, claim_id, idempotency_key, reference, amount, method, bank_code,
        account_number, account_holder, cash_province, beneficiary_name, personal_id,
        callback_url, status, attempts, last_error, failure_code, failure_reason,
        office_order_id, last_sequence, reissue_reason, created_at, updated_at
    )
    SELECT
        l.id, l.claim_id, gen_random_uuid(),
        COALESCE(c.reference, c.id::text) || '-' || lpad(l.number::text, 2, '0'), l.amount,
        COALESCE(c.answers -> 'payment' ->> 'method', ''),
        COALESCE(c.answers -> 'payment' ->> 'bank_code', ''),
        COALESCE(c.answers -> 'payment' ->> 'account_number', ''),
        COALESCE(c.answers -> 'payment' ->> 'account_holder', ''),
        COALESCE(c.answers -> 'payment' ->> 'cash_province', ''),
        u.full_name, c.personal_id, %(callback)s, 'pending', 0, '', '', '', '', 0, '',
        %(now)s, %(now)s
    FROM locked l
    JOIN claims_claim c ON c.id = l.claim_id
    JOIN identity_user u ON u.id = c.citizen_id
    WHERE c.status = ANY(%(payable)s)
    ON CONFLICT DO NOTHING
    RETURNING id, installment_id, claim_id, reference, idempotency_key, amount
), marked AS (
    UPDATE claims_paymentinstallment i SET status = 'ordered', updated_at = %(now)s
    FROM made WHERE i.id = made.installment_id
    RETURNING made.id, made.claim_id, made.reference, made.idempotency_key, made.amount, i.number
), logged AS (
    INSERT INTO claims_claimevent (
        claim_id, kind, actor_id, actor_role, from_status, to_status, reason, data, created_at
    )
    SELECT
        m.claim_id, 'payment:ordered', NULL, %(actor)s, '', '', '',
        jsonb_build_object(
            'order', m.id, 'reference', m.reference, 'key', m.idempotency_key::text,
            'installment', m.number, 'amount', m.amount
        ),
        %(now)s
    FROM marked m
    ORDER BY m.id
)
SELECT id FROM marked ORDER BY id
"""


def release_bulk(installment_ids: list[int], *, payable: frozenset[str], now: Any) -> list[int]:
    """Orders for these due installments (those still scheduled, of payable claims); their ids."""
    callback = f"{settings.SETTLEMENT_CALLBACK_BASE_URL}{reverse('claims:payment_callback')}"
    created: list[int] = []
    for first in range(0, len(installment_ids), CHUNK):
        ids = installment_ids[first : first + CHUNK]
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    _RELEASE_SQL,
                    {
                        "ids": ids,
                        "callback": callback,
                        "payable": list(payable),
                        "now": now,
                        "actor": Actor.SYSTEM.value,
                    },
                )
                rows = cursor.fetchall()
            order_ids = [row[0] for row in rows]
            if len(order_ids) == 1:  # a single claim's release: its order alone, as before
                task_after_commit("claims.tasks.payment_order_send", order_ids[0])
            else:  # one message per SEND_CHUNK orders (a message costs ~0.7 ms to publish)
                for start in range(0, len(order_ids), SEND_CHUNK):
                    task_after_commit(
                        "claims.tasks.payment_orders_send", order_ids[start : start + SEND_CHUNK]
                    )
            created += order_ids
    return created
