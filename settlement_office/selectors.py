"""Read queries of the simulator: the order list for the page and the JSON API."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum

from settlement_office.models import Callback, Order


def orders_with_callbacks() -> QuerySet[Order]:
    return Order.objects.prefetch_related(
        Prefetch("callbacks", queryset=Callback.objects.order_by("sequence"))
    )


def orders_summary() -> dict[str, Any]:
    """Counts and amount totals by status, plus the total: one grouped query, no row loading."""
    rows = Order.objects.values("status").annotate(
        count=Count("pk"), amount=Sum("amount"), times_paid=Sum("times_paid")
    )
    by_status = {s: {"count": 0, "amount": 0} for s in Order.Status.values}
    times_paid = 0
    for row in rows:
        by_status[row["status"]] = {"count": row["count"], "amount": row["amount"] or 0}
        times_paid += row["times_paid"] or 0
    return {
        "by_status": by_status,
        "count": sum(v["count"] for v in by_status.values()),
        "amount": sum(v["amount"] for v in by_status.values()),
        "times_paid": times_paid,
    }


def callback_json(callback: Callback) -> dict[str, Any]:
    return {
        "sequence": callback.sequence,
        "status": callback.status,
        "event_id": str(callback.event_id),
        "state": callback.state,
        "attempts": callback.attempts,
        "deliveries": callback.deliveries,
        "send_twice": callback.send_twice,
        "delivered_at": callback.delivered_at.isoformat() if callback.delivered_at else None,
        "last_status_code": callback.last_status_code,
        "last_error": callback.last_error,
        "body": json.loads(callback.body),
    }


def order_json(order: Order) -> dict[str, Any]:
    return {
        "id": order.pk,
        "office_order_id": order.office_order_id,
        "idempotency_key": order.idempotency_key,
        "order_reference": order.order_reference,
        "amount": order.amount,
        "currency": order.currency,
        "method": order.method,
        "bank_code": order.bank_code,
        "account_number": order.account_number,
        "beneficiary_name": order.beneficiary_name,
        "callback_url": order.callback_url,
        "status": order.status,
        "reason_code": order.reason_code,
        "reason": order.reason,
        "times_paid": order.times_paid,
        "times_received": order.times_received,
        "reorder": order.reorder,
        "batched": order.batched,
        "received_at": order.received_at.isoformat(),
        "settled_at": order.settled_at.isoformat() if order.settled_at else None,
        "callbacks": [callback_json(c) for c in order.callbacks.all()],
        "callbacks_sent": sum(c.deliveries for c in order.callbacks.all()),
    }
