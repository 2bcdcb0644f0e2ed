"""The social-security store tells the center about a new job (RULES.md "After the decision",
example 4): the claim is flagged, the end proposed from the job's start by the system, the
month paid after it is overpaid; found again by the sweep, never twice."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support modules

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from claims.models import ClaimEvent, ClaimFlag, PaymentInstallment
from claims.period import detection
from claims.period.detection_tasks import period_new_jobs_detect
from claims.period.models import PeriodEvent, Recovery, Termination
from claims.period.services import termination_sign
from eligibility.registry import EmployerInfo
from identity.models import User
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir
from tests.claims.filing.helpers import FakeRegistry
from tests.claims.transfers.support import VN, center, claim_in_period, mark_paid, staff_of
from tests.eligibility.assessment_builders import months, record, spell

pytestmark = pytest.mark.django_db

OLD = EmployerInfo(
    "0101234567", "Công ty Cổ phần Cơ khí Đông Anh", "01", "I", "enterprise", "Cơ khí", "private"
)
NEW = EmployerInfo(
    "0107654321", "Công ty TNHH Điện tử Sao Mai", "01", "I", "enterprise", "Điện tử", "private"
)
SEPT_10 = datetime(2026, 9, 10, 2, 0, tzinfo=VN)


def before_the_job(personal_id: str):
    """Example 2's history: 2014-01..2026-04 at 60,000,000 (n = 148), contract expired."""
    return record(
        personal_id=personal_id,
        spells=(spell(OLD, date(2014, 1, 2), date(2026, 4, 30), "contract_expired", "fixed_term"),),
        contributions=months(date(2014, 1, 1), 148, OLD, 60_000_000),
    )


def with_the_job(personal_id: str):
    """The same, as the store shows it on 2026-09-10: a job from Monday 2026-08-03 and
    August's contribution."""
    base = before_the_job(personal_id)
    return record(
        personal_id=personal_id,
        spells=(*base.spells, spell(NEW, date(2026, 8, 3), None)),
        contributions=base.contributions + months(date(2026, 8, 1), 1, NEW, 15_000_000),
    )


@pytest.fixture
def world(registry):
    hanoi = center("01")
    officer = staff_of(hanoi, full_name="Trần Văn An")
    signer = staff_of(hanoi, User.Role.SIGNER, full_name="Phạm Minh Châu")
    claim = claim_in_period(where=hanoi, signer=signer, officer=officer, employer=OLD.tax_code)
    # Months 1-4 paid (month 4, 2026-08-20..09-19, on 08-26), before the store shows the job.
    mark_paid(claim, 1, 2, 3, 4)
    registry[claim.personal_id] = before_the_job(claim.personal_id)
    return {"claim": claim, "signer": signer, "officer": officer, "registry": registry}


def test_example_4_the_job_not_reported(world):
    claim = world["claim"]
    with time_machine.travel(datetime(2026, 9, 9, 2, 0, tzinfo=VN), tick=False):
        assert period_new_jobs_detect() == {"looked_at": 1, "found": 0, "errors": 0}
    world["registry"][claim.personal_id] = with_the_job(claim.personal_id)
    with time_machine.travel(SEPT_10, tick=False):
        assert period_new_jobs_detect() == {"looked_at": 1, "found": 1, "errors": 0}
        # The next run finds nothing new: the claim has its store event.
        assert period_new_jobs_detect()["looked_at"] == 0
        assert detection.new_jobs_detect().found == 0
    flag = ClaimFlag.objects.get(claim=claim, code=detection.FLAG_CODE)
    assert flag.severity == ClaimFlag.Severity.NEEDS_REVIEW
    event = PeriodEvent.objects.get(claim=claim)
    assert (event.kind, event.date, event.reported, event.source) == (
        "job_started",
        date(2026, 8, 3),
        False,
        PeriodEvent.Source.STORE,
    )
    assert event.details["employer_tax_code"] == NEW.tax_code
    assert event.details["seen_on"] == "2026-09-10"
    termination = Termination.objects.get(claim=claim)
    assert termination.proposed_by is None and termination.state == Termination.State.PROPOSED
    assert termination.ground == "a" and not termination.reported_by_worker
    assert termination.effective_on == date(2026, 8, 3)
    # Month 4 was paid after the job started: 26,550,000 to recover; reserved 148 - 144 = 4.
    assert termination.overpaid_amount == 26_550_000
    assert termination.reserved_months == 4
    noted = ClaimEvent.objects.get(claim=claim, kind="new_job_in_store")
    assert noted.data["job_start"] == "2026-08-03" and noted.actor_role == "system"
    # A signer signs (four eyes: the system proposed); the money is claimed back.
    with time_machine.travel(SEPT_10, tick=False):
        termination_sign(termination, by=world["signer"])
    recovery = Recovery.objects.get(claim=claim)
    assert recovery.amount == 26_550_000 and recovery.termination == termination
    paid = PaymentInstallment.objects.filter(claim=claim, status=PaymentInstallment.Status.PAID)
    assert paid.count() == 4


def test_a_job_at_the_old_employer_in_its_termination_month_is_not_a_new_job(world):
    claim = world["claim"]
    base = before_the_job(claim.personal_id)
    world["registry"][claim.personal_id] = record(
        personal_id=claim.personal_id,
        spells=base.spells,
        # A late report of April by the old employer: not a new job.
        contributions=base.contributions + months(date(2026, 4, 1), 1, OLD, 1_000_000),
    )
    with time_machine.travel(SEPT_10, tick=False):
        assert detection.new_jobs_detect().found == 0
    assert not ClaimFlag.objects.filter(claim=claim).exists()


def test_the_job_start_without_a_contract_in_the_store_is_the_first_month():
    found = detection.new_job_in(
        detection.seen_in(record(contributions=months(date(2026, 9, 1), 2, NEW, 9_000_000))),
        former_employer=OLD.tax_code,
        terminated_on=date(2026, 4, 30),
        period_end=date(2027, 5, 19),
    )
    assert found == detection.NewJob(NEW.tax_code, NEW.name, date(2026, 9, 1), date(2026, 9, 1))
    # After the period: nothing to end.
    assert (
        detection.new_job_in(
            detection.seen_in(record(contributions=months(date(2027, 6, 1), 1, NEW, 9_000_000))),
            former_employer=OLD.tax_code,
            terminated_on=date(2026, 4, 30),
            period_end=date(2027, 5, 19),
        )
        is None
    )


def test_a_claim_that_ended_meanwhile_is_left_alone(world):
    claim = world["claim"]
    world["registry"][claim.personal_id] = with_the_job(claim.personal_id)
    claim.status = "completed"
    claim.save(update_fields=["status"])
    with time_machine.travel(SEPT_10, tick=False):
        result = detection.new_jobs_detect()
    assert result.looked_at == 0 and result.found == 0
    assert not PeriodEvent.objects.filter(claim=claim).exists()
