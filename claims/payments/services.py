"""The only code that changes payments: the schedule, orders, sending, callbacks, fixes, re-issue.

ADR 0008. Exactly once rests on three things, each enforced where it cannot be forgotten:
an order's idempotency key (reused on every retry, so the office pays a key at most once),
the database (at most one open and one paid order per installment), and callbacks applied in
sequence order under a row lock (a duplicate or late callback changes nothing). Work still to
do is always a row: a lost task or a killed worker only delays it until the sweep.
"""

from __future__ import annotations

import json
import logging
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from claims.core.exceptions import ClaimError, ClaimPermissionError, ClaimStateError
from claims.core.services import actor_kind, claim_transition
from claims.core.transitions import Actor, Status
from claims.decisions.models import Decision
from claims.filing.duplicates import claim_flag_add
from claims.models import Claim, ClaimEvent, ClaimFlag, Proposal
from claims.notifications.services import claim_params, notify
from claims.payments import client
from claims.payments.models import PaymentCallback, PaymentInstallment, PaymentOrder
from claims.payments.release import release_bulk
from claims.period.selectors import release_gate
from common import signed_http
from common.formatting import dong
from common.provinces import province_name
from common.tasks import task_after_commit, task_send
from eligibility.calculator.dates import add_months
from eligibility.calculator.text import date_vi
from identity.models import User

logger = logging.getLogger(__name__)

#: Claim states in which installments are released and paid.
PAYABLE = frozenset({Status.DECISION_ISSUED, Status.PAYING})
#: Claim states in which the worker may change where the money goes.
DETAILS_EDITABLE = frozenset(
    {Status.APPROVED, Status.DECISION_ISSUED, Status.PAYING, Status.SUSPENDED}
)
PAYEE_FIELDS = ("method", "bank_code", "account_number", "account_holder", "cash_province")
#: Installments released per transaction.
_RELEASE_CHUNK = 100
#: A retry message may arrive a little before its stored due time (clock granularity).
_SLACK = timedelta(seconds=1)

OS, IS = PaymentOrder.Status, PaymentInstallment.Status


class PaymentInvalid(ClaimError):
    """The action's input is wrong; `errors` maps each field to its messages. Nothing changed."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Thông tin chưa hợp lệ: hãy sửa các lỗi được nêu."))
        self.errors = errors


# --- Helpers ---------------------------------------------------------------------------------


def _event_row(
    claim_id: int,
    kind: str,
    *,
    order: PaymentOrder | None = None,
    actor: User | None = None,
    reason: str = "",
    **data: Any,
) -> ClaimEvent:
    """A payment event, not yet saved (for bulk_create)."""
    if order is not None:
        data = {
            "order": order.pk,
            "reference": order.reference,
            "key": str(order.idempotency_key),
            **data,
        }
    return ClaimEvent(
        claim_id=claim_id,
        kind=f"payment:{kind}",
        actor=actor,
        actor_role=actor_kind(actor),
        reason=reason,
        data=data,
    )


def _event(claim_id: int, kind: str, **kwargs: Any) -> None:
    _event_row(claim_id, kind, **kwargs).save(force_insert=True)


def _notify(claim: Claim, kind: str, **params: Any) -> None:
    notify(user=claim.citizen, kind=kind, params={**claim_params(claim), **params}, claim=claim)


def _installment_params(installment: PaymentInstallment, amount: int) -> dict[str, Any]:
    with translation.override("vi"):
        money = dong(amount)
    return {
        "amount": money,
        "number": installment.number,
        "period": f"{date_vi(installment.period_start)} – {date_vi(installment.period_end)}",
    }


def backoff_delay(*, attempt: int, rng: random.Random | None = None) -> float:
    """Full jitter: uniformly between 0 and min(cap, base * 2**(attempt-1)) seconds."""
    ceiling = min(
        float(settings.SETTLEMENT_RETRY_CAP),
        float(settings.SETTLEMENT_RETRY_BASE) * (2 ** max(0, min(attempt - 1, 30))),
    )
    return (rng or random).uniform(0, ceiling)  # noqa: S311 - jitter, not a secret


# --- The schedule ----------------------------------------------------------------------------


def approved_proposal(claim: Claim) -> Proposal | None:
    """The signed approval the decision was issued on (None for a refusal)."""
    return (
        claim.proposals.filter(kind=Proposal.Kind.APPROVE, outcome=Proposal.Outcome.SIGNED)
        .order_by("-decided_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class PlannedInstallment:
    number: int
    period_start: date
    period_end: date
    amount: int
    due_on: date


def schedule_plan(
    *, start: date, months: int, amount: int, decided_on: date, end: date | None = None
) -> list[PlannedInstallment]:
    """One installment a benefit month from `start` (month k runs from start + k-1 months).

    The first is due on the decision day (the law pays the first month within 5 working days of
    the decision); month k is due on its first day, never before the decision.
    """
    plan = []
    for number in range(1, months + 1):
        period_start = add_months(start, number - 1)
        period_end = add_months(start, number) - timedelta(days=1)
        if number == months and end is not None and end >= period_start:
            period_end = end  # the decision's end date is the one that counts
        due_on = decided_on if number == 1 else max(period_start, decided_on)
        plan.append(PlannedInstallment(number, period_start, period_end, amount, due_on))
    return plan


def payment_schedule_create(*, claim_id: int) -> list[PaymentInstallment]:
    """Create an approved claim's installments (once; safe to call any number of times),
    then release the ones already due."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        existing = list(claim.installments.order_by("number"))
        if existing or claim.status not in PAYABLE:
            return existing
        proposal = approved_proposal(claim)
        amount = (proposal.monthly_benefit if proposal else None) or claim.monthly_benefit
        months = (proposal.duration_months if proposal else None) or claim.duration_months
        if proposal is None or not amount or not months:
            return []
        decided_on = (
            timezone.localdate(claim.decided_at) if claim.decided_at else timezone.localdate()
        )
        start = proposal.entitlement_start or decided_on
        plan = schedule_plan(
            start=start,
            months=months,
            amount=amount,
            decided_on=decided_on,
            end=proposal.entitlement_end,
        )
        try:
            # No ignore_conflicts: the claim's lock and the check above exclude a second
            # schedule of this claim, so a conflict can only be the database's guard.
            with transaction.atomic():
                PaymentInstallment.objects.bulk_create(
                    [
                        PaymentInstallment(claim=claim, personal_id=claim.personal_id, **p.__dict__)
                        for p in plan
                    ]
                )
        except IntegrityError:
            # one_installment_per_person_and_time (ADR 0012): another claim of the person is
            # already paid or scheduled for some of these months. Nothing is scheduled; staff
            # are shown why, and the sweep leaves the claim alone until they resolve it.
            _schedule_refused(claim, start=start, end=plan[-1].period_end)
            return []
        _event(
            claim.pk,
            "scheduled",
            months=months,
            amount=amount,
            start=start.isoformat(),
            end=plan[-1].period_end.isoformat(),
        )
        created = list(claim.installments.order_by("number"))
    payments_release_due(claim_id=claim_id)
    return created


