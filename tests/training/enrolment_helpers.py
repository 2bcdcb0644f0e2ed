"""Helpers for the training-institution API in tests: an approved application's enrolment, and
reports and callbacks signed as the institution and the settlement office sign them.

    enrolment = make_enrolment(months=3)
    response = report_attendance(client, enrolment, month=1, days_attended=20)
    pay_orders(client, enrolment)  # the office's "paid" callbacks for its orders

`client` is Django's test client, or a live server's base URL (a str: requests is used).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import requests
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from common import institution_keys, signed_http
from tests.factories import CenterFactory, CitizenFactory
from training.catalogue.models import Course, Institution
from training.enrolment.models import Enrolment, TrainingPaymentOrder
from training.enrolment.services import enrolment_open
from training.institution_api.models import InstitutionLink
from training.support.models import TrainingApplication

TUITION = 4_500_000
PER_DAY = 50_000
PER_MONTH = 1_100_000


def make_institution(
    code: str | None = None, *, link: bool = True, **link_fields: Any
) -> Institution:
    code = code or f"cs-{uuid.uuid4().hex[:8]}"
    institution = Institution.objects.create(
        name=f"Trường Cao đẳng {code}",
        code=code,
        province_code="24",
        address="Bắc Ninh",
        license_number="123/GCN-GDNN",
    )
    if link:
        InstitutionLink.objects.create(
            institution=institution,
            **{
                "tax_code": "2300123456",
                "bank_code": "VCB",
                "account_number": "0011001234567",
                "account_holder": "TRUONG CAO DANG",
                **link_fields,
            },
        )
    return institution


def make_enrolment(
    *,
    months: int = 3,
    tuition: int = TUITION,
    per_day: int = PER_DAY,
    per_month: int = PER_MONTH,
    start: date | None = None,
    institution: Institution | None = None,
    citizen: Any = None,
    claim: Any = None,
) -> Enrolment:
    """An approved application for a course that started `start` (default: 3 months ago, so
    months 1-3 have begun) and its enrolment, opened as the approval does."""
    institution = institution or make_institution()
    start = start or (timezone.localdate() - timedelta(days=100))
    course = Course.objects.create(
        institution=institution,
        title="Kỹ năng số cho công nhân",
        field=Course.Field.DIGITAL_SKILLS,
        level=Course.Level.SHORT,
        province_code="24",
        address="Bắc Ninh",
        start_date=start,
        duration_months=months,
        seats=30,
        tuition=tuition,
    )
    citizen = citizen or CitizenFactory()
    application = TrainingApplication.objects.create(
        citizen=citizen,
        personal_id=citizen.personal_id,
        claim=claim,
        course=course,
        center=CenterFactory(),
        state=TrainingApplication.State.APPROVED,
        path=TrainingApplication.Path.RECIPIENT,
        rule_identifier="test",
        approved_months=months,
        approved_tuition=tuition,
        meal_money_per_day=per_day,
        meal_money_per_month=per_month,
    )
    return enrolment_open(application=application)


def signed_headers(body: bytes, *, code: str, secret: str | None = None, **kw: Any) -> dict:
    key = secret or institution_keys.derived_key(
        master=settings.TRAINING_INSTITUTION_SECRET, code=code
    )
    return {
        **signed_http.sign(secret=key, body=body, **kw),
        institution_keys.INSTITUTION_HEADER: code,
    }


def _post(client: Any, path: str, body: bytes, headers: dict) -> Any:
    if isinstance(client, str):
        return requests.post(
            client.rstrip("/") + path,
            data=body,
            headers={**headers, "Content-Type": "application/json"},
            timeout=30,
        )
    return client.post(path, data=body, content_type="application/json", headers=headers)


def post_report(
    client: Any,
    payload: dict[str, Any],
    *,
    code: str,
    body: bytes | None = None,
    secret: str | None = None,
    signed: bool = True,
    **sign_kw: Any,
) -> Any:
    """POST a report (or raw `body`) to the portal as institution `code` signs it."""
    data = signed_http.dumps(payload) if body is None else body
    headers = signed_headers(data, code=code, secret=secret, **sign_kw) if signed else {}
    return _post(client, reverse("training:institution_reports"), data, headers)


def attendance_payload(
    enrolment: Enrolment,
    *,
    month: int = 1,
    days_attended: int = 20,
    days_scheduled: int = 22,
    report_id: str | None = None,
) -> dict[str, Any]:
    return {
        "report_id": report_id or str(uuid.uuid4()),
        "enrolment_id": str(enrolment.public_id),
        "kind": "attendance",
        "month": month,
        "days_attended": days_attended,
        "days_scheduled": days_scheduled,
    }


def report_attendance(client: Any, enrolment: Enrolment, **fields: Any) -> Any:
    """Report one month's attendance as the enrolment's institution does (signed)."""
    return post_report(
        client, attendance_payload(enrolment, **fields), code=enrolment.institution.code
    )


def callback_body(order: TrainingPaymentOrder, status: str = "paid", **extra: Any) -> bytes:
    return signed_http.dumps(
        {
            "event_id": str(uuid.uuid4()),
            "idempotency_key": str(order.idempotency_key),
            "office_order_id": order.office_order_id or "VP-TEST",
            "sequence": 1 if status == "processing" else 2,
            "status": status,
            "reason_code": "",
            "reason": "",
            "occurred_at": timezone.localtime().isoformat(timespec="seconds"),
            **extra,
        }
    )


def office_callback(client: Any, body: bytes, *, secret: str | None = None) -> Any:
    """POST a callback to the training orders' endpoint, signed as the settlement office."""
    headers = signed_http.sign(secret=secret or settings.SETTLEMENT_OFFICE_SECRET, body=body)
    return _post(client, reverse("training:payment_callback"), body, headers)


def pay_orders(client: Any, enrolment: Enrolment) -> list[Any]:
    """The office's "paid" callback for every open order of the enrolment."""
    orders = TrainingPaymentOrder.objects.filter(enrolment=enrolment).exclude(
        status__in=TrainingPaymentOrder.FINAL
    )
    return [office_callback(client, callback_body(order)) for order in orders]
