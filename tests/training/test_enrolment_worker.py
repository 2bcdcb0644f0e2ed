"""During the course, end to end: a real Celery worker on real Redis, the training-institution
stand-in and the settlement-office simulator as real processes with faults, the portal on a
live server, PostgreSQL (skipped without REDIS_URL and a PostgreSQL DATABASE_URL).

Enrolments are pushed (the stand-in answers 503 to some pushes), the clerk reports attendance
on the stand-in's page (half the reports delivered twice, one sent again by hand), one worker
drops out and a later report for them is refused; the office fails 5xx, stores then fails,
duplicates and reorders callbacks. Every attended month's tuition and meal money is paid
exactly once, and nothing for the month after the dropout.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from tests.claims.review.fasttrack_helpers import celery_worker
from tests.settlement_office.support import office_orders, settlement_office_running
from tests.training.enrolment_helpers import PER_DAY, TUITION, make_enrolment, make_institution
from tests.training_institution.support import clerk_report, institution_running, standin_enrolments
from training.enrolment import services
from training.enrolment.models import AttendanceReport, Enrolment, TrainingPaymentOrder

REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a real broker)"),
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="needs a PostgreSQL DATABASE_URL (concurrent writers)",
    ),
    pytest.mark.django_db(transaction=True),
]

OFFICE_FAULTS = {
    "fail_5xx": 0.3,
    "store_then_5xx": 0.1,
    "duplicate_callbacks": 0.3,
    "reorder_callbacks": 0.3,
    "pay_delay": 0.05,
    "seed": 18,
}
ENROLMENTS, MONTHS = 8, 3


@pytest.fixture(autouse=True)
def registry():
    """Real time here, not tests/training/conftest.py's frozen day: the stand-in and the office
    are other processes, whose clocks judge our signatures' timestamps."""
    yield {}


@pytest.fixture
def fast_settings(settings, live_server):
    settings.TRAINING_CALLBACK_BASE_URL = live_server.url
    settings.SETTLEMENT_RETRY_BASE = 0.2
    settings.SETTLEMENT_RETRY_CAP = 2.0
    settings.SETTLEMENT_MAX_ATTEMPTS = 30
    settings.SETTLEMENT_OFFICE_TIMEOUT = 5.0
    settings.SETTLEMENT_LEASE_SECONDS = 8.0
    settings.SETTLEMENT_SWEEP_GRACE = 3.0
    settings.TRAINING_INSTITUTION_TIMEOUT = 5.0
    return settings


def _state() -> dict:
    return {
        "pushes": Counter(Enrolment.objects.values_list("push_state", "push_last_error")),
        "orders": Counter(TrainingPaymentOrder.objects.values_list("status", flat=True)),
        "reports": AttendanceReport.objects.count(),
    }


def _wait(condition, timeout: float, *, sweep_every: float = 5.0):
    deadline, last = time.monotonic() + timeout, time.monotonic()
    while not (value := condition()):
        assert time.monotonic() < deadline, f"not reached in {timeout} s: {_state()}"
        if time.monotonic() - last > sweep_every:
            services.enrolments_sweep()  # what beat does every minute
            last = time.monotonic()
        time.sleep(0.25)
    return value


def test_attended_months_are_paid_exactly_once_through_faults(tmp_path, fast_settings):
    start = timezone.localdate() - timedelta(days=100)  # months 1-3 have begun
    with (
        settlement_office_running(tmp_path / "office", **OFFICE_FAULTS) as office_url,
        institution_running(
            tmp_path / "institution",
            fail_5xx=0.3,
            duplicate_reports=0.5,
            seed=7,
            report_backoff=0.1,
        ) as standin_url,
    ):
        fast_settings.SETTLEMENT_OFFICE_URL = office_url
        fast_settings.TRAINING_INSTITUTION_URL = standin_url
        with celery_worker(REDIS_URL):
            institution = make_institution("cd-bac-ninh")
            enrolments = [
                make_enrolment(months=MONTHS, start=start, institution=institution)
                for _ in range(ENROLMENTS)
            ]
            _wait(lambda: not Enrolment.objects.exclude(push_state="acknowledged").exists(), 120)
            received = {e["enrolment_id"]: e["id"] for e in standin_enrolments(standin_url)}
            assert set(received) == {str(e.public_id) for e in enrolments}
            dropper, others = enrolments[0], enrolments[1:]
            # Everyone's months, as the clerk fills them in; one report sent again by hand.
            for enrolment in others:
                for month in range(1, MONTHS + 1):
                    clerk_report(
                        standin_url,
                        received[str(enrolment.public_id)],
                        "attendance",
                        month=month,
                        days_attended=20,
                        days_scheduled=22,
                    )
            pk = received[str(dropper.public_id)]
            clerk_report(
                standin_url, pk, "attendance", month=1, days_attended=12, days_scheduled=22
            )
            _wait(lambda: AttendanceReport.objects.filter(enrolment=dropper).exists(), 60)
            dropped_on = (start + timedelta(days=40)).isoformat()  # in month 2
            clerk_report(standin_url, pk, "dropout", dropped_on=dropped_on, reason="đi làm")
            _wait(lambda: Enrolment.objects.filter(pk=dropper.pk, state="dropped").exists(), 60)
            clerk_report(
                standin_url, pk, "attendance", month=3, days_attended=20, days_scheduled=22
            )
            first = standin_enrolments(standin_url)[-1]["reports"][0]
            requests.post(f"{standin_url}/reports/{first['id']}/resend", timeout=30)

            expected = (len(others) * MONTHS + 1) * 2
            _wait(
                lambda: TrainingPaymentOrder.objects.filter(status="paid").count() == expected, 300
            )
            # The refused report was answered as such and changed nothing.
            refused = _wait(
                lambda: [
                    r
                    for e in standin_enrolments(standin_url)
                    for r in e["reports"]
                    if r["state"] == "refused"
                ],
                60,
            )
        time.sleep(1)  # late duplicate callbacks still arrive: they must change nothing
        assert [r["last_status_code"] for r in refused] == [409]
        orders = TrainingPaymentOrder.objects.all()
        assert orders.count() == expected
        assert set(orders.values_list("status", flat=True)) == {"paid"}
        per_money = Counter(orders.values_list("enrolment_id", "month", "payee"))
        assert set(per_money.values()) == {1}
        assert set(orders.filter(enrolment=dropper).values_list("month", flat=True)) == {1}
        assert AttendanceReport.objects.count() == len(others) * MONTHS + 1
        # The office's side: only our keys, each paid at most once, the totals agree.
        office = office_orders(office_url)
        ours = {str(k) for k in orders.values_list("idempotency_key", flat=True)}
        assert {o["idempotency_key"] for o in office} == ours
        assert {o["times_paid"] for o in office} == {1}
        tuition = sum(o.amount for o in orders if o.payee == "institution")
        assert tuition == TUITION * len(others) + TUITION // MONTHS
        meal = sum(o.amount for o in orders if o.payee == "worker")
        assert meal == len(others) * MONTHS * 20 * PER_DAY + 12 * PER_DAY
        assert TrainingPaymentOrder.objects.filter(attempts__gt=1).exists(), "5xx caused retries"