#: The flag of a claim whose schedule the database refused (a second payment for the same time).
OVERLAP_FLAG = "installment_overlap"


def _schedule_refused(claim: Claim, *, start: date, end: date) -> None:
    others = (
        PaymentInstallment.objects.filter(
            personal_id=claim.personal_id, period_start__lte=end, period_end__gte=start
        )
        .exclude(claim=claim)
        .select_related("claim")
        .order_by("period_start")
    )
    references = sorted({i.claim.reference or str(i.claim_id) for i in others})
    refs = ", ".join(references)
    claim_flag_add(
        claim=claim,
        code=OVERLAP_FLAG,
        severity=ClaimFlag.Severity.BLOCKING,
        message_vi=f"Không lập được lịch chi trả: người lao động đã có kỳ chi trả của hồ sơ "
        f"{refs} trong khoảng {date_vi(start)} – {date_vi(end)}. Không kỳ nào được chi hai lần; "
        "hãy chấm dứt hoặc điều chỉnh hồ sơ kia trước.",
        message_en=f"No payment schedule was created: the worker already has installments of "
        f"claim {refs} between {date_vi(start)} and {date_vi(end)}. No month is paid twice; end "
        "or adjust the other claim first.",
        values={"references": references},
    )
    _event(
        claim.pk,
        "schedule_refused",
        start=start.isoformat(),
        end=end.isoformat(),
        others=references,
    )
    logger.warning("payment schedule of claim %s refused: overlaps %s", claim.pk, refs)


def payments_on_transition(claim_id: int, from_status: str, to_status: str) -> None:
    """Hook (claims.core.services.on_transition): an approval's decision creates the schedule.

    Runs after commit; if it fails (or the process dies here) the sweep creates the schedule.
    """
    if to_status != Status.DECISION_ISSUED or from_status != Status.APPROVED:
        return
    try:
        payment_schedule_create(claim_id=claim_id)
    except Exception:
        logger.exception("payment schedule of claim %s not created now; the sweep will", claim_id)


def payments_on_decision_signed(claim_id: int) -> None:
    """Hook (claims.decisions.services.on_decision_signed): after a decision's signed PDF is
    stored, release what is due now (called after commit).

    A failure here only delays the money until the sweep, never the decision.
    """
    try:
        payments_release_due(claim_id=claim_id)
    except Exception:
        logger.exception("payments of claim %s not released at signature; the sweep will", claim_id)


# --- Orders ----------------------------------------------------------------------------------


def payee_details(claim: Claim) -> dict[str, str]:
    """The worker's payee details now on file (every field of PAYEE_FIELDS, blank if unset)."""
    saved = (claim.answers or {}).get("payment") or {}
    return {name: str(saved.get(name) or "") for name in PAYEE_FIELDS}


