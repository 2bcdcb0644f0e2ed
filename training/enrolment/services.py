"""The only code that changes an enrolment: open it, push it to the institution, take the
institution's reports (attendance, completion, dropout) exactly once (docs/adr/0024).

A report is recognised by its own id (ReportReceipt): the same report again changes nothing and
is answered as a duplicate; every accepted report and every state change is a TrainingEvent on
the application. An attended month's money is ordered in the same transaction as the report
(training.enrolment.payments), so a report is never accepted without its orders.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from claims.notifications.services import notify
from claims.payments import client as office_client
from claims.payments.services import backoff_delay
from common import signed_http
from common.tasks import task_after_commit
from eligibility.calculator.text import date_vi
from eligibility.calculator.training_money import MAX_MONTHS, month_period
from training.catalogue.models import Institution
from training.enrolment import client, payments
from training.enrolment.models import AttendanceReport, Completion, Enrolment, ReportReceipt
from training.support.models import TrainingApplication, TrainingEvent

ES, PS = Enrolment.State, Enrolment.Push
#: TrainingEvent.actor_role of what an institution's system reported (an outside system).
INSTITUTION_ROLE = "external"
_SLACK = timedelta(seconds=1)


class EnrolmentError(Exception):
    """The application cannot be enrolled (not approved, nothing approved)."""


def event_add(
    enrolment: Enrolment,
    kind: str,
    *,
    role: str = "system",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    **data: Any,
) -> None:
    """One append-only event on the enrolment's application (its single history)."""
    TrainingEvent.objects.create(
        application_id=enrolment.application_id,
        kind=kind[:40],
        actor=None,
        actor_role=role,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data={"enrolment": str(enrolment.public_id), **data},
    )


# --- Opening and pushing ---------------------------------------------------------------------


def enrolment_open(*, application: TrainingApplication) -> Enrolment:
    """The enrolment of an approved application (created once; a second call returns it), pushed
    to the institution after commit. Called by the approval's signature (training.support)."""
    existing = Enrolment.objects.filter(application_id=application.pk).first()
    if existing is not None:
        return existing
    if application.state != TrainingApplication.State.APPROVED:
        raise EnrolmentError(f"application {application.pk} is {application.state}")
    months = min(application.approved_months or 0, MAX_MONTHS)
    if months < 1:
        raise EnrolmentError(f"application {application.pk} has no approved months")
    course = application.course
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                application=application,
                institution_id=course.institution_id,
                citizen_id=application.citizen_id,
                personal_id=application.personal_id,
                start_date=course.start_date,
                months=months,
                tuition=max(application.approved_tuition or 0, 0),
                meal_money_per_day=max(application.meal_money_per_day or 0, 0),
                meal_money_per_month=max(application.meal_money_per_month or 0, 0),
            )
            event_add(enrolment, "enrolment_opened", to_state=ES.STUDYING, months=months)
    except IntegrityError:  # opened by a concurrent call: that one is the enrolment
        return Enrolment.objects.get(application_id=application.pk)
    task_after_commit("training.tasks.enrolment_push", enrolment.pk)
    return enrolment


def report_url() -> str:
    return f"{settings.TRAINING_CALLBACK_BASE_URL}{reverse('training:institution_reports')}"


def enrolment_payload(enrolment: Enrolment) -> dict[str, Any]:
    """What the institution is told: who, which course, when, for how many months."""
    application = enrolment.application
    return {
        "enrolment_id": str(enrolment.public_id),
        "institution_code": enrolment.institution.code,
        "institution_name": enrolment.institution.name,
        "course_title": application.course.title,
        "learner_name": application.citizen.full_name,
        "personal_id": enrolment.personal_id,
        "start_date": enrolment.start_date.isoformat(),
        "months": enrolment.months,
        "report_url": report_url(),
    }


def _push_due_q(now: Any) -> Q:
    return (
        Q(push_state=PS.PENDING, push_next_attempt_at__isnull=True)
        | Q(push_state=PS.PENDING, push_next_attempt_at__lte=now + _SLACK)
        | Q(push_state=PS.SENDING, push_lease_until__lt=now)
    )


@dataclass(frozen=True)
class PushResult:
    outcome: str  # skipped | acknowledged | retry
    retry_in: float | None = None


