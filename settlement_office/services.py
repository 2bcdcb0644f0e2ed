"""The only code that changes the simulator's state: receive, settle, deliver callbacks."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from dataclasses import dataclass
from typing import Any

import requests
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from common import signed_http
from settlement_office import conf, faults
from settlement_office.models import Callback, OfficeSettings, Order
from settlement_office.wire import OrderIn

log = logging.getLogger("settlement_office")

FINISHED = (Callback.State.DELIVERED, Callback.State.ABANDONED)


# --- Settings row -----------------------------------------------------------------------


def office_settings_get() -> OfficeSettings:
    row, _ = OfficeSettings.objects.get_or_create(pk=1, defaults=conf.get("OFFICE_DEFAULTS"))
    return row


def office_settings_update(**values: Any) -> OfficeSettings:
    """Write the runtime settings (the form, and `serve` with its flags at start)."""
    with transaction.atomic():
        OfficeSettings.objects.update_or_create(pk=1, defaults=values)
    return office_settings_get()


# --- Receiving an order ------------------------------------------------------------------


class OrderConflict(Exception):
    """The idempotency key is known with another body (409)."""


@dataclass(frozen=True)
class Received:
    order: Order
    duplicate: bool


def _callback_body(*, order: Order, sequence: int, status: str, event_id: uuid.UUID) -> str:
    return signed_http.dumps(
        {
            "event_id": str(event_id),
            "idempotency_key": order.idempotency_key,
            "office_order_id": order.office_order_id,
            "sequence": sequence,
            "status": status,
            "reason_code": order.reason_code if sequence == 2 else "",
            "reason": order.reason if sequence == 2 else "",
            "occurred_at": timezone.localtime().isoformat(timespec="seconds"),
        }
    ).decode()


def _callback_add(*, order: Order, sequence: int, status: str, held: bool, cfg: OfficeSettings):
    event_id = uuid.uuid4()
    return Callback.objects.create(
        order=order,
        sequence=sequence,
        status=status,
        event_id=event_id,
        body=_callback_body(order=order, sequence=sequence, status=status, event_id=event_id),
        state=Callback.State.HELD if held else Callback.State.PENDING,
        send_twice=faults.roll(cfg.duplicate_callbacks),
        next_attempt_at=timezone.now(),
    )


def _duplicate(order_in: OrderIn) -> Received:
    order = Order.objects.get(idempotency_key=order_in.payload["idempotency_key"])
    if order.body_sha256 != order_in.body_sha256:
        raise OrderConflict(order.office_order_id)
    with transaction.atomic():
        Order.objects.filter(pk=order.pk).update(times_received=F("times_received") + 1)
        # A callback given up on (portal down too long) goes out again when the portal re-sends
        # the order: its sweep is how it asks "what became of this one?".
        callbacks = {c.sequence: c for c in Callback.objects.filter(order=order)}
        send_order = [2, 1] if order.reorder else [1, 2]
        for position, sequence in enumerate(send_order):
            callback = callbacks.get(sequence)
            if callback is None or callback.state != Callback.State.ABANDONED:
                continue
            earlier = callbacks.get(send_order[0]) if position == 1 else None
            # Still in order: wait for the earlier one if it is going out (again) too.
            waits = earlier is not None and earlier.state != Callback.State.DELIVERED
            Callback.objects.filter(pk=callback.pk).update(
                state=Callback.State.HELD if waits else Callback.State.PENDING,
                attempts=0,
                next_attempt_at=timezone.now(),
            )
    return Received(order=order, duplicate=True)


def order_receive(*, order_in: OrderIn, cfg: OfficeSettings) -> Received:
    """Store a new order and its 'processing' callback, or recognise a duplicate.

    Raises OrderConflict for a known key with a different body.
    """
    key = order_in.payload["idempotency_key"]
    if Order.objects.filter(idempotency_key=key).exists():
        return _duplicate(order_in)
    p = order_in.payload
    now = timezone.now()
    reorder = faults.roll(cfg.reorder_callbacks)
    try:
        with transaction.atomic():
            order = Order.objects.create(
                office_order_id="VP-" + uuid.uuid4().hex[:16].upper(),
                idempotency_key=key,
                body_sha256=order_in.body_sha256,
                payload=p,
                order_reference=p["order_reference"],
                amount=p["amount"],
                currency=p["currency"],
                method=p["method"],
                bank_code=p["bank_code"],
                account_number=p["account_number"],
                account_holder=p["account_holder"],
                beneficiary_name=p["beneficiary_name"],
                personal_id=p["personal_id"],
                period_start=dt.date.fromisoformat(p["period_start"]),
                period_end=dt.date.fromisoformat(p["period_end"]),
                callback_url=p["callback_url"],
                reorder=reorder,
                received_at=now,
                pay_after=now + dt.timedelta(seconds=max(cfg.pay_delay, 0.0)),
            )
            # Reordered: 'processing' waits until the final callback has gone out.
            _callback_add(order=order, sequence=1, status="processing", held=reorder, cfg=cfg)
    except IntegrityError:
        # The same key arrived on another thread at the same moment: that one stored it.
        return _duplicate(order_in)
    log.info("order %s received (%s, %s dong)", order.office_order_id, key, order.amount)
    return Received(order=order, duplicate=False)


# --- Paying ------------------------------------------------------------------------------


def orders_due(*, limit: int = 200) -> list[int]:
    return list(
        Order.objects.filter(status=Order.Status.RECEIVED, pay_after__lte=timezone.now())
        .order_by("pay_after")
        .values_list("pk", flat=True)[:limit]
    )


def order_settle(*, order_id: int, cfg: OfficeSettings) -> bool:
    """Pay (or fail) a received order, once: the conditional UPDATE on status=received is what
    makes a second settlement impossible, whoever runs it. Creates the final callback."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status != Order.Status.RECEIVED:
            return False
        now = timezone.now()
        code = faults.failure_for(order.account_number, cfg.fail_accounts)
        pending = Order.objects.filter(pk=order_id, status=Order.Status.RECEIVED)
        if code:
            updated = pending.update(
                status=Order.Status.FAILED,
                reason_code=code,
                reason=faults.REASONS[code],
                settled_at=now,
            )
        else:
            updated = pending.filter(times_paid=0).update(
                status=Order.Status.PAID, times_paid=F("times_paid") + 1, settled_at=now
            )
        if updated != 1:
            return False
        order.refresh_from_db()
        # In order: the final callback waits until 'processing' is delivered or given up.
        first_open = (
            Callback.objects.filter(order=order, sequence=1).exclude(state__in=FINISHED).exists()
        )
        _callback_add(
            order=order,
            sequence=2,
            status=order.status,
            held=first_open and not order.reorder,
            cfg=cfg,
        )
    log.info("order %s %s %s", order.office_order_id, order.status, order.reason_code)
    return True


