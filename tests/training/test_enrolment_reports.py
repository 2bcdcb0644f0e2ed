"""Attendance, completion and dropout as the institution reports them: exactly once by report
id, late reports accepted and paid once, the approved months and the 6-month cap, the dropout
stops the payments (docs/adr/0024)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from claims.notifications.models import Notification
from tests.factories import CitizenFactory
from tests.training.enrolment_helpers import (
    PER_DAY,
    PER_MONTH,
    TUITION,
    make_enrolment,
    post_report,
    report_attendance,
)
from training.enrolment import services
from training.enrolment.models import (
    AttendanceReport,
    Completion,
    Enrolment,
    TrainingPaymentOrder,
)
from training.enrolment.selectors import enrolment_summary
from training.enrolment.services import EnrolmentError, enrolment_open
from training.support.models import TrainingEvent

pytestmark = pytest.mark.django_db


def orders(enrolment: Enrolment) -> list[tuple[int, str, int]]:
    return list(
        TrainingPaymentOrder.objects.filter(enrolment=enrolment)
        .order_by("month", "payee")
        .values_list("month", "payee", "amount")
    )


def end_report(enrolment: Enrolment, kind: str, **fields) -> dict:
    return {
        "report_id": str(uuid.uuid4()),
        "enrolment_id": str(enrolment.public_id),
        "kind": kind,
        **fields,
    }


def test_an_attended_month_orders_tuition_and_meal_money_once(client):
    enrolment = make_enrolment(months=3)
    response = report_attendance(client, enrolment, month=1, days_attended=20, days_scheduled=22)
    assert response.status_code == 201
    assert response.json()["orders"] == 2
    assert orders(enrolment) == [
        (1, "institution", TUITION // 3),
        (1, "worker", 20 * PER_DAY),
    ]
    keys = set(TrainingPaymentOrder.objects.values_list("idempotency_key", flat=True))
    assert keys == {
        TrainingPaymentOrder.key_for(enrolment=enrolment, month=1, payee=p)
        for p in ("institution", "worker")
    }


def test_the_same_report_twice_is_answered_as_a_duplicate_and_changes_nothing(client):
    enrolment = make_enrolment()
    report_id = str(uuid.uuid4())
    first = report_attendance(client, enrolment, month=1, report_id=report_id)
    events = TrainingEvent.objects.count()
    second = report_attendance(client, enrolment, month=1, report_id=report_id)
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["duplicate"] is True
    assert AttendanceReport.objects.count() == 1
    assert len(orders(enrolment)) == 2
    assert TrainingEvent.objects.count() == events


def test_the_same_report_id_with_another_body_is_a_conflict(client):
    enrolment = make_enrolment()
    report_id = str(uuid.uuid4())
    report_attendance(client, enrolment, month=1, days_attended=20, report_id=report_id)
    response = report_attendance(client, enrolment, month=1, days_attended=5, report_id=report_id)
    assert (response.status_code, response.json()["error"]) == (409, "report_id_conflict")
    assert AttendanceReport.objects.get().days_attended == 20


def test_a_second_report_for_a_month_is_refused_and_pays_nothing_more(client):
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1, days_attended=20)
    response = report_attendance(client, enrolment, month=1, days_attended=22)
    assert (response.status_code, response.json()["error"]) == (409, "month_already_reported")
    assert len(orders(enrolment)) == 2


def test_a_late_report_is_accepted_and_paid_once(client):
    start = date(2026, 3, 2)
    with time_machine.travel(date(2026, 3, 10), tick=False):
        enrolment = make_enrolment(months=3, start=start)
    # Month 1 is 2026-03-02..04-01; reported on 05-20, weeks after it ended.
    with time_machine.travel(date(2026, 5, 20), tick=False):
        response = report_attendance(client, enrolment, month=1, days_attended=18)
        again = report_attendance(client, enrolment, month=1, days_attended=18)
    assert response.status_code == 201
    assert response.json()["late"] is True
    assert again.status_code == 409
    report = AttendanceReport.objects.get()
    assert (report.period_start, report.period_end, report.late) == (
        date(2026, 3, 2),
        date(2026, 4, 1),
        True,
    )
    assert len(orders(enrolment)) == 2


def test_a_month_not_yet_begun_is_refused(client):
    start = date(2026, 3, 2)
    with time_machine.travel(date(2026, 3, 10), tick=False):
        enrolment = make_enrolment(months=3, start=start)
        response = report_attendance(client, enrolment, month=2)
    assert (response.status_code, response.json()["error"]) == (422, "month_not_started")
    assert not orders(enrolment)


def test_tuition_is_spread_and_the_last_month_takes_the_rounding(client):
    enrolment = make_enrolment(months=3, tuition=4_500_002)
    for month in (1, 2, 3):
        assert report_attendance(client, enrolment, month=month).status_code == 201
    tuition = [a for _, p, a in orders(enrolment) if p == "institution"]
    assert tuition == [1_500_000, 1_500_000, 1_500_002]
    assert sum(tuition) == 4_500_002


def test_meal_money_is_per_day_attended_up_to_the_monthly_figure(client):
    enrolment = make_enrolment(months=3)
    report_attendance(client, enrolment, month=1, days_attended=10, days_scheduled=22)
    report_attendance(client, enrolment, month=2, days_attended=26, days_scheduled=26)
    report_attendance(client, enrolment, month=3, days_attended=0, days_scheduled=22)
    meal = [(m, a) for m, p, a in orders(enrolment) if p == "worker"]
    assert meal == [(1, 10 * PER_DAY), (2, PER_MONTH)]
    # A month with no day attended pays neither payee.
    assert not [o for o in orders(enrolment) if o[0] == 3]


def test_months_beyond_the_approved_ones_are_refused(client):
    enrolment = make_enrolment(months=2, start=timezone.localdate() - timedelta(days=200))
    response = report_attendance(client, enrolment, month=3)
    assert (response.status_code, response.json()["error"]) == (422, "month_not_supported")
    assert not orders(enrolment)


def test_the_six_month_cap_holds_whatever_was_approved(client):
    enrolment = make_enrolment(months=6, start=timezone.localdate() - timedelta(days=250))
    for month in range(1, 7):
        assert report_attendance(client, enrolment, month=month).status_code == 201
    response = report_attendance(client, enrolment, month=7)
    assert response.status_code == 422
    assert {m for m, _, _ in orders(enrolment)} == {1, 2, 3, 4, 5, 6}
    assert sum(a for _, p, a in orders(enrolment) if p == "institution") == TUITION
    # The database refuses a seventh month or an enrolment beyond the cap, whatever the code.
    order = TrainingPaymentOrder.objects.first()
    with pytest.raises(IntegrityError):
        TrainingPaymentOrder.objects.filter(pk=order.pk).update(month=7)


def test_enrolment_open_caps_the_months_and_is_idempotent():
    enrolment = make_enrolment(months=4)
    application = enrolment.application
    assert enrolment_open(application=application).pk == enrolment.pk
    with pytest.raises(IntegrityError):
        Enrolment.objects.filter(pk=enrolment.pk).update(months=7)


def test_an_application_not_approved_is_not_enrolled():
    enrolment = make_enrolment()
    application = enrolment.application
    enrolment.delete()
    application.state = application.State.PROPOSED
    with pytest.raises(EnrolmentError):
        enrolment_open(application=application)


def test_a_dropout_ends_the_enrolment_and_stops_the_payments(client):
    start = date(2026, 1, 5)
    with time_machine.travel(date(2026, 1, 6), tick=False):
        enrolment = make_enrolment(months=4, start=start)
    with time_machine.travel(date(2026, 4, 1), tick=False):
        assert report_attendance(client, enrolment, month=1).status_code == 201
        # Left on 2026-02-20, in month 2 (02-05..03-04).
        dropout = post_report(
            client,
            end_report(enrolment, "dropout", dropped_on="2026-02-20", reason="đi làm"),
            code=enrolment.institution.code,
        )
        assert dropout.status_code == 201
        # The month the worker left in is still reported (late) and paid; later ones are not.
        month2 = report_attendance(client, enrolment, month=2, days_attended=10)
        month3 = report_attendance(client, enrolment, month=3)
    assert month2.status_code == 201
    assert (month3.status_code, month3.json()["error"]) == (409, "enrolment_ended")
    enrolment.refresh_from_db()
    assert (enrolment.state, enrolment.ended_on) == ("dropped", date(2026, 2, 20))
    assert {m for m, _, _ in orders(enrolment)} == {1, 2}
    assert TrainingEvent.objects.filter(kind="course_dropped", to_state="dropped").count() == 1
    assert Notification.objects.filter(user=enrolment.citizen, kind="training_dropped").count() == 1


def test_an_end_dated_in_the_future_is_refused(client):
    enrolment = make_enrolment(months=3)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post_report(
        client,
        end_report(enrolment, "dropout", dropped_on=tomorrow),
        code=enrolment.institution.code,
    )
    assert (response.status_code, response.json()["error"]) == (422, "date_in_future")
    enrolment.refresh_from_db()
    assert enrolment.state == "studying"


def test_a_dropout_dated_before_a_reported_month_is_refused(client):
    enrolment = make_enrolment(months=3)
    report_attendance(client, enrolment, month=2)
    response = post_report(
        client,
        end_report(enrolment, "dropout", dropped_on=enrolment.start_date.isoformat()),
        code=enrolment.institution.code,
    )
    assert (response.status_code, response.json()["error"]) == (409, "after_reported_month")
    enrolment.refresh_from_db()
    assert enrolment.state == "studying"


def test_a_completion_records_the_certificate_and_is_shown_to_the_worker(client):
    enrolment = make_enrolment(months=3)
    report_attendance(client, enrolment, month=1)
    response = post_report(
        client,
        end_report(
            enrolment,
            "completion",
            certificate_number="CC-2026-0042",
            completed_on=timezone.localdate().isoformat(),
        ),
        code=enrolment.institution.code,
    )
    assert response.status_code == 201
    again = post_report(
        client,
        end_report(enrolment, "dropout", dropped_on=timezone.localdate().isoformat()),
        code=enrolment.institution.code,
    )
    assert (again.status_code, again.json()["error"]) == (409, "enrolment_ended")
    assert Completion.objects.get().certificate_number == "CC-2026-0042"
    note = Notification.objects.get(user=enrolment.citizen, kind="training_completed")
    assert note.params["certificate"] == "CC-2026-0042"
    summary = enrolment_summary(application=enrolment.application)
    assert summary is not None
    assert summary.completion.certificate_number == "CC-2026-0042"
    assert summary.months_attended == 1


def test_reports_reach_the_portal_under_the_api_path():
    assert reverse("training:institution_reports") == "/api/v1/training/institution/reports/"


def test_a_person_is_never_paid_for_more_than_six_months_over_all_enrolments(client):
    # Two approvals of 4 months each for one person (the approval's own cap bypassed): the money
    # stops after 6 months in all.
    citizen = CitizenFactory()
    first = make_enrolment(
        months=4, citizen=citizen, start=timezone.localdate() - timedelta(days=200)
    )
    second = make_enrolment(
        months=4, citizen=citizen, start=timezone.localdate() - timedelta(days=200)
    )
    for month in range(1, 5):
        report_attendance(client, first, month=month)
    for month in range(1, 5):
        assert report_attendance(client, second, month=month).status_code == 201
    assert {m for m, _, _ in orders(second)} == {1, 2}
    services.enrolments_sweep()  # looks at the months without orders again: nothing changes
    assert {m for m, _, _ in orders(second)} == {1, 2}
    assert TrainingEvent.objects.filter(kind="support_cap_reached").count() == 2
