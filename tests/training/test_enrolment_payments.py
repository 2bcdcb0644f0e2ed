"""Training orders to the settlement office, exactly once: one key per enrolment, month and
payee on every retry, callbacks on their own endpoint applied once and in order; the push of
the enrolment retried until acknowledged; the sweep; what the worker and staff see."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from claims.core.models import StaffAccessLog
from claims.payments.client import ACCEPTED, REJECTED, RETRY, OfficeAnswer
from common import signed_http
from tests.factories import CenterFactory, StaffFactory
from tests.training.enrolment_helpers import (
    callback_body,
    make_enrolment,
    make_institution,
    office_callback,
    pay_orders,
    report_attendance,
)
from training.enrolment import payments, services
from training.enrolment.models import TrainingPaymentCallback, TrainingPaymentOrder
from training.enrolment.selectors import enrolment_for_staff, enrolment_summary
from training.institution_api.models import InstitutionLink
from training.support.models import TrainingEvent

pytestmark = pytest.mark.django_db


class FakeOffice:
    """Answers in turn with the given outcomes; records every payload sent."""

    def __init__(self, *outcomes: str) -> None:
        self.outcomes = list(outcomes)
        self.sent: list[dict] = []

    def __call__(self, *, payload: dict, session=None) -> OfficeAnswer:
        self.sent.append(payload)
        outcome = self.outcomes.pop(0) if self.outcomes else ACCEPTED
        return OfficeAnswer(outcome, status_code=202, office_order_id="VP-1")


@pytest.fixture
def office(monkeypatch):
    fake = FakeOffice()
    monkeypatch.setattr(payments.office_client, "order_post", fake)
    return fake


def test_an_order_is_sent_under_the_same_key_until_the_office_accepts(client, office):
    office.outcomes = [RETRY, RETRY, ACCEPTED]
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1)
    order = TrainingPaymentOrder.objects.get(payee="worker")
    for _ in range(3):
        TrainingPaymentOrder.objects.filter(pk=order.pk).update(next_attempt_at=None)
        payments.training_order_send(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == "acknowledged"
    assert order.attempts == 3
    assert len(office.sent) == 3
    assert {p["idempotency_key"] for p in office.sent} == {str(order.idempotency_key)}
    assert all(p == office.sent[0] for p in office.sent)
    assert office.sent[0]["callback_url"].endswith(reverse("training:payment_callback"))
    assert office.sent[0]["amount"] == order.amount


def test_a_second_sender_of_the_same_order_does_nothing(client, office):
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1)
    order = TrainingPaymentOrder.objects.get(payee="worker")
    payments.training_order_send(order_id=order.pk)
    payments.training_order_send(order_id=order.pk)
    assert len(office.sent) == 1


def test_an_order_the_office_refuses_is_failed_and_recorded(client, office):
    office.outcomes = [REJECTED]
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1)
    order = TrainingPaymentOrder.objects.get(payee="institution")
    payments.training_order_send(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == "failed"
    assert TrainingEvent.objects.filter(kind="payment_failed").count() == 1


def test_callbacks_pay_each_order_once_whatever_is_repeated(client):
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1)
    order = TrainingPaymentOrder.objects.get(payee="worker")
    paid = callback_body(order, "paid")
    assert office_callback(client, callback_body(order, "processing")).status_code == 200
    assert office_callback(client, paid).json() == {"ok": True, "applied": True}
    # The same event again, another "paid" event, a late "processing": nothing changes.
    assert office_callback(client, paid).json()["duplicate"] is True
    assert office_callback(client, callback_body(order, "paid")).json()["applied"] is False
    assert office_callback(client, callback_body(order, "processing")).json()["applied"] is False
    order.refresh_from_db()
    assert order.status == "paid"
    assert TrainingEvent.objects.filter(kind="payment_paid").count() == 1
    assert Counter(TrainingPaymentCallback.objects.values_list("applied", flat=True)) == {
        True: 2,
        False: 2,
    }


def test_a_callback_not_signed_by_the_office_is_refused(client):
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1)
    order = TrainingPaymentOrder.objects.get(payee="worker")
    response = office_callback(client, callback_body(order), secret="not-the-office")
    assert response.status_code == 401
    unsigned = client.post(
        reverse("training:payment_callback"), data=b"{}", content_type="application/json"
    )
    assert unsigned.status_code == 401
    order.refresh_from_db()
    assert order.status == "pending"


def test_malformed_or_unknown_callbacks_are_4xx(client):
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1)
    order = TrainingPaymentOrder.objects.get(payee="worker")
    assert office_callback(client, b"not json").status_code == 400
    assert office_callback(client, callback_body(order, "paid", sequence=1)).status_code == 400
    TrainingPaymentOrder.objects.filter(pk=order.pk).update(
        idempotency_key="00000000-0000-0000-0000-000000000000"
    )
    assert office_callback(client, callback_body(order)).status_code == 404


def test_the_benefit_callback_endpoint_does_not_know_training_orders(client):
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1)
    order = TrainingPaymentOrder.objects.get(payee="worker")
    body = callback_body(order)
    response = client.post(
        reverse("claims:payment_callback"),
        data=body,
        content_type="application/json",
        headers=signed_http.sign(secret=settings.SETTLEMENT_OFFICE_SECRET, body=body),
    )
    assert response.status_code == 404


def test_the_push_is_retried_until_the_institution_acknowledges(monkeypatch):
    answers = [OfficeAnswer(RETRY, message="connection: ConnectionError"), OfficeAnswer(ACCEPTED)]
    sent = []

    def fake_post(*, institution, payload):
        sent.append((institution.code, payload))
        return answers.pop(0)

    monkeypatch.setattr(services.client, "enrolment_post", fake_post)
    enrolment = make_enrolment()
    first = services.enrolment_push(enrolment_id=enrolment.pk)
    assert first.outcome == "retry" and first.retry_in is not None
    pushes = type(enrolment).objects.filter(pk=enrolment.pk)
    pushes.update(push_next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert services.enrolment_push(enrolment_id=enrolment.pk).outcome == "skipped"  # not due
    pushes.update(push_next_attempt_at=None)
    assert services.enrolment_push(enrolment_id=enrolment.pk).outcome == "acknowledged"
    assert services.enrolment_push(enrolment_id=enrolment.pk).outcome == "skipped"
    enrolment.refresh_from_db()
    assert enrolment.push_state == "acknowledged"
    assert len(sent) == 2 and sent[0] == sent[1]
    code, payload = sent[0]
    assert code == enrolment.institution.code
    assert payload["enrolment_id"] == str(enrolment.public_id)
    assert payload["months"] == enrolment.months
    assert payload["report_url"].endswith(reverse("training:institution_reports"))
    assert TrainingEvent.objects.filter(kind="enrolment_pushed").count() == 1


def test_the_sweep_orders_tuition_once_the_institution_account_is_known(client, office):
    institution = make_institution(link=False)
    enrolment = make_enrolment(institution=institution)
    report_attendance(client, enrolment, month=1)
    assert list(TrainingPaymentOrder.objects.values_list("payee", flat=True)) == ["worker"]
    assert services.enrolments_sweep()["orders_created"] == 0
    InstitutionLink.objects.create(
        institution=institution,
        tax_code="2300999999",
        bank_code="BIDV",
        account_number="1234567890",
        account_holder="TRUONG",
    )
    assert services.enrolments_sweep()["orders_created"] == 1
    assert services.enrolments_sweep()["orders_created"] == 0
    assert sorted(TrainingPaymentOrder.objects.values_list("payee", flat=True)) == [
        "institution",
        "worker",
    ]


def test_the_worker_sees_progress_and_payments(client, django_assert_max_num_queries):
    enrolment = make_enrolment(months=3)
    report_attendance(client, enrolment, month=1, days_attended=20, days_scheduled=22)
    pay_orders(client, enrolment)
    with django_assert_max_num_queries(4):
        summary = enrolment_summary(application=enrolment.application)
    assert summary is not None
    assert summary.months_attended == 1
    assert summary.paid_to_worker == 1_000_000
    html = render_to_string("training/enrolment/_summary.html", {"enrolment_summary": summary})
    assert "Đã chuyển tiền" in html
    assert "20/22" in html
    with translation.override("en"):
        html_en = render_to_string(
            "training/enrolment/_summary.html", {"enrolment_summary": summary}
        )
    assert "20/22" in html_en


def test_staff_see_the_enrolment_and_the_view_is_logged(client):
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1)
    request = RequestFactory().get("/can-bo/dao-tao/x/")
    request.user = StaffFactory()
    summary = enrolment_for_staff(request=request, application=enrolment.application)
    assert summary is not None
    assert StaffAccessLog.objects.filter(user=request.user, page="training:enrolment").count() == 1
    html = render_to_string("training/enrolment/_staff.html", {"enrolment_summary": summary})
    assert enrolment.institution.name in html


def _failed_worker_order(client, enrolment) -> TrainingPaymentOrder:
    report_attendance(client, enrolment, month=1)
    order = TrainingPaymentOrder.objects.get(payee="worker")
    office_callback(
        client, callback_body(order, "failed", reason_code="invalid_account", reason="Sai số")
    )
    order.refresh_from_db()
    assert order.status == "failed"
    return order


def test_a_failed_order_is_reissued_once_by_the_center_under_a_new_key(client):
    from tests.training.test_enrolment_pages import client_for, officer

    enrolment = make_enrolment()
    failed = _failed_worker_order(client, enrolment)
    # Neither the sweep nor a repeated report makes a second order of that money by itself.
    assert services.enrolments_sweep()["orders_created"] == 0
    app = enrolment.application
    staff = client_for(officer(app.center))
    page = staff.get(reverse("training:staff_application", kwargs={"public_id": app.public_id}))
    reissue_url = reverse("training:staff_order_reissue", kwargs={"order_id": failed.pk})
    assert reissue_url in page.content.decode()
    assert staff.post(reissue_url).status_code == 302
    again = staff.post(reissue_url, follow=True)
    assert "không ở trạng thái không chuyển được" in again.content.decode()
    orders = list(TrainingPaymentOrder.objects.filter(payee="worker").order_by("issue"))
    assert [(o.issue, o.status) for o in orders] == [(1, "failed"), (2, "pending")]
    assert orders[1].idempotency_key != orders[0].idempotency_key
    assert orders[1].idempotency_key == TrainingPaymentOrder.key_for(
        enrolment=enrolment, month=1, payee="worker", issue=2
    )
    assert orders[1].reference.endswith("-L2")
    assert TrainingEvent.objects.filter(kind="payment_reissued", actor__isnull=False).count() == 1
    # The database refuses a second open order of the same money, whatever the code.
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingPaymentOrder.objects.filter(pk=orders[0].pk).update(status="pending")


def test_only_the_centers_staff_reissue(client):
    from tests.training.test_enrolment_pages import client_for, officer

    enrolment = make_enrolment()
    failed = _failed_worker_order(client, enrolment)
    url = reverse("training:staff_order_reissue", kwargs={"order_id": failed.pk})
    other = client_for(officer(CenterFactory(province_code="01")))
    assert other.post(url).status_code == 404
    assert client_for(enrolment.citizen).post(url).status_code in (302, 403, 404)
    assert TrainingPaymentOrder.objects.filter(payee="worker").count() == 1


def test_the_worker_is_told_of_their_meal_money_not_of_the_tuition(client):
    from claims.notifications.models import Notification

    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1, days_attended=20)
    pay_orders(client, enrolment)
    notes = Notification.objects.filter(user=enrolment.citizen)
    assert list(notes.values_list("kind", flat=True)) == ["training_meal_paid"]
    assert notes.get().params["month"] == 1


def test_the_worker_is_told_when_their_meal_money_could_not_be_paid(client):
    from claims.notifications.models import Notification

    enrolment = make_enrolment()
    _failed_worker_order(client, enrolment)
    note = Notification.objects.get(user=enrolment.citizen)
    assert note.kind == "training_meal_failed"
    assert note.params["reason"] == "Sai số"


def test_a_callback_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1)
    order = TrainingPaymentOrder.objects.get(payee="worker")
    with django_assert_max_num_queries(20):
        assert office_callback(client, callback_body(order)).status_code == 200