def enrolment_push(*, enrolment_id: int) -> PushResult:
    """Send the enrolment to its institution until it is acknowledged (safe to run twice: a
    lease claims it; the institution recognises the same enrolment id pushed again)."""
    now = timezone.now()
    lease = now + timedelta(seconds=float(settings.TRAINING_INSTITUTION_TIMEOUT) + 30)
    claimed = Enrolment.objects.filter(_push_due_q(now), pk=enrolment_id).update(
        push_state=PS.SENDING, push_lease_until=lease, push_attempts=F("push_attempts") + 1
    )
    if not claimed:
        return PushResult("skipped")
    enrolment = Enrolment.objects.select_related(
        "institution", "application__course", "application__citizen"
    ).get(pk=enrolment_id)
    answer = client.enrolment_post(
        institution=enrolment.institution, payload=enrolment_payload(enrolment)
    )
    now = timezone.now()
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment_id)
        if answer.outcome == office_client.ACCEPTED:
            enrolment.push_state = PS.ACKNOWLEDGED
            enrolment.pushed_at = now
            enrolment.push_lease_until = enrolment.push_next_attempt_at = None
            enrolment.push_last_error = ""
            enrolment.save()
            event_add(enrolment, "enrolment_pushed", attempts=enrolment.push_attempts)
            return PushResult("acknowledged")
        # Rejected or not answered: keep trying (a refusal is a configuration to fix, shown to
        # staff as the last error), slowly once many tries have failed.
        delay = backoff_delay(attempt=enrolment.push_attempts)
        if answer.outcome == office_client.REJECTED:
            delay = float(settings.SETTLEMENT_RETRY_CAP)
        enrolment.push_state = PS.PENDING
        enrolment.push_lease_until = None
        enrolment.push_next_attempt_at = now + timedelta(seconds=delay)
        enrolment.push_last_error = (answer.message or answer.outcome)[:300]
        enrolment.save()
    return PushResult("retry", retry_in=delay)


# --- The institution's reports ---------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What the API answers: the HTTP status and the JSON body."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)