def _order_create(
    installment: PaymentInstallment,
    claim: Claim,
    *,
    actor: User | None = None,
    reissue_of: PaymentOrder | None = None,
    reason: str = "",
) -> PaymentOrder:
    """A new order for a locked installment (the caller holds the transaction); sent after commit."""
    reference = f"{claim.reference or claim.pk}-{installment.number:02d}"
    if reissue_of is not None:
        reference += f"-L{installment.orders.count() + 1}"  # lần phát lệnh thứ n
    order = PaymentOrder.objects.create(
        installment=installment,
        claim=claim,
        reference=reference,
        amount=installment.amount,
        beneficiary_name=claim.citizen.full_name,
        personal_id=claim.personal_id,
        callback_url=f"{settings.SETTLEMENT_CALLBACK_BASE_URL}{reverse('claims:payment_callback')}",
        reissue_of=reissue_of,
        created_by=actor,
        reissue_reason=reason,
        **payee_details(claim),
    )
    installment.status = IS.ORDERED
    installment.save(update_fields=["status", "updated_at"])
    _event(
        claim.pk,
        "reissued" if reissue_of else "ordered",
        order=order,
        actor=actor,
        reason=reason,
        installment=installment.number,
        amount=order.amount,
    )
    task_after_commit("claims.tasks.payment_order_send", order.pk)
    return order


def payments_release_due(*, today: date | None = None, claim_id: int | None = None) -> list[int]:
    """Turn every due, scheduled installment of a payable claim into an order; returns their ids.

    Nothing is released before the claim's decision is signed and stored (ADR 0012): the
    worker is paid on a decision that exists. The signature releases what is due
    (`payments_on_decision_signed`), and the sweep does if that was lost.

    Installments are taken in chunks, each chunk one transaction (one commit for many orders);
    rows another release holds are skipped, not waited for.

    Month k >= 2 of a benefit period is released only once month k is notified and its
    payment day has come (claims.period.selectors.release_gate, issue 16). On PostgreSQL the
    orders are made set-based (claims.payments.release: the monthly cycle of many periods).
    """
    today = today or timezone.localdate()
    due = PaymentInstallment.objects.filter(
        status=IS.SCHEDULED,
        due_on__lte=today,
        claim__status__in=PAYABLE,
        claim__decision__state=Decision.State.ISSUED,
    ).filter(release_gate(today=today))
    if claim_id is not None:
        due = due.filter(claim_id=claim_id)
    ids = list(due.order_by("due_on", "id").values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        return release_bulk(ids, payable=PAYABLE, now=timezone.now())
    created: list[int] = []
    for chunk_start in range(0, len(ids), _RELEASE_CHUNK):
        chunk = ids[chunk_start : chunk_start + _RELEASE_CHUNK]
        with transaction.atomic():
            installments = (
                PaymentInstallment.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("claim", "claim__citizen")
                .filter(pk__in=chunk, status=IS.SCHEDULED)
                .order_by("due_on", "id")
            )
            for installment in installments:
                if installment.claim.status not in PAYABLE:
                    continue  # the claim stopped (suspended, terminated) since the query
                try:
                    with transaction.atomic():
                        created.append(_order_create(installment, installment.claim).pk)
                except IntegrityError:  # an open order exists already (a concurrent release)
                    continue
    return created


# --- Sending ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendResult:
    outcome: str  # skipped | acknowledged | rejected | retry | waiting
    retry_in: float | None = None


def _sendable(now: datetime) -> Q:
    """Orders a sender may claim now: pending and due, or sending with an expired lease."""
    return (
        Q(status=OS.PENDING, next_attempt_at__isnull=True)
        | Q(status=OS.PENDING, next_attempt_at__lte=now + _SLACK)
        | Q(status=OS.SENDING, lease_until__lt=now)
    )


def _lease(now: datetime) -> datetime:
    return now + timedelta(seconds=float(settings.SETTLEMENT_LEASE_SECONDS))


def payment_order_send(*, order_id: int) -> SendResult:
    """Send one order if it is due and nobody else is sending it (safe to call twice, or late).

    The order is claimed with a conditional UPDATE (a lease): of two workers given the same
    order, one sends and the other returns `skipped`. Whatever the network does, the same body
    goes out under the same idempotency key, so the office pays it at most once.
    """
    now = timezone.now()
    claimed = (
        PaymentOrder.objects.filter(pk=order_id)
        .filter(_sendable(now))
        .update(
            status=OS.SENDING, lease_until=_lease(now), attempts=F("attempts") + 1, updated_at=now
        )
    )
    if not claimed:
        return SendResult("skipped")
    order = PaymentOrder.objects.select_related("installment").get(pk=order_id)
    answer = client.order_post(payload=order.payload())
    return _answers_apply({order_id: answer})[order_id]


def payment_orders_send_batch(*, order_ids: list[int]) -> dict[int, SendResult]:
    """Send several orders in one batch request (ADR 0026), each exactly as
    `payment_order_send` would: claimed by its lease (one UPDATE for all; an order another
    sender holds is `skipped`), sent under its own key, its own answer applied to it.

    One claim, one request and one transaction for the lot; an order the office answered
    "unavailable" (or a whole request that failed) is to be retried by itself, as before.
    """
    ids = sorted(set(order_ids))
    now = timezone.now()
    claimed = _claim_many(ids, now)
    results = {pk: SendResult("skipped") for pk in ids if pk not in claimed}
    if not claimed:
        return results
    orders = list(
        PaymentOrder.objects.select_related("installment").filter(pk__in=claimed).order_by("pk")
    )
    answers = client.orders_post(payloads=[o.payload() for o in orders])
    results.update(_answers_apply({o.pk: a for o, a in zip(orders, answers, strict=True)}))
    return results


def _claim_many(ids: list[int], now: datetime) -> set[int]:
    """Claim these orders' leases in one conditional UPDATE; the ids this caller won.

    RETURNING names exactly the rows this statement changed: a row another sender holds no
    longer matches the condition (PostgreSQL re-checks it after that sender's commit).
    """
    if not ids:
        return set()
    adapt = connection.ops.adapt_datetimefield_value
    table = PaymentOrder._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, lease_until = %s, attempts = attempts + 1, "  # noqa: S608 - our table, placeholders
            f"updated_at = %s WHERE id IN ({marks}) AND ("
            "(status = %s AND (next_attempt_at IS NULL OR next_attempt_at <= %s)) "
            "OR (status = %s AND lease_until < %s)) RETURNING id",
            [
                OS.SENDING,
                adapt(_lease(now)),
                adapt(now),
                *ids,
                OS.PENDING,
                adapt(now + _SLACK),
                OS.SENDING,
                adapt(now),
            ],
        )
        return {row[0] for row in cursor.fetchall()}


