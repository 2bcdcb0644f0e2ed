"""Training support's money (docs/adr/0024): a month's tuition to the institution and meal money
to the worker, ordered from the settlement office exactly once, within the 6-month cap and the
approved tuition, with their own callback endpoint.

Exactly once rests on what claims.payments does (ADR 0008), applied to these orders: one order
per enrolment, month and payee (a unique constraint), its idempotency key derived from those
three (so even a lost row could not be ordered under a second key), the same body on every
retry, and callbacks applied in sequence order under the order's row lock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from claims.notifications.services import notify
from claims.payments import client as office_client
from claims.payments.services import (
    CallbackAnswer,
    CallbackEvent,
    CallbackInvalid,
    backoff_delay,
    callback_parse,
    payee_details,
)
from common import signed_http
from common.formatting import dong
from common.tasks import task_after_commit
from eligibility.calculator.text import date_vi
from eligibility.calculator.training_money import (
    MAX_MONTHS,
    meal_money_for_month,
    tuition_for_month,
)
from identity.models import User
from training.enrolment.models import (
    AttendanceReport,
    Enrolment,
    TrainingPaymentCallback,
    TrainingPaymentOrder,
)
from training.institution_api.models import InstitutionLink
from training.support.models import TrainingEvent

OS, Payee = TrainingPaymentOrder.Status, TrainingPaymentOrder.Payee
#: Who may re-issue a failed order: the center's officers and signers (as for the benefit).
_REISSUERS = frozenset({User.Role.OFFICER, User.Role.SIGNER})
_SLACK = timedelta(seconds=1)


def _event(
    order: TrainingPaymentOrder, kind: str, *, actor: User | None = None, **data: object
) -> None:
    TrainingEvent.objects.create(
        application_id=order.enrolment.application_id,
        kind=kind,
        actor=actor,
        actor_role=actor.role if actor is not None else "system",
        data={
            "enrolment": str(order.enrolment.public_id),
            "order": order.pk,
            "reference": order.reference,
            "key": str(order.idempotency_key),
            "month": order.month,
            "payee": order.payee,
            "amount": order.amount,
            **data,
        },
    )


def callback_url() -> str:
    return f"{settings.TRAINING_CALLBACK_BASE_URL}{reverse('training:payment_callback')}"


def _payee(enrolment: Enrolment, payee: str) -> dict[str, str] | None:
    """Where this payee's money goes, as the office's order names it; None if not known yet."""
    if payee == Payee.INSTITUTION:
        link = InstitutionLink.objects.filter(institution_id=enrolment.institution_id).first()
        if link is None or not link.account_number:
            return None
        return {
            "method": "bank",
            "bank_code": link.bank_code,
            "account_number": link.account_number,
            "account_holder": link.account_holder,
            "beneficiary_name": enrolment.institution.name,
            "personal_id": link.tax_code,
        }
    application = enrolment.application
    claim = application.claim
    details = payee_details(claim) if claim is not None else {}
    base = {"beneficiary_name": enrolment.citizen.full_name, "personal_id": enrolment.personal_id}
    if details.get("method") == "bank" and details.get("account_number"):
        return {
            **base,
            "method": "bank",
            "bank_code": details["bank_code"],
            "account_number": details["account_number"],
            "account_holder": details["account_holder"],
        }
    # No bank account on file: paid in cash at the center, as the benefit can be.
    return {**base, "method": "cash", "bank_code": "", "account_number": "", "account_holder": ""}


def amount_for(*, enrolment: Enrolment, report: AttendanceReport, payee: str) -> int:
    """What this attended month pays this payee (0: nothing to order)."""
    if report.days_attended <= 0 or not 1 <= report.month <= min(enrolment.months, MAX_MONTHS):
        return 0
    if payee == Payee.INSTITUTION:
        return tuition_for_month(
            tuition=enrolment.tuition, months=enrolment.months, month=report.month
        )
    return meal_money_for_month(
        days_attended=report.days_attended,
        per_day=enrolment.meal_money_per_day,
        per_month=enrolment.meal_money_per_month,
    )


def _order_create(
    *,
    enrolment: Enrolment,
    month: int,
    payee: str,
    amount: int,
    period: tuple[date, date],
    details: dict[str, str],
    issue: int = 1,
) -> TrainingPaymentOrder:
    """A new order (the caller holds the enrolment's lock); sent after commit."""
    application = enrolment.application
    reference = f"{application.reference or 'HTHN-' + str(application.pk)}-{month:02d}"
    reference += "-HP" if payee == Payee.INSTITUTION else "-TA"
    if issue > 1:
        reference += f"-L{issue}"  # lần phát lệnh thứ n, as the benefit's re-issues
    order = TrainingPaymentOrder.objects.create(
        enrolment=enrolment,
        month=month,
        payee=payee,
        issue=issue,
        idempotency_key=TrainingPaymentOrder.key_for(
            enrolment=enrolment, month=month, payee=payee, issue=issue
        ),
        reference=reference,
        amount=amount,
        period_start=period[0],
        period_end=period[1],
        callback_url=callback_url(),
        **details,
    )
    task_after_commit("training.tasks.training_order_send", order.pk)
    return order


def orders_for_attendance(
    *, enrolment: Enrolment, report: AttendanceReport
) -> list[TrainingPaymentOrder]:
    """Order an attended month's money (the caller holds the enrolment's lock); sent after
    commit. A payee already ordered for the month (even if that order failed: staff re-issue
    it), or whose details are missing, is skipped (the sweep orders it once they are known)."""
    created: list[TrainingPaymentOrder] = []
    if months_supported(
        personal_id=enrolment.personal_id, besides=(enrolment.pk, report.month)
    ) >= (MAX_MONTHS):
        # The guard at the money: whatever the approvals said, a person is supported for at most
        # 6 months in all (Art. 37), counted over every enrolment's months with money ordered.
        capped = TrainingEvent.objects.filter(
            application_id=enrolment.application_id,
            kind="support_cap_reached",
            data__month=report.month,
        )
        if not capped.exists():  # once per month, however often the sweep looks again
            TrainingEvent.objects.create(
                application_id=enrolment.application_id,
                kind="support_cap_reached",
                actor_role="system",
                data={"enrolment": str(enrolment.public_id), "month": report.month},
            )
        return created
    for payee in (Payee.INSTITUTION, Payee.WORKER):
        amount = amount_for(enrolment=enrolment, report=report, payee=payee)
        if amount <= 0:
            continue
        ordered = TrainingPaymentOrder.objects.filter(enrolment=enrolment, payee=payee)
        if ordered.filter(month=report.month).exists():
            continue
        if payee == Payee.INSTITUTION:
            total = ordered.exclude(status=OS.FAILED).aggregate(total=Sum("amount"))["total"]
            if (total or 0) + amount > enrolment.tuition:
                continue  # never beyond the approved tuition in total
        details = _payee(enrolment, payee)
        if details is None:
            continue
        try:
            with transaction.atomic():
                order = _order_create(
                    enrolment=enrolment,
                    month=report.month,
                    payee=payee,
                    amount=amount,
                    period=(report.period_start, report.period_end),
                    details=details,
                )
                _event(order, "payment_ordered")
        except IntegrityError:  # ordered already (the sweep and a report at once)
            continue
        created.append(order)
    return created


def months_supported(*, personal_id: str, besides: tuple[int, int] | None = None) -> int:
    """How many (enrolment, month) of this person have money ordered (not failed), over all
    their enrolments; `besides` (enrolment id, month) is left out of the count."""
    months = set(
        TrainingPaymentOrder.objects.filter(enrolment__personal_id=personal_id)
        .exclude(status=OS.FAILED)
        .values_list("enrolment_id", "month")
        .distinct()
    )
    if besides is not None:
        months.discard(besides)
    return len(months)


class ReissueRefused(Exception):
    """The order cannot be re-issued (not failed, re-issued already, not this staff's center)."""


def training_order_reissue(*, order_id: int, actor: User, reason: str = "") -> TrainingPaymentOrder:
    """A new order for the money of a failed one, to the payee's details as they are now (the
    worker fixed the claim's account, the institution's account was corrected): its own key,
    and only while no other order of that money is open or paid (the database agrees)."""
    failed = TrainingPaymentOrder.objects.select_related("enrolment__application").get(pk=order_id)
    application = failed.enrolment.application
    if actor.role not in _REISSUERS or actor.center_id != application.center_id:
        raise ReissueRefused(_("Chỉ cán bộ trung tâm nhận đơn được phát lại lệnh chi."))
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("application", "institution", "citizen")
            .get(pk=failed.enrolment_id)
        )
        failed.refresh_from_db()
        same = TrainingPaymentOrder.objects.filter(
            enrolment=enrolment, month=failed.month, payee=failed.payee
        )
        if failed.status != OS.FAILED or same.exclude(status=OS.FAILED).exists():
            raise ReissueRefused(_("Lệnh chi này không ở trạng thái không chuyển được."))
        details = _payee(enrolment, failed.payee)
        if details is None:
            raise ReissueRefused(_("Chưa có tài khoản nhận tiền của cơ sở đào tạo."))
        order = _order_create(
            enrolment=enrolment,
            month=failed.month,
            payee=failed.payee,
            amount=failed.amount,
            period=(failed.period_start, failed.period_end),
            details=details,
            issue=(same.aggregate(n=Max("issue"))["n"] or 1) + 1,
        )
        _event(order, "payment_reissued", actor=actor, reissue_of=failed.pk, reason=reason)
    return order


