"""The only code that changes the stand-in's state: receive enrolments, write and send reports."""

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

from common import institution_keys, signed_http
from settlement_office import faults
from training_institution import conf
from training_institution.models import Enrolment, Report, StandinSettings
from training_institution.wire import EnrolmentIn

log = logging.getLogger("training_institution")


# --- Settings row -----------------------------------------------------------------------


def standin_settings_get() -> StandinSettings:
    row, _ = StandinSettings.objects.get_or_create(pk=1, defaults=conf.get("STANDIN_DEFAULTS"))
    return row


def standin_settings_update(**values: Any) -> StandinSettings:
    with transaction.atomic():
        StandinSettings.objects.update_or_create(pk=1, defaults=values)
    return standin_settings_get()


# --- Receiving an enrolment ----------------------------------------------------------------


class EnrolmentConflict(Exception):
    """The enrolment id is known with another body (409)."""


@dataclass(frozen=True)
class Received:
    enrolment: Enrolment
    duplicate: bool


def enrolment_receive(*, enrolment_in: EnrolmentIn) -> Received:
    """Store a new enrolment, or recognise the same one pushed again (the portal's retry)."""
    p = enrolment_in.payload
    key = uuid.UUID(str(p["enrolment_id"]))
    known = Enrolment.objects.filter(enrolment_id=key).first()
    if known is None:
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    enrolment_id=key,
                    institution_code=p["institution_code"],
                    institution_name=p["institution_name"],
                    course_title=p["course_title"],
                    learner_name=p["learner_name"],
                    personal_id=p["personal_id"],
                    start_date=dt.date.fromisoformat(p["start_date"]),
                    months=p["months"],
                    report_url=p["report_url"],
                    body_sha256=enrolment_in.body_sha256,
                    payload=p,
                    received_at=timezone.now(),
                )
            log.info("enrolment %s received (%s)", key, p["institution_code"])
            return Received(enrolment=enrolment, duplicate=False)
        except IntegrityError:  # the same push on another thread at the same moment
            known = Enrolment.objects.get(enrolment_id=key)
    if known.body_sha256 != enrolment_in.body_sha256:
        raise EnrolmentConflict(str(key))
    Enrolment.objects.filter(pk=known.pk).update(times_received=F("times_received") + 1)
    return Received(enrolment=known, duplicate=True)


# --- Writing reports (the clerk's page) ------------------------------------------------------


def report_create(*, enrolment: Enrolment, kind: str, **fields: Any) -> Report:
    """A report to send: attendance (month, days_attended, days_scheduled), completion
    (certificate_number, completed_on) or dropout (dropped_on, reason)."""
    cfg = standin_settings_get()
    report_id = uuid.uuid4()
    body = signed_http.dumps(
        {
            "report_id": str(report_id),
            "enrolment_id": str(enrolment.enrolment_id),
            "kind": kind,
            **{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()},
            "reported_at": timezone.localtime().isoformat(timespec="seconds"),
        }
    ).decode()
    with transaction.atomic():
        report = Report.objects.create(
            enrolment=enrolment,
            report_id=report_id,
            kind=kind,
            body=body,
            send_twice=faults.roll(cfg.duplicate_reports),
            next_attempt_at=timezone.now() + dt.timedelta(seconds=max(cfg.report_delay, 0.0)),
        )
        state = {"completion": Enrolment.State.COMPLETED, "dropout": Enrolment.State.DROPPED}
        if kind in state:
            Enrolment.objects.filter(pk=enrolment.pk).update(state=state[kind])
    return report


def report_resend(*, report_id: int) -> bool:
    """Send a finished report once more, unchanged (the clerk's "send again": a duplicate)."""
    return bool(
        Report.objects.filter(pk=report_id)
        .exclude(state__in=(Report.State.PENDING, Report.State.SENDING))
        .update(state=Report.State.PENDING, attempts=0, next_attempt_at=timezone.now())
    )


# --- Delivering reports --------------------------------------------------------------------


def _due_q(now: dt.datetime) -> Q:
    return Q(state=Report.State.PENDING, next_attempt_at__lte=now) | Q(
        state=Report.State.SENDING, lease_until__lt=now
    )


def reports_claim(*, limit: int = 50) -> list[int]:
    """Claim due reports (conditional update: one claimer wins)."""
    now = timezone.now()
    candidates = list(
        Report.objects.filter(_due_q(now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    lease = now + dt.timedelta(seconds=conf.get("REPORT_TIMEOUT") * 3 + 30)
    return [
        pk
        for pk in candidates
        if Report.objects.filter(_due_q(now), pk=pk).update(
            state=Report.State.SENDING, lease_until=lease
        )
        == 1
    ]


_sessions = threading.local()


def _session() -> requests.Session:
    session = getattr(_sessions, "session", None)
    if session is None:
        session = _sessions.session = requests.Session()
    return session


def _post(*, url: str, code: str, body: bytes) -> tuple[int | None, str]:
    key = institution_keys.derived_key(master=conf.get("TRAINING_INSTITUTION_SECRET"), code=code)
    headers = {
        **signed_http.sign(secret=key, body=body),
        institution_keys.INSTITUTION_HEADER: code,
        "Content-Type": "application/json",
    }
    try:
        response = _session().post(
            url, data=body, headers=headers, timeout=conf.get("REPORT_TIMEOUT")
        )
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"[:300]
    return response.status_code, response.text[:300]


def _backoff(attempts: int) -> float:
    return min(
        conf.get("REPORT_BACKOFF") * 2 ** max(attempts - 1, 0), conf.get("REPORT_BACKOFF_MAX")
    )


def report_deliver(*, report_id: int) -> str:
    """POST one claimed report; 2xx delivered, 4xx refused (final), else retried later."""
    report = Report.objects.select_related("enrolment").get(pk=report_id)
    if report.state != Report.State.SENDING:
        return "skipped"
    enrolment = report.enrolment
    body = report.body.encode()
    code, answer = _post(url=enrolment.report_url, code=enrolment.institution_code, body=body)
    deliveries = 0
    if code is not None and 200 <= code < 300:
        deliveries = 1
        if report.send_twice:  # the injected duplicate: the very same report once more
            second, second_answer = _post(
                url=enrolment.report_url, code=enrolment.institution_code, body=body
            )
            deliveries += 1 if second is not None and 200 <= second < 300 else 0
            answer = second_answer or answer
    attempts = report.attempts + 1
    now = timezone.now()
    if deliveries or (code is not None and 400 <= code < 500 and code not in (408, 429)):
        state = Report.State.DELIVERED if deliveries else Report.State.REFUSED
    elif attempts >= max(standin_settings_get().report_attempts, 1):
        state = Report.State.ABANDONED
    else:
        state = Report.State.PENDING
    Report.objects.filter(pk=report.pk).update(
        state=state,
        lease_until=None,
        attempts=attempts,
        deliveries=F("deliveries") + deliveries,
        delivered_at=now if deliveries else None,
        next_attempt_at=now + dt.timedelta(seconds=_backoff(attempts)),
        last_status_code=code,
        last_answer=answer,
    )
    log.info("report %s %s: %s %s", report.report_id, report.kind, state, code)
    return str(state)


def reports_recover() -> int:
    """At start: reports that were being sent when the process died are due again."""
    return Report.objects.filter(state=Report.State.SENDING).update(
        state=Report.State.PENDING, lease_until=None, next_attempt_at=timezone.now()
    )