#: What an acknowledgement changes on an order (saved for many orders in one statement).
_ACK_FIELDS = [
    "status",
    "acknowledged_at",
    "lease_until",
    "next_attempt_at",
    "last_error",
    "office_order_id",
    "updated_at",
]


def _answers_apply(answers: dict[int, client.OfficeAnswer]) -> dict[int, SendResult]:
    """Apply the office's answers to the orders this sender claimed (one transaction)."""
    now = timezone.now()
    results: dict[int, SendResult] = {}
    with transaction.atomic():
        # The orders' locks, in id order (a callback of the same order waits, or we wait).
        orders = (
            PaymentOrder.objects.select_for_update()
            .select_related("installment")
            .filter(pk__in=list(answers))
            .order_by("pk")
        )
        saved: list[PaymentOrder] = []
        events: list[ClaimEvent] = []
        for order in orders:
            answer = answers[order.pk]
            if answer.office_order_id and not order.office_order_id:
                order.office_order_id = answer.office_order_id
            order.updated_at = now
            if order.status != OS.SENDING:
                # A callback overtook the answer (processing, paid or failed): it already moved
                # the order on; only the office's id is worth keeping.
                PaymentOrder.objects.filter(pk=order.pk).update(
                    office_order_id=order.office_order_id, updated_at=now
                )
                accepted = answer.outcome == client.ACCEPTED
                results[order.pk] = SendResult("acknowledged" if accepted else "waiting")
            elif answer.outcome == client.ACCEPTED:
                order.status = OS.ACKNOWLEDGED
                order.acknowledged_at = now
                order.lease_until = order.next_attempt_at = None
                order.last_error = ""
                saved.append(order)
                events.append(
                    _event_row(
                        order.claim_id, "acknowledged", order=order, duplicate=answer.duplicate
                    )
                )
                results[order.pk] = SendResult("acknowledged")
            elif answer.outcome == client.REJECTED:
                _order_fail(
                    order,
                    code=answer.error_code,
                    reason=answer.message or _("Nơi chi trả từ chối lệnh chi."),
                    refused=True,
                )
                results[order.pk] = SendResult("rejected")
            else:
                results[order.pk] = _order_retry_later(order, answer, now)
        if saved:
            PaymentOrder.objects.bulk_update(saved, _ACK_FIELDS)
        ClaimEvent.objects.bulk_create(events)
    return results


def _order_retry_later(
    order: PaymentOrder, answer: client.OfficeAnswer, now: datetime
) -> SendResult:
    """Nobody knows whether the office has it: back to pending, due after a jittered backoff."""
    delay = backoff_delay(attempt=order.attempts)
    order.status = OS.PENDING
    order.lease_until = None
    order.last_error = (answer.message or answer.error_code or "error")[:300]
    exhausted = order.attempts >= int(settings.SETTLEMENT_MAX_ATTEMPTS)
    if exhausted:
        # Never guess paid or failed: keep trying, slowly, through the sweep, and show it.
        delay = float(settings.SETTLEMENT_RETRY_CAP)
        if order.attention_since is None:
            order.attention_since = now
            _event(order.claim_id, "attention", order=order, error=order.last_error)
    order.next_attempt_at = now + timedelta(seconds=delay)
    order.save()
    return SendResult("retry", retry_in=None if exhausted else delay)


def _order_fail(order: PaymentOrder, *, code: str, reason: str, refused: bool = False) -> None:
    """The office will not pay this order: say why to the worker (locked order, in a transaction)."""
    now = timezone.now()
    order.status = OS.FAILED
    order.failure_code = code[:40]
    order.failure_reason = reason
    order.finished_at = now
    order.lease_until = order.next_attempt_at = None
    order.save()
    installment = order.installment
    installment.status = IS.FAILED
    installment.save(update_fields=["status", "updated_at"])
    _event(
        order.claim_id,
        "refused" if refused else "failed",
        order=order,
        reason=reason,
        code=code,
        installment=installment.number,
    )
    claim = Claim.objects.select_related("citizen").get(pk=order.claim_id)
    _notify(
        claim, "payment_failed", **_installment_params(installment, order.amount), reason=reason
    )


