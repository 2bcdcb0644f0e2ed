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
from settlement_office.wire import OrderIn, OrderInvalid

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
    callback = _callback_row(order, sequence, status, held=held, cfg=cfg)
    callback.save(force_insert=True)
    return callback


def _callback_row(
    order: Order, sequence: int, status: str, *, held: bool, cfg: OfficeSettings
) -> Callback:
    event_id = uuid.uuid4()
    return Callback(
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


def _order_row(order_in: OrderIn, *, now: dt.datetime, cfg: OfficeSettings, **extra: Any) -> Order:
    p = order_in.payload
    return Order(
        office_order_id="VP-" + uuid.uuid4().hex[:16].upper(),
        idempotency_key=p["idempotency_key"],
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
        reorder=faults.roll(cfg.reorder_callbacks),
        received_at=now,
        pay_after=now + dt.timedelta(seconds=max(cfg.pay_delay, 0.0)),
        **extra,
    )


def order_receive(*, order_in: OrderIn, cfg: OfficeSettings, batched: bool = False) -> Received:
    """Store a new order and its 'processing' callback, or recognise a duplicate.

    Raises OrderConflict for a known key with a different body.
    """
    key = order_in.payload["idempotency_key"]
    if Order.objects.filter(idempotency_key=key).exists():
        return _duplicate(order_in)
    now = timezone.now()
    try:
        with transaction.atomic():
            order = _order_row(order_in, now=now, cfg=cfg, batched=batched)
            order.save(force_insert=True)
            # Reordered: 'processing' waits until the final callback has gone out.
            _callback_add(order=order, sequence=1, status="processing", held=order.reorder, cfg=cfg)
    except IntegrityError:
        # The same key arrived on another thread at the same moment: that one stored it.
        return _duplicate(order_in)
    log.info("order %s received (%s, %s dong)", order.office_order_id, key, order.amount)
    return Received(order=order, duplicate=False)


def orders_receive_batch(
    *, items: list[OrderIn | OrderInvalid], cfg: OfficeSettings
) -> list[dict[str, Any]]:
    """Receive a batch request's orders; one result per item, in the same order (ADR 0026).

    Each order is judged on its own, exactly as a single request would be: `accepted` (new,
    stored), `duplicate` (the key and the same body again), `conflict` (the key with another
    body), `invalid` (what a 400 would say), `unavailable` (an injected 5xx: `fail_5xx` stores
    nothing, `store_then_5xx` stores it and says so anyway). The new orders and their
    'processing' callbacks are written in one transaction; they are marked `batched`, so their
    callbacks go back in batches too.
    """
    results: list[dict[str, Any] | None] = [None] * len(items)
    fresh: dict[str, tuple[int, OrderIn]] = {}
    for index, item in enumerate(items):
        if isinstance(item, OrderInvalid):
            results[index] = {
                "status": "invalid",
                "error": item.code,
                "message": item.message,
                "field": item.field,
            }
        elif faults.roll(cfg.fail_5xx):
            results[index] = _unavailable(item, "nothing stored")
        else:
            key = item.payload["idempotency_key"]
            if key in fresh:  # twice in one batch: the later one is what a retry would be
                if fresh[key][1].body_sha256 != item.body_sha256:
                    results[index] = {
                        "idempotency_key": key,
                        "status": "conflict",
                        "error": "idempotency_conflict",
                    }
                continue
            fresh[key] = (index, item)
    known = set(
        Order.objects.filter(idempotency_key__in=list(fresh)).values_list(
            "idempotency_key", flat=True
        )
    )
    new = {key: entry for key, entry in fresh.items() if key not in known}
    now = timezone.now()
    try:
        with transaction.atomic():
            rows = Order.objects.bulk_create(
                [_order_row(item, now=now, cfg=cfg, batched=True) for _, item in new.values()]
            )
            Callback.objects.bulk_create(
                [
                    _callback_row(order, 1, "processing", held=order.reorder, cfg=cfg)
                    for order in rows
                ]
            )
    except IntegrityError:
        # A key arrived on another request at the same moment: take them one by one instead.
        rows = []
    stored = {order.idempotency_key: order for order in rows}
    for key, (index, item) in fresh.items():
        if key in stored:
            order, duplicate = stored[key], False
        else:
            try:
                received = (
                    _duplicate(item)
                    if key in known
                    else order_receive(order_in=item, cfg=cfg, batched=True)
                )
            except OrderConflict as exc:
                results[index] = {
                    "idempotency_key": key,
                    "status": "conflict",
                    "error": "idempotency_conflict",
                    "office_order_id": str(exc),
                }
                continue
            order, duplicate = received.order, received.duplicate
        if faults.roll(cfg.store_then_5xx):
            results[index] = _unavailable(item, "order stored")
            continue
        results[index] = {
            "idempotency_key": key,
            "status": "duplicate" if duplicate else "accepted",
            "office_order_id": order.office_order_id,
        }
    # A key sent twice in the batch: its later items get the answer of the first.
    for index, item in enumerate(items):
        if results[index] is None and isinstance(item, OrderIn):
            first = results[fresh[item.payload["idempotency_key"]][0]]
            results[index] = dict(first or {})
    log.info("batch of %s orders received (%s new)", len(items), len(rows))
    return [r or {} for r in results]


def _unavailable(item: OrderIn, what: str) -> dict[str, Any]:
    log.info("injected unavailable in a batch: %s", what)
    return {
        "idempotency_key": item.payload["idempotency_key"],
        "status": "unavailable",
        "error": "injected_fault",
        "message": f"service unavailable (injected, {what})",
    }


# --- Paying ------------------------------------------------------------------------------


def orders_due(*, limit: int = 200) -> list[int]:
    return list(
        Order.objects.filter(status=Order.Status.RECEIVED, pay_after__lte=timezone.now())
        .order_by("pay_after")
        .values_list("pk", flat=True)[:limit]
    )


def order_settle(*, order_id: int, cfg: OfficeSettings) -> bool:
    """Pay (or fail) a received order, once; creates the final callback. False if it was not
    (or no longer) waiting to be settled."""
    return orders_settle(order_ids=[order_id], cfg=cfg) == 1


def orders_settle(*, order_ids: list[int], cfg: OfficeSettings) -> int:
    """Pay (or fail) received orders, each once, in one transaction; how many were settled.

    The conditional UPDATE on status=received, one per order, is what makes a second
    settlement impossible, whoever runs it. Each settled order gets its final callback, held
    until 'processing' is delivered or given up (unless the reorder fault drew it).
    """
    settled: list[Order] = []
    with transaction.atomic():
        orders = list(
            Order.objects.select_for_update()
            .filter(pk__in=order_ids, status=Order.Status.RECEIVED)
            .order_by("pk")
        )
        if not orders:
            return 0
        first_open = set(
            Callback.objects.filter(order__in=orders, sequence=1)
            .exclude(state__in=FINISHED)
            .values_list("order_id", flat=True)
        )
        now = timezone.now()
        for order in orders:
            code = faults.failure_for(order.account_number, cfg.fail_accounts)
            pending = Order.objects.filter(pk=order.pk, status=Order.Status.RECEIVED)
            if code:
                change: dict[str, Any] = {
                    "status": Order.Status.FAILED,
                    "reason_code": code,
                    "reason": faults.REASONS[code],
                    "settled_at": now,
                }
                updated = pending.update(**change)
            else:
                change = {"status": Order.Status.PAID, "settled_at": now}
                updated = pending.filter(times_paid=0).update(
                    times_paid=F("times_paid") + 1, **change
                )
                change["times_paid"] = order.times_paid + 1
            if updated != 1:
                continue
            for name, value in change.items():
                setattr(order, name, value)
            settled.append(order)
        Callback.objects.bulk_create(
            [
                _callback_row(
                    order,
                    2,
                    order.status,
                    held=order.pk in first_open and not order.reorder,
                    cfg=cfg,
                )
                for order in settled
            ]
        )
    for order in settled:
        log.info("order %s %s %s", order.office_order_id, order.status, order.reason_code)
    return len(settled)


# --- Callbacks ---------------------------------------------------------------------------


def _due_q(now: dt.datetime) -> Q:
    return Q(state=Callback.State.PENDING, next_attempt_at__lte=now) | Q(
        state=Callback.State.SENDING, lease_until__lt=now
    )


def callbacks_claim(*, limit: int, batched: bool | None = None) -> list[int]:
    """Claim up to `limit` due callbacks for delivery (conditional update: one claimer wins).

    `batched` narrows it to the callbacks of orders received in a batch (True) or on their own
    (False). One UPDATE claims them all: its lease instant, unique to this claim, names the
    rows it won (a row another claimer took meanwhile no longer matches the due condition).
    """
    if limit <= 0:
        return []
    now = timezone.now()
    due = Callback.objects.filter(_due_q(now))
    if batched is not None:
        due = due.filter(order__batched=batched)
    candidates = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    if not candidates:
        return []
    # Long enough for the delivery and its injected duplicate, each up to its timeout.
    timeout = (
        _batch_timeout(conf.get("CALLBACK_BATCH")) if batched else conf.get("CALLBACK_TIMEOUT")
    )
    lease = now + dt.timedelta(seconds=timeout * 3 + 30)
    Callback.objects.filter(_due_q(now), pk__in=candidates).update(
        state=Callback.State.SENDING, lease_until=lease
    )
    return list(
        Callback.objects.filter(
            pk__in=candidates, state=Callback.State.SENDING, lease_until=lease
        ).values_list("pk", flat=True)
    )


def callbacks_group(callback_ids: list[int]) -> list[list[int]]:
    """Claimed callbacks of batched orders as deliveries: by callback URL, CALLBACK_BATCH each."""
    by_url: dict[str, list[int]] = {}
    rows = Callback.objects.filter(pk__in=callback_ids).values_list("pk", "order__callback_url")
    for pk, url in rows.order_by("pk"):
        by_url.setdefault(url, []).append(pk)
    size = max(int(conf.get("CALLBACK_BATCH")), 1)
    return [ids[i : i + size] for ids in by_url.values() for i in range(0, len(ids), size)]


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


def _signed_post(url: str, body: bytes, timeout: float) -> requests.Response | str:
    """POST a signed body to the portal: its response, or what went wrong on the way."""
    headers = {
        **signed_http.sign(secret=conf.get("SETTLEMENT_OFFICE_SECRET"), body=body),
        "Content-Type": "application/json",
    }
    try:
        return _session().post(url, data=body, headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        return f"{type(exc).__name__}: {exc}"[:300]


def _post(url: str, body: bytes) -> tuple[int | None, str]:
    response = _signed_post(url, body, conf.get("CALLBACK_TIMEOUT"))
    if isinstance(response, str):
        return None, response
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


def _failed(*, callback: Callback, code: int | None, error: str, cfg: OfficeSettings) -> None:
    """A delivery that did not get through: try again later, or give up after the attempts."""
    attempts = callback.attempts + 1
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
        return
    Callback.objects.filter(pk=callback.pk).update(
        state=Callback.State.PENDING,
        lease_until=None,
        attempts=attempts,
        next_attempt_at=timezone.now() + dt.timedelta(seconds=backoff_seconds(attempts)),
        last_status_code=code,
        last_error=error,
    )
    log.info(
        "callback %s #%s failed (%s), retry",
        callback.order.office_order_id,
        callback.sequence,
        error,
    )


def callback_deliver(*, callback_id: int) -> bool:
    """POST one claimed callback; on failure schedule a retry or give up. True if delivered."""
    callback = Callback.objects.select_related("order").get(pk=callback_id)
    if callback.state != Callback.State.SENDING:
        return False
    cfg = office_settings_get()
    url, body = callback.order.callback_url, callback.body.encode()
    code, error = _post(url, body)
    if error:
        _failed(callback=callback, code=code, error=error, cfg=cfg)
        return False
    deliveries = 1
    if callback.send_twice:
        # The injected duplicate: the very same event once more.
        second, second_error = _post(url, body)
        deliveries += 0 if second_error else 1
        error = second_error and f"duplicate: {second_error}"
    _finish(
        callback=callback,
        state=Callback.State.DELIVERED,
        attempts=callback.attempts + 1,
        deliveries=F("deliveries") + deliveries,
        delivered_at=timezone.now(),
        last_status_code=code,
        last_error=error,
    )
    log.info(
        "callback %s #%s %s delivered (attempt %s)",
        callback.order.office_order_id,
        callback.sequence,
        callback.status,
        callback.attempts + 1,
    )
    return True


#: The portal's answers for one event of a batch that mean "it has it" (ADR 0026): applied,
#: a duplicate of one it had, or ignored as stale or after a final state. Anything else (no
#: answer for the event, unknown_order, invalid, error) is delivered again later, alone.
DELIVERED_ANSWERS = frozenset({"applied", "duplicate", "ignored"})


def _batch_body(callbacks: list[Callback]) -> bytes:
    # Each event exactly as stored (canonical JSON), so a batch says what singles would.
    return ('{"events":[' + ",".join(c.body for c in callbacks) + "]}").encode()


def _batch_timeout(events: int) -> float:
    return conf.get("CALLBACK_TIMEOUT") + conf.get("CALLBACK_BATCH_TIMEOUT_PER_EVENT") * events


def _post_batch(url: str, body: bytes, events: int) -> tuple[int | None, str, dict[str, str]]:
    """POST a batch of events; the status code, an error for the whole batch, and the
    portal's answer for each event id."""
    response = _signed_post(url, body, _batch_timeout(events))
    if isinstance(response, str):
        return None, response, {}
    if not 200 <= response.status_code < 300:
        return response.status_code, f"HTTP {response.status_code}: {response.text[:200]}", {}
    try:
        results = response.json().get("results")
        answers = {str(r["event_id"]): str(r["status"]) for r in results}
    except (ValueError, AttributeError, KeyError, TypeError):
        return response.status_code, "the answer has no results for the events", {}
    return response.status_code, "", answers


def callbacks_deliver_batch(*, callback_ids: list[int]) -> int:
    """POST claimed callbacks of one callback URL as one signed batch; how many got through.

    The portal answers for each event; an event it did not take is retried on its own backoff
    (or given up), as a single delivery would be. The duplicate fault sends the events drawn
    for it a second time, in a second batch.
    """
    callbacks = list(
        Callback.objects.select_related("order")
        .filter(pk__in=callback_ids, state=Callback.State.SENDING)
        .order_by("pk")
    )
    if not callbacks:
        return 0
    cfg = office_settings_get()
    url = callbacks[0].order.callback_url
    code, error, answers = _post_batch(url, _batch_body(callbacks), len(callbacks))
    delivered = [
        c for c in callbacks if not error and answers.get(str(c.event_id)) in DELIVERED_ANSWERS
    ]
    for callback in callbacks:
        if callback not in delivered:
            why = error or f"portal answered {answers.get(str(callback.event_id), 'nothing')!r}"
            _failed(callback=callback, code=code, error=why, cfg=cfg)
    twice = [c for c in delivered if c.send_twice]
    again: set[int] = set()
    if twice:  # the injected duplicates: the very same events once more
        _, second_error, second = _post_batch(url, _batch_body(twice), len(twice))
        again = {
            c.pk
            for c in twice
            if not second_error and second.get(str(c.event_id)) in DELIVERED_ANSWERS
        }
    _finish_delivered(delivered, twice=again, code=code)
    log.info("batch of %s callbacks to %s: %s delivered", len(callbacks), url, len(delivered))
    return len(delivered)


def _finish_delivered(callbacks: list[Callback], *, twice: set[int], code: int | None) -> None:
    """Mark delivered callbacks and let their orders' held callbacks go (one transaction)."""
    if not callbacks:
        return
    now = timezone.now()
    with transaction.atomic():
        order_ids = sorted({c.order_id for c in callbacks})
        # The orders' locks, as _finish takes one: order_settle decides from the same rows
        # whether the final callback must wait for this one.
        list(Order.objects.select_for_update().filter(pk__in=order_ids).values_list("pk"))
        for deliveries, ids in (
            (2, [c.pk for c in callbacks if c.pk in twice]),
            (1, [c.pk for c in callbacks if c.pk not in twice]),
        ):
            if ids:
                Callback.objects.filter(pk__in=ids).update(
                    state=Callback.State.DELIVERED,
                    lease_until=None,
                    attempts=F("attempts") + 1,
                    deliveries=F("deliveries") + deliveries,
                    delivered_at=now,
                    last_status_code=code,
                    last_error="",
                )
        Callback.objects.filter(order_id__in=order_ids, state=Callback.State.HELD).update(
            state=Callback.State.PENDING, next_attempt_at=now
        )