def orders_missing() -> int:
    """Attended months whose orders are not all made (payee details added later, a crash)."""
    reports = (
        AttendanceReport.objects.filter(days_attended__gt=0)
        .annotate(
            n=Count(
                "enrolment__orders__payee",
                distinct=True,
                filter=Q(enrolment__orders__month=F("month")),
            )
        )
        .filter(n__lt=2)
        # A course without tuition has one order per month (the meal money), not two.
        .exclude(enrolment__tuition=0, n__gte=1)
        .values_list("pk", "enrolment_id")[:500]
    )
    created = 0
    for report_pk, enrolment_pk in reports:
        with transaction.atomic():
            enrolment = (
                Enrolment.objects.select_for_update()
                .select_related("application", "institution", "citizen")
                .get(pk=enrolment_pk)
            )
            report = AttendanceReport.objects.get(pk=report_pk)
            created += len(orders_for_attendance(enrolment=enrolment, report=report))
    return created


# --- Sending ---------------------------------------------------------------------------------


def training_order_send(*, order_id: int) -> float | None:
    """Send one order if due and nobody else is (a lease); returns the retry delay, if any."""
    now = timezone.now()
    claimed = (
        TrainingPaymentOrder.objects.filter(pk=order_id)
        .filter(
            Q(status=OS.PENDING, next_attempt_at__isnull=True)
            | Q(status=OS.PENDING, next_attempt_at__lte=now + _SLACK)
            | Q(status=OS.SENDING, lease_until__lt=now)
        )
        .update(
            status=OS.SENDING,
            lease_until=now + timedelta(seconds=float(settings.SETTLEMENT_LEASE_SECONDS)),
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    if not claimed:
        return None
    order = TrainingPaymentOrder.objects.get(pk=order_id)
    answer = office_client.order_post(payload=order.payload())
    now = timezone.now()
    with transaction.atomic():
        order = (
            TrainingPaymentOrder.objects.select_for_update()
            .select_related("enrolment")
            .get(pk=order_id)
        )
        if answer.office_order_id and not order.office_order_id:
            order.office_order_id = answer.office_order_id
        if order.status != OS.SENDING:  # a callback overtook the answer
            order.save(update_fields=["office_order_id", "updated_at"])
            return None
        if answer.outcome == office_client.ACCEPTED:
            order.status = OS.ACKNOWLEDGED
            order.acknowledged_at = now
            order.lease_until = order.next_attempt_at = None
            order.last_error = ""
            order.save()
            return None
        if answer.outcome == office_client.REJECTED:
            _fail(order, code=answer.error_code, reason=answer.message, now=now)
            return None
        delay = backoff_delay(attempt=order.attempts)
        if order.attempts >= int(settings.SETTLEMENT_MAX_ATTEMPTS):
            delay = float(settings.SETTLEMENT_RETRY_CAP)  # slowly, through the sweep
        order.status = OS.PENDING
        order.lease_until = None
        order.last_error = (answer.message or answer.error_code or "error")[:300]
        order.next_attempt_at = now + timedelta(seconds=delay)
        order.save()
        return delay


def _fail(order: TrainingPaymentOrder, *, code: str, reason: str, now: datetime) -> None:
    order.status = OS.FAILED
    order.failure_code = (code or "failed")[:40]
    order.failure_reason = reason
    order.finished_at = now
    order.lease_until = order.next_attempt_at = None
    order.save()
    _event(order, "payment_failed", code=order.failure_code, reason=reason)
    _tell_worker(order, "training_meal_failed", reason=reason or order.failure_code)


def _tell_worker(order: TrainingPaymentOrder, kind: str, **params: str) -> None:
    """The worker hears of their own money (the institution's tuition is not theirs to act on)."""
    if order.payee != Payee.WORKER:
        return
    enrolment = Enrolment.objects.select_related("application__course", "citizen").get(
        pk=order.enrolment_id
    )
    with translation.override("vi"):
        amount = dong(order.amount)
    notify(
        user=enrolment.citizen,
        kind=kind,
        params={
            "month": order.month,
            "amount": amount,
            "course": enrolment.application.course.title,
            "period": f"{date_vi(order.period_start)} – {date_vi(order.period_end)}",
            **params,
        },
        claim=enrolment.application.claim,
    )


def orders_lost(*, now: datetime) -> list[int]:
    """Orders whose send is due or whose sender's lease ran out: queued again."""
    grace = now - timedelta(seconds=float(settings.SETTLEMENT_SWEEP_GRACE))
    ids = list(
        TrainingPaymentOrder.objects.filter(
            Q(status=OS.PENDING, next_attempt_at__lte=now)
            | Q(status=OS.PENDING, next_attempt_at__isnull=True, created_at__lt=grace)
            | Q(status=OS.SENDING, lease_until__lt=now)
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        task_after_commit("training.tasks.training_order_send", pk)
    return ids


# --- The settlement office's callbacks --------------------------------------------------------


def training_callback_receive(*, headers: object, body: bytes) -> CallbackAnswer:
    """Check, log and apply one callback of the office for a training order."""
    try:
        signed_http.verify(
            secret=settings.SETTLEMENT_OFFICE_SECRET,
            headers=headers,  # type: ignore[arg-type]
            body=body,
            tolerance=int(settings.SETTLEMENT_CALLBACK_TOLERANCE),
        )
    except signed_http.SignatureError as error:
        return CallbackAnswer(401, {"error": "signature", "reason": error.reason})
    try:
        event = callback_parse(body)
    except CallbackInvalid as error:
        return CallbackAnswer(400, {"error": "malformed", "field": str(error)})
    order_id = (
        TrainingPaymentOrder.objects.filter(idempotency_key=event.idempotency_key)
        .values_list("pk", flat=True)
        .first()
    )
    if order_id is None:
        return CallbackAnswer(404, {"error": "unknown_order"})
    return training_callback_apply(order_id=order_id, event=event)


def training_callback_apply(*, order_id: int, event: CallbackEvent) -> CallbackAnswer:
    with transaction.atomic():
        order = (
            TrainingPaymentOrder.objects.select_for_update()
            .select_related("enrolment")
            .get(pk=order_id)
        )
        if TrainingPaymentCallback.objects.filter(event_id=event.event_id).exists():
            return CallbackAnswer(200, {"ok": True, "duplicate": True})
        applies = order.status not in TrainingPaymentOrder.FINAL and (
            event.sequence > order.last_sequence
        )
        try:
            with transaction.atomic():
                TrainingPaymentCallback.objects.create(
                    order=order,
                    event_id=event.event_id,
                    sequence=event.sequence,
                    status=event.status,
                    reason_code=event.reason_code,
                    reason=event.reason,
                    occurred_at=event.occurred_at,
                    applied=applies,
                )
        except IntegrityError:  # the same event delivered twice at once
            return CallbackAnswer(200, {"ok": True, "duplicate": True})
        if not applies:
            return CallbackAnswer(200, {"ok": True, "applied": False})
        now = timezone.now()
        if event.office_order_id and not order.office_order_id:
            order.office_order_id = event.office_order_id
        order.last_sequence = event.sequence
        order.lease_until = order.next_attempt_at = None
        order.acknowledged_at = order.acknowledged_at or now
        if event.status == "processing":
            order.status = OS.PROCESSING
            order.save()
        elif event.status == "paid":
            order.status = OS.PAID
            order.finished_at = now
            order.save()
            _event(order, "payment_paid")
            _tell_worker(order, "training_meal_paid")
        else:
            _fail(order, code=event.reason_code, reason=event.reason, now=now)
    return CallbackAnswer(200, {"ok": True, "applied": True})