# --- Callbacks -------------------------------------------------------------------------------


class CallbackInvalid(Exception):
    """The callback body is not what the contract says (400)."""


@dataclass(frozen=True)
class CallbackEvent:
    event_id: uuid.UUID
    idempotency_key: uuid.UUID
    office_order_id: str
    sequence: int
    status: str
    reason_code: str
    reason: str
    occurred_at: datetime


_SEQUENCE_OF = {"processing": 1, "paid": 2, "failed": 2}


def _text(data: dict[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit or (required and not value):
        raise CallbackInvalid(name)
    return value


def _uuid(data: dict[str, Any], name: str) -> uuid.UUID:
    value = data.get(name)
    if not isinstance(value, str) or len(value) > 40:
        raise CallbackInvalid(name)
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise CallbackInvalid(name) from exc


def callback_parse(body: bytes) -> CallbackEvent:
    """The callback's fields, checked strictly against the wire contract."""
    return callback_event(_callback_json(body))


def _callback_json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CallbackInvalid("json") from exc


def callback_event(data: Any) -> CallbackEvent:
    """One callback's fields from its parsed JSON (a single body, or an item of a batch)."""
    if not isinstance(data, dict):
        raise CallbackInvalid("object")
    status = data.get("status")
    sequence = data.get("sequence")
    if not isinstance(status, str) or status not in _SEQUENCE_OF:
        raise CallbackInvalid("status")
    if type(sequence) is not int or sequence != _SEQUENCE_OF[status]:
        raise CallbackInvalid("sequence")
    raw_when = data.get("occurred_at")
    try:
        if not isinstance(raw_when, str) or len(raw_when) > 40:
            raise ValueError(raw_when)
        occurred_at = datetime.fromisoformat(raw_when)
    except ValueError as exc:
        raise CallbackInvalid("occurred_at") from exc
    if occurred_at.tzinfo is None or occurred_at.utcoffset() is None:
        raise CallbackInvalid("occurred_at")
    return CallbackEvent(
        event_id=_uuid(data, "event_id"),
        idempotency_key=_uuid(data, "idempotency_key"),
        office_order_id=_text(data, "office_order_id", 100),
        sequence=sequence,
        status=status,
        reason_code=_text(data, "reason_code", 40),
        reason=_text(data, "reason", 1000),
        occurred_at=occurred_at,
    )


@dataclass(frozen=True)
class CallbackAnswer:
    status_code: int
    body: dict[str, Any] = field(default_factory=dict)


def _callback_signature_error(
    headers: Any, body: bytes, now: float | None
) -> CallbackAnswer | None:
    try:
        signed_http.verify(
            secret=settings.SETTLEMENT_OFFICE_SECRET,
            headers=headers,
            body=body,
            now=now,
            tolerance=int(settings.SETTLEMENT_CALLBACK_TOLERANCE),
        )
    except signed_http.SignatureError as error:
        return CallbackAnswer(401, {"error": "signature", "reason": error.reason})
    return None


def payment_callback_receive(
    *, headers: Any, body: bytes, now: float | None = None
) -> CallbackAnswer:
    """Check, log and apply one callback from the office, or a batch of them (a body
    ``{"events": [...]}``, ADR 0026); the answer it gets (the view sends it)."""
    refused = _callback_signature_error(headers, body, now)
    if refused is not None:
        return refused
    try:
        data = _callback_json(body)
        if isinstance(data, dict) and "events" in data:  # a batch (ADR 0026)
            events = data["events"]
            return payment_callbacks_receive(events=events if isinstance(events, list) else [])
        event = callback_event(data)
    except CallbackInvalid as error:
        return CallbackAnswer(400, {"error": "malformed", "field": str(error)})
    order_id = (
        PaymentOrder.objects.filter(idempotency_key=event.idempotency_key)
        .values_list("pk", flat=True)
        .first()
    )
    if order_id is None:
        return CallbackAnswer(404, {"error": "unknown_order"})
    return payment_callback_apply(order_id=order_id, event=event)


def payment_callback_apply(*, order_id: int, event: CallbackEvent) -> CallbackAnswer:
    """Apply one checked callback to its order, exactly once and in sequence order."""
    with transaction.atomic():
        # The order's lock serialises every callback of the order (and its sender's answer).
        order = (
            PaymentOrder.objects.select_for_update().select_related("installment").get(pk=order_id)
        )
        if PaymentCallback.objects.filter(event_id=event.event_id).exists():
            return CallbackAnswer(200, {"ok": True, "duplicate": True})
        outcome = _callback_record_and_apply(order, event)
    if outcome is None:
        return CallbackAnswer(200, {"ok": True, "duplicate": True})
    applied = outcome == PaymentCallback.Outcome.APPLIED
    return CallbackAnswer(200, {"ok": True, "applied": applied})


def _callback_record_and_apply(
    order: PaymentOrder, event: CallbackEvent, *, log: list[PaymentCallback] | None = None
) -> str | None:
    """Log a new event of a locked order and apply it if it is next; its outcome, or None if
    the same event id was logged at the same moment by another delivery.

    With `log` (a batch, whose caller has checked the event ids under the orders' locks) the
    log row is added to that list, written with the batch's others in one statement.
    """
    before = order.status
    if before in PaymentOrder.FINAL:
        outcome = PaymentCallback.Outcome.FINAL
    elif event.sequence <= order.last_sequence:
        outcome = PaymentCallback.Outcome.STALE
    else:
        outcome = PaymentCallback.Outcome.APPLIED
    row = PaymentCallback(
        order=order,
        event_id=event.event_id,
        sequence=event.sequence,
        status=event.status,
        reason_code=event.reason_code,
        reason=event.reason,
        office_order_id=event.office_order_id,
        occurred_at=event.occurred_at,
        applied=outcome == PaymentCallback.Outcome.APPLIED,
        outcome=outcome,
        order_status_before=before,
    )
    if log is not None:
        log.append(row)
    else:
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:  # the same event id, delivered twice at once
            return None
    if outcome != PaymentCallback.Outcome.APPLIED:
        return outcome
    now = timezone.now()
    if event.office_order_id and not order.office_order_id:
        order.office_order_id = event.office_order_id
    order.last_sequence = event.sequence
    order.lease_until = order.next_attempt_at = None
    order.acknowledged_at = order.acknowledged_at or now
    if event.status == "processing":
        order.status = OS.PROCESSING
        order.save(update_fields=_CALLBACK_FIELDS)
        _event(order.claim_id, "processing", order=order)
    elif event.status == "paid":
        _order_paid(order, now)
    else:
        _order_fail(
            order,
            code=event.reason_code or "failed",
            reason=event.reason or _("Nơi chi trả không chuyển được tiền."),
        )
    return outcome


#: Events in one batch callback at most (the simulator sends at most SETTLEMENT_OFFICE_CALLBACK_BATCH, 50 by default).
MAX_CALLBACK_BATCH = 500


def payment_callbacks_receive(*, events: list[Any]) -> CallbackAnswer:
    """Apply a signed batch of the office's callbacks (ADR 0026) in one transaction, each event
    with the single callback's guarantees: logged once by its event id, applied only in
    sequence order and never after a final state, in a savepoint of its own so that one that
    fails is answered `error` (the office sends it again) and the others still count.

    The answer is 200 with one result per event, in order: applied, ignored (stale, or after a
    final state), duplicate, invalid (what a 400 would say, `field` named), unknown_order,
    error. A batch that is not a list of at most MAX_CALLBACK_BATCH events is a 400.
    """
    if not events or len(events) > MAX_CALLBACK_BATCH:
        return CallbackAnswer(400, {"error": "malformed", "field": "events"})
    parsed: list[CallbackEvent | CallbackInvalid] = []
    for item in events:
        try:
            parsed.append(callback_event(item))
        except CallbackInvalid as error:
            parsed.append(error)
    keys = {e.idempotency_key for e in parsed if isinstance(e, CallbackEvent)}
    order_of = dict(
        PaymentOrder.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", "pk")
    )
    try:
        results = _callbacks_apply(parsed, order_of, careful=False)
    except Exception:
        # Something in one event failed: the whole batch was undone. Apply it again, each event
        # in a savepoint of its own, so that only the failing one is answered `error`.
        logger.warning(
            "a batch of %s callbacks failed; applying its events one by one", len(parsed)
        )
        results = _callbacks_apply(parsed, order_of, careful=True)
    return CallbackAnswer(200, {"ok": True, "results": results})


def _callbacks_apply(
    parsed: list[CallbackEvent | CallbackInvalid], order_of: dict[uuid.UUID, int], *, careful: bool
) -> list[dict[str, Any]]:
    """One transaction for the batch. Not `careful`, an event that fails raises (the caller
    applies the batch again carefully); `careful`, it is undone alone by its savepoint."""
    results: list[dict[str, Any]] = []
    log: list[PaymentCallback] = []
    with transaction.atomic():
        # Every order of the batch locked at once, in id order: a sender's answer or another
        # batch of the same orders waits for this one (and two batches never deadlock).
        orders = {
            o.pk: o
            for o in PaymentOrder.objects.select_for_update()
            .select_related("installment")
            .filter(pk__in=set(order_of.values()))
            .order_by("pk")
        }
        # Under those locks nobody else logs these orders' events: the ids seen now are all.
        wanted = [e.event_id for e in parsed if isinstance(e, CallbackEvent)]
        seen = set(
            PaymentCallback.objects.filter(event_id__in=wanted).values_list("event_id", flat=True)
        )
        for index, event in enumerate(parsed):
            answer = _batch_event_apply(event, order_of, orders, seen, log, careful=careful)
            results.append({"index": index, **answer})
        PaymentCallback.objects.bulk_create(log)
    return results


def _batch_event_apply(
    event: CallbackEvent | CallbackInvalid,
    order_of: dict[uuid.UUID, int],
    orders: dict[int, PaymentOrder],
    seen: set[uuid.UUID],
    log: list[PaymentCallback],
    *,
    careful: bool,
) -> dict[str, Any]:
    if isinstance(event, CallbackInvalid):
        return {"status": "invalid", "field": str(event)}
    answer: dict[str, Any] = {"event_id": str(event.event_id)}
    order_id = order_of.get(event.idempotency_key)
    if order_id is None:
        return {**answer, "status": "unknown_order"}
    if event.event_id in seen:
        return {**answer, "status": "duplicate"}
    order = orders[order_id]
    if not careful:
        outcome = _callback_record_and_apply(order, event, log=log)
    else:
        mine: list[PaymentCallback] = []
        try:
            with transaction.atomic():
                outcome = _callback_record_and_apply(order, event, log=mine)
        except Exception:
            logger.exception(
                "callback %s of order %s not applied; the office sends it again",
                event.event_id,
                order_id,
            )
            # The savepoint undid its writes; the order in memory may hold some of them (its
            # lock is still this transaction's).
            orders[order_id] = PaymentOrder.objects.select_related("installment").get(pk=order_id)
            return {**answer, "status": "error"}
        log += mine
    seen.add(event.event_id)
    applied = outcome == PaymentCallback.Outcome.APPLIED
    return {**answer, "status": "applied" if applied else "ignored"}


#: What a callback changes on its order.
_CALLBACK_FIELDS = [
    "status",
    "office_order_id",
    "last_sequence",
    "lease_until",
    "next_attempt_at",
    "acknowledged_at",
    "updated_at",
]


def _order_paid(order: PaymentOrder, now: datetime) -> None:
    order.status = OS.PAID
    order.finished_at = now
    order.save(update_fields=[*_CALLBACK_FIELDS, "finished_at"])
    installment = order.installment
    installment.status = IS.PAID
    installment.paid_at = now
    installment.save(update_fields=["status", "paid_at", "updated_at"])
    _event(order.claim_id, "paid", order=order, installment=installment.number, amount=order.amount)
    claim = Claim.objects.select_for_update().select_related("citizen").get(pk=order.claim_id)
    if claim.status == Status.DECISION_ISSUED:
        claim = claim_transition(
            claim_id=claim.pk,
            to_status=Status.PAYING,
            actor=None,
            data={"order": order.pk, "installment": installment.number},
        )
    if claim.status == Status.PAYING and not claim.installments.exclude(status=IS.PAID).exists():
        claim = claim_transition(
            claim_id=claim.pk,
            to_status=Status.COMPLETED,
            actor=None,
            reason=_("Đã chi trả đủ các tháng hưởng."),
        )
    _notify(claim, "payment_paid", **_installment_params(installment, order.amount))


# --- The worker fixes the bank details; staff re-issue ----------------------------------------


def mask(name: str, value: str) -> str:
    """What an event may keep of a payee detail: the end of an account number, a name's initials."""
    if not value:
        return ""
    if name == "account_number":
        return "•" * max(0, len(value) - 4) + value[-4:]
    if name == "account_holder":
        return " ".join(part[0] + "…" for part in value.split())
    return value


def payment_details_change(
    *, claim_id: int, citizen: User, details: dict[str, Any]
) -> dict[str, dict[str, str]]:
    """Store the worker's new payee details for the next orders; returns what changed (masked)."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        if claim.citizen_id != citizen.pk:
            raise ClaimPermissionError(_("Bạn chỉ có thể thao tác trên hồ sơ của chính mình."))
        if claim.status not in DETAILS_EDITABLE:
            raise ClaimStateError(
                _("Hồ sơ này không còn nhận trợ cấp nên không cần sửa thông tin nhận tiền."),
                current_status=claim.status,
            )
        old = dict((claim.answers or {}).get("payment") or {})
        new = {name: str(details.get(name) or "") for name in PAYEE_FIELDS}
        changed = {
            name: {"from": mask(name, str(old.get(name) or "")), "to": mask(name, new[name])}
            for name in PAYEE_FIELDS
            if str(old.get(name) or "") != new[name]
        }
        if not changed:
            return {}
        claim.answers = {**(claim.answers or {}), "payment": {**old, **new}}
        claim.save(update_fields=["answers", "updated_at"])
        ClaimEvent.objects.create(
            claim=claim,
            kind="payment_details_changed",
            actor=citizen,
            actor_role=Actor.CITIZEN,
            data={"changed": changed},
        )
        # The alert (portal and e-mail): if someone else changed it, the worker knows at once.
        _notify(claim, "payment_details_changed", details=_payee_summary(new))
    return changed


def _payee_summary(details: dict[str, str]) -> str:
    """Where the money now goes, masked as events keep it (no full account number in a message)."""
    if details.get("method") == "bank":
        return f"{details.get('bank_code', '')} {mask('account_number', details.get('account_number', ''))}"
    return province_name(details.get("cash_province", ""))


def details_changed_since(order: PaymentOrder) -> bool:
    """Did the worker change their payee details after this order failed?"""
    if order.finished_at is None:
        return False
    return ClaimEvent.objects.filter(
        claim_id=order.claim_id, kind="payment_details_changed", created_at__gt=order.finished_at
    ).exists()


def payment_order_reissue(*, order_id: int, actor: User, reason: str = "") -> PaymentOrder:
    """Staff: a new order (new key) for a failed installment, to the worker's current details.

    Allowed once the worker changed their details since the failure, or with a written reason.
    """
    if actor.role not in {User.Role.OFFICER, User.Role.SIGNER}:
        raise ClaimPermissionError(_("Chỉ cán bộ của trung tâm được phát lại lệnh chi."))
    note = (reason or "").strip()
    if len(note) > 4000:
        raise PaymentInvalid({"reason": [_("Nội dung dài quá %(max)s ký tự.") % {"max": 4000}]})
    with transaction.atomic():
        old = (
            PaymentOrder.objects.select_for_update()
            .select_related("installment", "claim")
            .get(pk=order_id)
        )
        claim = Claim.objects.select_for_update().select_related("citizen").get(pk=old.claim_id)
        if actor.center_id is None or actor.center_id != claim.center_id:
            raise ClaimPermissionError(_("Hồ sơ này thuộc trung tâm khác."))
        installment = PaymentInstallment.objects.select_for_update().get(pk=old.installment_id)
        latest = installment.orders.order_by("-created_at", "-id").first()
        if old.status != OS.FAILED or installment.status != IS.FAILED or latest != old:
            raise ClaimStateError(
                _("Lệnh chi này không ở trạng thái chuyển lỗi (có thể đã được phát lại)."),
                current_status=claim.status,
            )
        if claim.status not in PAYABLE:
            raise ClaimStateError(
                _("Hồ sơ đang ở trạng thái “%(status)s”: không thể chi trả.")
                % {"status": Status(claim.status).label},
                current_status=claim.status,
            )
        if not details_changed_since(old) and not note:
            raise PaymentInvalid(
                {
                    "reason": [
                        _(
                            "Người lao động chưa sửa thông tin tài khoản kể từ lần chuyển lỗi. "
                            "Nếu vẫn phát lại, hãy ghi lý do."
                        )
                    ]
                }
            )
        order = _order_create(installment, claim, actor=actor, reissue_of=old, reason=note)
        _notify(claim, "payment_reissued", **_installment_params(installment, order.amount))
    return order


# --- The sweep -------------------------------------------------------------------------------


def claims_without_schedule() -> list[int]:
    """Approved claims whose decision is issued but whose schedule was never created."""
    return list(
        Claim.objects.filter(status__in=PAYABLE)
        .filter(
            Exists(
                Proposal.objects.filter(
                    claim=OuterRef("pk"),
                    kind=Proposal.Kind.APPROVE,
                    outcome=Proposal.Outcome.SIGNED,
                )
            )
        )
        .exclude(Exists(PaymentInstallment.objects.filter(claim=OuterRef("pk"))))
        # Refused by the guard at the money: staff resolve it first (the flag says why).
        .exclude(Exists(ClaimFlag.objects.filter(claim=OuterRef("pk"), code=OVERLAP_FLAG)))
        .values_list("pk", flat=True)[:1000]
    )


def orders_lost(*, now: datetime | None = None) -> list[int]:
    """Orders whose send task should have run by now: never picked up, retry overdue, or whose
    sender's lease ran out (a killed worker)."""
    now = now or timezone.now()
    grace = timedelta(seconds=float(settings.SETTLEMENT_SWEEP_GRACE))
    return list(
        PaymentOrder.objects.filter(
            Q(status=OS.PENDING, next_attempt_at__isnull=True, created_at__lt=now - grace)
            | Q(status=OS.PENDING, next_attempt_at__lt=now - grace)
            | Q(status=OS.SENDING, lease_until__lt=now)
        )
        .order_by("id")
        .values_list("pk", flat=True)[:2000]
    )


def orders_stale_flag(*, now: datetime | None = None) -> int:
    """Accepted orders with no final answer for too long are shown to staff (once each)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=float(settings.SETTLEMENT_STALE_AFTER))
    with transaction.atomic():
        # One statement each: the orders (skipping any a callback holds: the next sweep sees
        # them), their flag, their events; not three per order.
        orders = list(
            PaymentOrder.objects.select_for_update(skip_locked=True)
            .filter(
                status__in=[OS.ACKNOWLEDGED, OS.PROCESSING],
                acknowledged_at__lt=cutoff,
                attention_since__isnull=True,
            )
            .order_by("id")[:1000]
        )
        if not orders:
            return 0
        PaymentOrder.objects.filter(pk__in=[o.pk for o in orders]).update(
            attention_since=now, updated_at=now
        )
        ClaimEvent.objects.bulk_create(
            [_event_row(o.claim_id, "attention", order=o, error="no final answer") for o in orders]
        )
    return len(orders)


def payments_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Find every piece of payment work that was lost and start it again (Celery beat).

    Missing schedules are created, due installments released, lost orders queued again (their
    send is idempotent), and accepted orders without a final answer shown to staff.
    """
    now = now or timezone.now()
    schedules = 0
    for claim_id in claims_without_schedule():
        try:
            if payment_schedule_create(claim_id=claim_id):
                schedules += 1
        except Exception:
            logger.exception("payment schedule of claim %s could not be created", claim_id)
    released = payments_release_due(today=timezone.localdate(now))
    lost = orders_lost(now=now)
    for order_id in lost:
        task_send("claims.tasks.payment_order_send", order_id)
    return {
        "schedules": schedules,
        "released": len(released),
        "requeued": len(lost),
        "flagged": orders_stale_flag(now=now),
    }