# --- Callbacks ---------------------------------------------------------------------------


def _due_q(now: dt.datetime) -> Q:
    return Q(state=Callback.State.PENDING, next_attempt_at__lte=now) | Q(
        state=Callback.State.SENDING, lease_until__lt=now
    )


def callbacks_claim(*, limit: int) -> list[int]:
    """Claim up to `limit` due callbacks for delivery (conditional update: one claimer wins)."""
    if limit <= 0:
        return []
    now = timezone.now()
    candidates = list(
        Callback.objects.filter(_due_q(now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    lease = now + dt.timedelta(seconds=conf.get("CALLBACK_TIMEOUT") * 3 + 30)
    claimed = []
    for pk in candidates:
        if (
            Callback.objects.filter(_due_q(now), pk=pk).update(
                state=Callback.State.SENDING, lease_until=lease
            )
            == 1
        ):
            claimed.append(pk)
    return claimed


def callbacks_recover() -> int:
    """At start: callbacks that were being sent when the process died are due again."""
    return Callback.objects.filter(state=Callback.State.SENDING).update(
        state=Callback.State.PENDING, lease_until=None, next_attempt_at=timezone.now()
    )


_sessions = threading.local()


def _session() -> requests.Session:
    """This delivery thread's HTTP session: callbacks reuse a kept-alive connection to the
    portal instead of opening one (and a TCP handshake) for each of the two per order."""
    session = getattr(_sessions, "session", None)
    if session is None:
        session = _sessions.session = requests.Session()
    return session


def _post(url: str, body: bytes) -> tuple[int | None, str]:
    headers = {
        **signed_http.sign(secret=conf.get("SETTLEMENT_OFFICE_SECRET"), body=body),
        "Content-Type": "application/json",
    }
    try:
        response = _session().post(
            url, data=body, headers=headers, timeout=conf.get("CALLBACK_TIMEOUT")
        )
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"[:300]
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}: {response.text[:200]}"


def _finish(*, callback: Callback, state: str, **fields: Any) -> None:
    with transaction.atomic():
        Order.objects.select_for_update().filter(pk=callback.order_id).first()
        Callback.objects.filter(pk=callback.pk).update(state=state, lease_until=None, **fields)
        # The order's other callback may have been waiting for this one (ordering).
        Callback.objects.filter(order_id=callback.order_id, state=Callback.State.HELD).update(
            state=Callback.State.PENDING, next_attempt_at=timezone.now()
        )


def backoff_seconds(attempts: int) -> float:
    base = min(
        conf.get("CALLBACK_BACKOFF") * 2 ** max(attempts - 1, 0), conf.get("CALLBACK_BACKOFF_MAX")
    )
    return base * faults.jitter(0.75, 1.25)


def callback_deliver(*, callback_id: int) -> bool:
    """POST one claimed callback; on failure schedule a retry or give up. True if delivered."""
    callback = Callback.objects.select_related("order").get(pk=callback_id)
    if callback.state != Callback.State.SENDING:
        return False
    cfg = office_settings_get()
    url, body = callback.order.callback_url, callback.body.encode()
    code, error = _post(url, body)
    attempts = callback.attempts + 1
    now = timezone.now()
    if not error:
        deliveries = 1
        if callback.send_twice:
            # The injected duplicate: the very same event once more.
            second, second_error = _post(url, body)
            deliveries += 0 if second_error else 1
            error = second_error and f"duplicate: {second_error}"
        _finish(
            callback=callback,
            state=Callback.State.DELIVERED,
            attempts=attempts,
            deliveries=F("deliveries") + deliveries,
            delivered_at=now,
            last_status_code=code,
            last_error=error,
        )
        log.info(
            "callback %s #%s %s delivered (attempt %s)",
            callback.order.office_order_id,
            callback.sequence,
            callback.status,
            attempts,
        )
        return True
    if attempts >= max(cfg.callback_attempts, 1):
        _finish(
            callback=callback,
            state=Callback.State.ABANDONED,
            attempts=attempts,
            last_status_code=code,
            last_error=error,
        )
        log.warning(
            "callback %s #%s given up after %s attempts: %s",
            callback.order.office_order_id,
            callback.sequence,
            attempts,
            error,
        )
        return False
    Callback.objects.filter(pk=callback.pk).update(
        state=Callback.State.PENDING,
        lease_until=None,
        attempts=attempts,
        next_attempt_at=now + dt.timedelta(seconds=backoff_seconds(attempts)),
        last_status_code=code,
        last_error=error,
    )
    log.info(
        "callback %s #%s failed (%s), retry",
        callback.order.office_order_id,
        callback.sequence,
        error,
    )
    return False
