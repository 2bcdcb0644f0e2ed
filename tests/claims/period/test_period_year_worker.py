"""A year of a benefit period through the beat tasks, with time-machine, a real Celery worker (a
subprocess: the clock it sends and signs with is real, like the simulator's), the settlement
office simulator over real HTTP, the portal's callback endpoint on a live server, PostgreSQL.

RULES.md example 2's worker (start 2026-05-20, 12 months of 26,550,000, n = 148) notifies
months 2 and 3, misses month 4 (suspended, not paid), notifies month 5 (resumed) to 9, starts
an insured job on 2027-01-04 without reporting it, and the social-security store shows it on
2027-02-05: the termination is signed, month 9 (paid on 2027-01-26) is recovered, months 10-12
are never paid, 4 months stay reserved. The settlement office's records agree with the rules
(eligibility.calculator.period through the same events): paid exactly once, never a suspended
month. Skipped without REDIS_URL and a PostgreSQL DATABASE_URL.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from datetime import date

import pytest
import time_machine

from claims.core.transitions import Status
from claims.models import Claim
from claims.payments import tasks as payment_tasks
from claims.payments.models import PaymentInstallment, PaymentOrder
from claims.period import selectors
from claims.period import services as period
from claims.period import tasks as period_tasks
from claims.period.detection import NewJob, new_job_act
from claims.period.models import BenefitMonth, Recovery, ReservedMonths, Termination
from tests.claims.payments.test_payments_worker import _worker
from tests.claims.period.support import at, period_claim, signer_of
from tests.settlement_office.support import office_orders, settlement_office_running

REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
AMOUNT = 26_550_000

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a real broker)"),
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="needs a PostgreSQL DATABASE_URL (a worker process shares the database)",
    ),
    pytest.mark.django_db(transaction=True),
]


def beat() -> None:
    """What Celery beat runs each day: the windows, the period's sweep, the payments' sweep."""
    period_tasks.period_windows_close.apply().get()
    period_tasks.period_sweep.apply().get()
    payment_tasks.payments_sweep.apply().get()


def wait_paid(claim: Claim, numbers: set[int], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        paid = set(
            PaymentInstallment.objects.filter(claim=claim, status="paid").values_list(
                "number", flat=True
            )
        )
        if paid == numbers:
            return
        time.sleep(0.25)
    orders = Counter(PaymentOrder.objects.filter(claim=claim).values_list("status", flat=True))
    pytest.fail(f"paid {sorted(paid)}, expected {sorted(numbers)} ({dict(orders)})")


def notify(claim: Claim, day: date) -> None:
    period.notification_record(
        claim,
        by=claim.citizen,
        looked_for_work=True,
        available=True,
        job_search_log=[{"kind": "application", "where": "vieclam.gov.vn", "date": ""}],
        at=at(day),
    )


def day(text: str) -> date:
    return date.fromisoformat(text)


def test_a_year_of_notifications_a_miss_a_resumption_and_a_job_found_in_the_store(
    tmp_path, settings, live_server
):
    settings.SETTLEMENT_CALLBACK_BASE_URL = live_server.url
    # The live server runs in this process, under the time machine; the office signs with the
    # real clock: the callbacks' timestamps are checked against the machine's date otherwise.
    settings.SETTLEMENT_CALLBACK_TOLERANCE = 10**10
    with settlement_office_running(tmp_path, seed=16) as office_url:
        settings.SETTLEMENT_OFFICE_URL = office_url
        worker = _worker(office_url, tmp_path / "worker.log")
        try:
            with time_machine.travel(at(day("2026-05-18")), tick=False):
                claim = period_claim(
                    start=day("2026-05-20"),
                    decided=day("2026-05-18"),
                    months=12,
                    amount=AMOUNT,
                    n=148,
                    status=Status.DECISION_ISSUED,
                )
                beat()
            wait_paid(claim, {1})
            paid = {1}
            # (the day, the worker notifies that day?, months paid once the day's beat ran)
            script = [
                ("2026-06-22", True, None),
                ("2026-06-26", False, 2),
                ("2026-07-20", True, None),
                ("2026-07-26", False, 3),
                ("2026-08-25", False, None),  # month 4's window closed: suspended
                ("2026-08-26", False, None),  # its payment day: nothing
                ("2026-09-21", True, None),  # month 5: resumed
                ("2026-09-26", False, 5),
                ("2026-10-20", True, None),
                ("2026-10-26", False, 6),
                ("2026-11-20", True, None),
                ("2026-11-26", False, 7),
                ("2026-12-21", True, None),
                ("2026-12-26", False, 8),
                ("2027-01-20", True, None),  # after the (unreported) job's start on 01-04
                ("2027-01-26", False, 9),
            ]
            for when, notifies, pays in script:
                with time_machine.travel(at(day(when)), tick=False):
                    if notifies:
                        notify(claim, day(when))
                    beat()
                    claim.refresh_from_db()
                    if when == "2026-08-25":
                        assert claim.status == Status.SUSPENDED
                    if when == "2026-09-21":
                        assert claim.status == Status.PAYING
                if pays:
                    paid.add(pays)
                wait_paid(claim, paid)
            month_4 = claim.benefit_months.get(index=4)
            assert month_4.status == BenefitMonth.Status.SUSPENDED
            assert not PaymentOrder.objects.filter(claim=claim, installment__number=4).exists()

            # The store shows the new employer's contribution; the signer signs the end.
            with time_machine.travel(at(day("2027-02-05")), tick=False):
                job = NewJob("0109999999", "Công ty Mới", day("2027-01-04"), day("2027-01-01"))
                assert new_job_act(claim_id=claim.pk, job=job, today=day("2027-02-05"))
                termination = Termination.objects.get(claim=claim)
                assert termination.state == Termination.State.PROPOSED
                period.termination_sign(termination, by=signer_of(claim))
                beat()
            for when in ("2027-02-26", "2027-03-26", "2027-04-26"):
                with time_machine.travel(at(day(when)), tick=False):
                    beat()
            time.sleep(2)  # anything wrongly released would be paid by now
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)

        claim.refresh_from_db()
        assert claim.status == Status.TERMINATED
        recovery = Recovery.objects.get(claim=claim)
        assert recovery.amount == AMOUNT and recovery.months == [{"index": 9, "amount": AMOUNT}]
        assert ReservedMonths.objects.get(claim=claim).months == 4
        assert sorted(
            PaymentInstallment.objects.filter(claim=claim).values_list("number", flat=True)
        ) == [1, 2, 3, 5, 6, 7, 8, 9]

        # The rules, through the same events, say the same.
        judged = selectors.period_judged(claim)
        assert [m.status for m in judged.months] == ["paid"] * 3 + ["suspended"] + ["paid"] * 4 + [
            "ended"
        ] * 4
        assert judged.end_ground == "a" and judged.ended_on == day("2027-01-04")
        assert judged.overpaid == AMOUNT and judged.reserved_months == 4

        # The settlement office's records: each paid key once, the total = rules + recovery.
        orders = office_orders(office_url)
        ours = {
            str(k)
            for k in PaymentOrder.objects.filter(claim=claim).values_list(
                "idempotency_key", flat=True
            )
        }
        paid_there = [o for o in orders if o["idempotency_key"] in ours and o["times_paid"]]
        assert {o["times_paid"] for o in paid_there} == {1}
        assert len(paid_there) == 8
        assert sum(o["amount"] for o in paid_there) == judged.paid_total + judged.overpaid
        assert PaymentOrder.objects.filter(claim=claim, status="paid").count() == len(paid_there)
