"""claims.period services against the database: the months laid out at approval, the monthly
notification and its window, suspension, resumption, three misses, a reported and an
unreported new job (RULES.md "After the decision", examples 1-4), four eyes, the money."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from claims.core.exceptions import ClaimPermissionError, ClaimStateError
from claims.core.transitions import Status
from claims.decisions.models import Decision
from claims.models import Claim, ClaimEvent
from claims.payments.models import PaymentInstallment
from claims.period import cycle, selectors
from claims.period import services as period
from claims.period.models import BenefitMonth, Recovery, ReservedMonths, Termination
from tests.claims.period.support import at, officer_of, period_claim, signer_of
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

BM = BenefitMonth.Status


def months_of(claim: Claim) -> list[BenefitMonth]:
    return list(claim.benefit_months.order_by("index"))


def notify(claim: Claim, day: date, **kw) -> None:
    period.notification_record(
        claim,
        by=claim.citizen,
        looked_for_work=True,
        available=True,
        job_search_log=[{"kind": "employer", "where": "Công ty May 10", "date": day.isoformat()}],
        at=at(day),
        **kw,
    )


@pytest.fixture
def example_1():
    with time_machine.travel(at(date(2026, 3, 13)), tick=False):
        return period_claim()


def test_months_laid_out_with_windows_and_payment_days(example_1):
    months = months_of(example_1)
    assert [(m.start, m.end) for m in months[:2]] == [
        (date(2026, 3, 17), date(2026, 4, 16)),
        (date(2026, 4, 17), date(2026, 5, 16)),
    ]
    assert (months[1].window_first, months[1].window_last) == (date(2026, 4, 17), date(2026, 4, 21))
    assert (months[2].window_first, months[2].window_last) == (date(2026, 5, 18), date(2026, 5, 20))
    assert months[0].payment_due_on == date(2026, 3, 13)
    assert months[1].payment_due_on == date(2026, 4, 23)
    # Each month is linked to its installment, whose due day is the month's payment day.
    for month in months:
        assert month.installment is not None and month.installment.number == month.index
        assert month.installment.due_on == month.payment_due_on
    # Laying out again changes nothing.
    assert [m.pk for m in period.period_lay_out(claim_id=example_1.pk)] == [m.pk for m in months]


def test_notification_outside_the_window_says_when_the_next_opens(example_1):
    with pytest.raises(period.NotificationWindowClosed) as error:
        notify(example_1, date(2026, 4, 10))
    assert error.value.next_window_first == date(2026, 4, 17)
    assert error.value.next_window_last == date(2026, 4, 21)
    assert "17/04/2026" in str(error.value)
    assert not example_1.period_notifications.exists()


def test_notification_once_per_month_and_only_by_the_owner(example_1):
    notify(example_1, date(2026, 4, 17))
    with pytest.raises(period.NotificationAlreadyMade):
        notify(example_1, date(2026, 4, 20))
    with pytest.raises(ClaimPermissionError):
        period.notification_record(
            example_1,
            by=CitizenFactory(),
            looked_for_work=True,
            available=True,
            at=at(date(2026, 5, 18)),
        )
    assert months_of(example_1)[1].status == BM.NOTIFIED


def test_bad_job_search_log_is_refused_and_nothing_kept(example_1):
    with pytest.raises(period.PeriodInvalid) as error:
        period.notification_record(
            example_1,
            by=example_1.citizen,
            looked_for_work=True,
            available=True,
            job_search_log=[{"kind": "employer", "where": ""}],
            at=at(date(2026, 4, 17)),
        )
    assert "job_search_log" in error.value.errors
    assert not example_1.period_notifications.exists()


def test_staff_record_in_person_and_an_exemption(example_1):
    officer = officer_of(example_1)
    exemption = period.exemption_record(
        example_1, by=officer, reason="illness", note="Giấy ra viện", on=date(2026, 4, 17)
    )
    assert exemption.month.index == 2
    period.notification_record(
        example_1,
        by=officer,
        channel="in_person",
        looked_for_work=True,
        available=True,
        at=at(date(2026, 4, 20)),
    )
    assert months_of(example_1)[1].status == BM.NOTIFIED
    with pytest.raises(period.PeriodInvalid):
        period.exemption_record(example_1, by=officer, reason="holiday")


def test_example_1_missed_month_2_suspends_and_month_3_resumes(
    example_1, django_capture_on_commit_callbacks
):
    claim = example_1
    # The cycle's decisions and hooks leave after commit, on a worker (here eager).
    with django_capture_on_commit_callbacks(execute=True):
        closed = period.windows_close(on=date(2026, 4, 22))
    assert closed.suspended == 1
    claim.refresh_from_db()
    assert claim.status == Status.SUSPENDED
    month_2 = months_of(claim)[1]
    assert month_2.status == BM.SUSPENDED and month_2.installment is None
    assert not PaymentInstallment.objects.filter(claim=claim, number=2).exists()
    cancelled = ClaimEvent.objects.get(claim=claim, kind="payment:cancelled")
    assert cancelled.data["installments"][0]["number"] == 2
    missed = ClaimEvent.objects.get(claim=claim, kind="period:missed")
    assert missed.data["decision_by"] == "2026-04-23"
    # Idempotent: the same close again changes nothing.
    assert period.windows_close(on=date(2026, 4, 23)).suspended == 0
    assert ClaimEvent.objects.filter(claim=claim, kind="status:suspended").count() == 1
    # The citizen was told (the notifications hook, run by the bulk transition's task).
    assert claim.citizen.notifications.filter(kind="claim_suspended").count() == 1
    # The sweep finds no decision missing.
    assert period.decisions_missing() == []

    notify(claim, date(2026, 5, 18))
    claim.refresh_from_db()
    assert claim.status == Status.PAYING
    # A suspension decision for month 2, a resumption decision for month 3 (P3's pipeline).
    kinds = dict(Decision.objects.filter(case=claim).values_list("key", "kind"))
    assert kinds == {"suspension:2": "suspension", "resumption:3": "resumption"}
    assert Decision.objects.get(case=claim, kind="suspension").facts["window_last"] == "2026-04-21"
    card = selectors.this_month(claim, on=date(2026, 5, 18))
    assert card.index == 3 and card.notified and card.window_open
    assert card.next_payment_on == date(2026, 5, 23) and card.next_payment_amount == 4_200_000
    assert card.misses_in_row == 1


def test_example_2_three_misses_end_the_benefit(example_1, django_capture_on_commit_callbacks):
    claim = example_1
    for day in (date(2026, 4, 22), date(2026, 5, 21), date(2026, 6, 20)):
        with django_capture_on_commit_callbacks(execute=True):
            period.windows_close(on=day)
    claim.refresh_from_db()
    assert claim.status == Status.TERMINATED
    termination = Termination.objects.get(claim=claim)
    assert (termination.ground, termination.effective_on) == ("đ", date(2026, 6, 20))
    assert [m.status for m in months_of(claim)] == [
        BM.DUE,
        BM.SUSPENDED,
        BM.SUSPENDED,
        BM.SUSPENDED,
        BM.ENDED,
        BM.ENDED,
    ]
    # Only month 1 is left to pay; reserved: the remainder at approval (74 - 72).
    assert list(
        PaymentInstallment.objects.filter(claim=claim).values_list("number", flat=True)
    ) == [1]
    assert ReservedMonths.objects.get(claim=claim).months == 2
    assert selectors.reserved_for_person(claim.personal_id) == 2
    kinds = sorted(Decision.objects.filter(case=claim).values_list("kind", flat=True))
    assert kinds == ["suspension", "suspension", "termination"]  # months 2, 3; then the end
    assert period.decisions_missing() == []
    ended = Decision.objects.get(case=claim, kind="termination")
    assert ended.facts["ground"] == "đ" and ended.facts["effective_on"] == "2026-06-20"


@pytest.fixture
def example_3():
    with time_machine.travel(at(date(2026, 5, 18)), tick=False):
        return period_claim(
            start=date(2026, 5, 20), decided=date(2026, 5, 18), months=12, amount=26_550_000, n=148
        )


def test_example_3_reported_job_ends_with_112_reserved_four_eyes(example_3):
    claim = example_3
    notify(claim, date(2026, 6, 22))
    notify(claim, date(2026, 7, 20))
    with time_machine.travel(at(date(2026, 8, 3)), tick=False):
        event = period.event_report(
            claim, by=claim.citizen, kind="job_started", date=date(2026, 8, 3)
        )
    termination = Termination.objects.get(claim=claim)
    assert termination.state == Termination.State.PROPOSED and termination.proposed_by is None
    assert termination.event == event and termination.reserved_months == 112
    officer = officer_of(claim)
    with pytest.raises(ClaimPermissionError):
        period.termination_sign(termination, by=officer)
    with time_machine.travel(at(date(2026, 8, 4)), tick=False):
        period.termination_sign(termination, by=signer_of(claim))
    claim.refresh_from_db()
    assert claim.status == Status.TERMINATED
    statuses = [m.status for m in months_of(claim)]
    assert statuses[3:] == [BM.ENDED] * 9
    assert sorted(
        PaymentInstallment.objects.filter(claim=claim).values_list("number", flat=True)
    ) == [1, 2, 3]
    assert ReservedMonths.objects.get(claim=claim).months == 112
    assert not Recovery.objects.filter(claim=claim).exists()
    with pytest.raises(ClaimStateError):
        period.termination_sign(termination, by=signer_of(claim))


def test_example_4_unreported_job_found_later_is_recovered(example_3):
    claim = example_3
    notify(claim, date(2026, 6, 22))
    notify(claim, date(2026, 7, 20))
    notify(claim, date(2026, 8, 20))
    # Month 4 was paid on 08-26 (the settlement office's callback, here set directly).
    PaymentInstallment.objects.filter(claim=claim, number__lte=4).update(status="paid")
    with time_machine.travel(at(date(2026, 9, 10)), tick=False):
        period.event_report(
            claim,
            by=None,
            kind="job_started",
            date=date(2026, 8, 3),
            reported=False,
            source="store",
            details={"employer_tax_code": "0101234567"},
        )
        termination = Termination.objects.get(claim=claim)
        assert termination.overpaid_amount == 26_550_000 and termination.reserved_months == 4
        period.termination_sign(termination, by=signer_of(claim))
    recovery = Recovery.objects.get(claim=claim)
    assert recovery.amount == 26_550_000 and recovery.months == [{"index": 4, "amount": 26_550_000}]
    assert ReservedMonths.objects.get(claim=claim).months == 4
    decisions = {d.kind: d for d in Decision.objects.filter(case=claim)}
    assert set(decisions) == {"termination", "recovery"}
    assert decisions["termination"].facts["ground"] == "a"
    termination.refresh_from_db()
    assert decisions["termination"].signer == termination.signed_by is not None
    assert decisions["recovery"].facts["amount"] == 26_550_000
    assert decisions["recovery"].facts["termination_number"] == decisions["termination"].number
    month_4 = months_of(claim)[3]
    assert month_4.status == BM.ENDED and month_4.overpaid
    period.recovery_settle(recovery, by=officer_of(claim), repaid=26_550_000)
    recovery.refresh_from_db()
    assert recovery.state == Recovery.State.REPAID and recovery.outstanding == 0


def test_first_refused_offer_is_recorded_the_second_proposes_termination(example_1):
    officer = officer_of(example_1)
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        period.event_report(example_1, by=officer, kind="job_offer_refused", date=date(2026, 4, 1))
        assert not Termination.objects.filter(claim=example_1).exists()
        period.event_report(example_1, by=officer, kind="job_offer_refused", date=date(2026, 4, 2))
    termination = Termination.objects.get(claim=example_1)
    assert termination.ground == "d" and termination.proposed_by == officer
    # A signer returns it: the benefit goes on.
    period.termination_return(termination, by=signer_of(example_1), comment="Lý do chính đáng")
    example_1.refresh_from_db()
    assert example_1.status == Status.PAYING


def test_an_officer_proposal_needs_another_persons_signature(example_1):
    officer = officer_of(example_1)
    termination = period.termination_propose(
        example_1, by=officer, ground="e", event_date=date(2026, 4, 1), reported=True
    )
    with pytest.raises(ClaimPermissionError):
        period.termination_sign(termination, by=officer)
    with pytest.raises(ClaimStateError):
        period.termination_propose(
            example_1, by=officer, ground="e", event_date=date(2026, 4, 1), reported=True
        )


def test_notification_queue_of_the_center(example_1):
    other = period_claim(center=example_1.center)
    notify(example_1, date(2026, 4, 17))
    queue = selectors.notification_queue(example_1.center, date(2026, 4, 21))
    assert [r.claim.pk for r in queue.notified] == [example_1.pk]
    assert [r.claim.pk for r in queue.not_yet] == [other.pk]
    assert [r.claim.pk for r in queue.closing_today] == [other.pk]


def test_sweep_lays_out_a_claim_whose_hook_was_lost():
    with time_machine.travel(at(date(2026, 3, 13)), tick=False):
        claim = period_claim()
        BenefitMonth.objects.filter(claim=claim).delete()
        result = period.period_sweep(now=at(date(2026, 3, 14)))
    assert result["laid_out"] == 1
    assert claim.benefit_months.count() == 6


def test_each_sweep_lays_out_at_most_its_limit_and_the_next_run_the_rest(monkeypatch):
    monkeypatch.setattr(cycle, "SWEEP_LAY_OUT_LIMIT", 2)
    with time_machine.travel(at(date(2026, 3, 13)), tick=False):
        claims = [period_claim() for _ in range(3)]
        BenefitMonth.objects.filter(claim__in=claims).delete()
        first = period.period_sweep(now=at(date(2026, 3, 14)))
        laid_first = {
            claim.pk: sorted(claim.benefit_months.values_list("pk", flat=True))
            for claim in claims
            if claim.benefit_months.exists()
        }
        second = period.period_sweep(now=at(date(2026, 3, 14), 10))
        third = period.period_sweep(now=at(date(2026, 3, 14), 11))
    assert (first["laid_out"], second["laid_out"], third["laid_out"]) == (2, 1, 0)
    assert len(laid_first) == 2
    # The second run laid out the third claim only: the first two kept their months.
    for claim_id, month_ids in laid_first.items():
        assert (
            sorted(BenefitMonth.objects.filter(claim_id=claim_id).values_list("pk", flat=True))
            == month_ids
        )
    assert [BenefitMonth.objects.filter(claim=claim).count() for claim in claims] == [6, 6, 6]