class _Refusal(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.answer = Answer(status, {"error": code, "message": message, **extra})


KINDS = ("attendance", "completion", "dropout")


def _int(data: dict[str, Any], name: str, low: int, high: int) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Refusal(
            400, "invalid_field", f"{name} must be a whole number {low}-{high}", field=name
        )
    return value


def _text(data: dict[str, Any], name: str, limit: int, *, required: bool = True) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise _Refusal(400, "invalid_field", f"{name} must be text up to {limit}", field=name)
    if required and not value.strip():
        raise _Refusal(400, "missing_field", f"{name} is required", field=name)
    return value.strip()


def _date(data: dict[str, Any], name: str) -> date:
    raw = _text(data, name, 10)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _Refusal(400, "invalid_field", f"{name} must be YYYY-MM-DD", field=name) from None


def _uuid(data: dict[str, Any], name: str) -> uuid.UUID:
    try:
        return uuid.UUID(_text(data, name, 40))
    except ValueError:
        raise _Refusal(400, "invalid_field", f"{name} must be a UUID", field=name) from None


def _parse(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Refusal(400, "invalid_json", "the body is not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise _Refusal(400, "invalid_json", "the body must be a JSON object")
    return data


def report_receive(*, institution: Institution, body: bytes) -> Answer:
    """Take one signed report from `institution` (the signature is checked by the caller)."""
    try:
        return _report_receive(institution=institution, body=body)
    except _Refusal as refusal:
        return refusal.answer


def _report_receive(*, institution: Institution, body: bytes) -> Answer:
    data = _parse(body)
    kind = data.get("kind")
    if kind not in KINDS:
        raise _Refusal(400, "invalid_field", "kind must be attendance, completion or dropout")
    report_id = _uuid(data, "report_id")
    enrolment_key = _uuid(data, "enrolment_id")
    digest = hashlib.sha256(signed_http.dumps(data)).hexdigest()
    # An institution sees only its own enrolments: another's is "unknown", as a missing one.
    enrolment_pk = (
        Enrolment.objects.filter(public_id=enrolment_key, institution=institution)
        .values_list("pk", flat=True)
        .first()
    )
    if enrolment_pk is None:
        raise _Refusal(404, "unknown_enrolment", "no such enrolment at this institution")
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment_pk)
        seen = ReportReceipt.objects.filter(report_id=report_id).first()
        if seen is not None:
            if seen.enrolment_id == enrolment.pk and seen.body_sha256 == digest:
                return Answer(200, {"ok": True, "duplicate": True, "report_id": str(report_id)})
            raise _Refusal(409, "report_id_conflict", "this report id was sent with another body")
        if kind == "attendance":
            result = _attendance(enrolment, data, report_id)
        elif kind == "completion":
            result = _completion(enrolment, data, report_id)
        else:
            result = _dropout(enrolment, data, report_id)
        ReportReceipt.objects.create(
            report_id=report_id, enrolment=enrolment, kind=kind, body_sha256=digest
        )
    return Answer(201, {"ok": True, "duplicate": False, "report_id": str(report_id), **result})


def _ended_before(enrolment: Enrolment, period_start: date) -> bool:
    return enrolment.ended_on is not None and period_start > enrolment.ended_on


def _attendance(enrolment: Enrolment, data: dict[str, Any], report_id: uuid.UUID) -> dict:
    month = _int(data, "month", 1, 36)
    scheduled = _int(data, "days_scheduled", 1, 31)
    attended = _int(data, "days_attended", 0, 31)
    if attended > scheduled:
        raise _Refusal(
            400, "invalid_field", "days_attended exceeds days_scheduled", field="days_attended"
        )
    if month > enrolment.months:
        # The approval's months, never more than the 6-month cap (Art. 37).
        raise _Refusal(
            422,
            "month_not_supported",
            f"only months 1-{enrolment.months} are supported",
            field="month",
        )
    start, end = month_period(start=enrolment.start_date, month=month)
    today = timezone.localdate()
    if start > today:
        raise _Refusal(422, "month_not_started", "this month has not started", field="month")
    if _ended_before(enrolment, start):
        # The worker left (or finished) before this month: nothing is paid for it.
        raise _Refusal(409, "enrolment_ended", f"the enrolment ended on {enrolment.ended_on}")
    if AttendanceReport.objects.filter(enrolment=enrolment, month=month).exists():
        raise _Refusal(409, "month_already_reported", "this month's attendance is reported already")
    report = AttendanceReport.objects.create(
        enrolment=enrolment,
        report_id=report_id,
        month=month,
        period_start=start,
        period_end=end,
        days_attended=attended,
        days_scheduled=scheduled,
        late=today > end,
    )
    event_add(
        enrolment,
        "attendance_received",
        role=INSTITUTION_ROLE,
        month=month,
        days_attended=attended,
        days_scheduled=scheduled,
        late=report.late,
    )
    orders = payments.orders_for_attendance(enrolment=enrolment, report=report)
    return {"month": month, "late": report.late, "orders": len(orders)}


def _end(enrolment: Enrolment, *, to: str, on: date, kind: str, **data: Any) -> None:
    if enrolment.state != ES.STUDYING:
        raise _Refusal(409, "enrolment_ended", f"the enrolment is {enrolment.state} already")
    if on < enrolment.start_date:
        raise _Refusal(400, "invalid_field", "the date is before the course started")
    if on > timezone.localdate():
        raise _Refusal(422, "date_in_future", "an end is reported once it has happened")
    last_reported = AttendanceReport.objects.filter(enrolment=enrolment).order_by("-month").first()
    if last_reported is not None and last_reported.period_start > on:
        raise _Refusal(
            409, "after_reported_month", f"month {last_reported.month} was reported after that date"
        )
    before = enrolment.state
    enrolment.state = to
    enrolment.ended_on = on
    enrolment.save()
    event_add(enrolment, kind, role=INSTITUTION_ROLE, from_state=before, to_state=to, **data)


def _tell_worker(enrolment: Enrolment, kind: str, **params: str) -> None:
    application = TrainingApplication.objects.select_related("course", "citizen").get(
        pk=enrolment.application_id
    )
    notify(
        user=application.citizen,
        kind=kind,
        params={"course": application.course.title, **params},
        claim=application.claim,
    )


def _completion(enrolment: Enrolment, data: dict[str, Any], report_id: uuid.UUID) -> dict:
    number = _text(data, "certificate_number", 60)
    on = _date(data, "completed_on")
    _end(enrolment, to=ES.COMPLETED, on=on, kind="course_completed", certificate=number)
    Completion.objects.create(
        enrolment=enrolment, report_id=report_id, certificate_number=number, completed_on=on
    )
    _tell_worker(enrolment, "training_completed", certificate=number)
    return {"state": ES.COMPLETED}


def _dropout(enrolment: Enrolment, data: dict[str, Any], report_id: uuid.UUID) -> dict:
    on = _date(data, "dropped_on")
    reason = _text(data, "reason", 300, required=False)
    enrolment.dropout_reason = reason
    enrolment.dropout_report_id = report_id
    _end(enrolment, to=ES.DROPPED, on=on, kind="course_dropped", reason=reason)
    _tell_worker(enrolment, "training_dropped", day=date_vi(on))
    return {"state": ES.DROPPED}


# --- The sweep -------------------------------------------------------------------------------


def enrolments_sweep() -> dict[str, int]:
    """Periodic: enrolments not yet acknowledged, attended months without their orders, orders
    lost. Everything it finds is a row, so a lost task only delays the work."""
    now = timezone.now()
    pushes = list(Enrolment.objects.filter(_push_due_q(now)).values_list("pk", flat=True)[:500])
    for pk in pushes:
        task_after_commit("training.tasks.enrolment_push", pk)
    created = payments.orders_missing()
    resent = payments.orders_lost(now=now)
    return {"pushes": len(pushes), "orders_created": created, "orders_resent": len(resent)}
