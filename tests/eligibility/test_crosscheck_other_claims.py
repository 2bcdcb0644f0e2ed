"""The cross-check against the person's other claims in the portal (ADR 0012): pure, no database."""

from __future__ import annotations

from datetime import date

from eligibility.crosscheck import Declared, OtherClaim, cross_check
from tests.eligibility.assessment_builders import BAKERY, GARMENT, garment_worker
from tests.eligibility.test_crosscheck import BOOK, CLOSURE, FACTS, FILED

DECLARED = Declared(
    employer_tax_code=GARMENT.tax_code,
    contract_type="indefinite",
    termination_date=CLOSURE,
    termination_reason="business_closure",
)


def _other(**kw) -> OtherClaim:
    values = {
        "reference": "TCTN-2026-000601",
        "status": "submitted",
        "employer_tax_code": GARMENT.tax_code,
        "termination_date": CLOSURE,
        "is_open": True,
        **kw,
    }
    return OtherClaim(**values)


def _flags(*others: OtherClaim):
    return {f.code: f for f in cross_check(garment_worker(), DECLARED, FACTS, FILED, BOOK, others)}


def test_another_claim_about_the_same_termination_blocks_and_names_it():
    flags = _flags(_other())
    assert set(flags) == {"claim_same_termination"}
    assert flags["claim_same_termination"].severity == "blocking"
    assert "TCTN-2026-000601" in flags["claim_same_termination"].message_vi
    assert "TCTN-2026-000601" in flags["claim_same_termination"].message_en


def test_another_open_claim_about_another_termination_needs_review():
    flags = _flags(_other(employer_tax_code=BAKERY.tax_code, termination_date=date(2025, 11, 28)))
    assert set(flags) == {"claim_open"}
    assert flags["claim_open"].severity == "needs_review"
    assert "28/11/2025" in flags["claim_open"].message_vi


def test_an_approved_benefit_running_on_the_termination_date_blocks():
    paying = _other(
        employer_tax_code=BAKERY.tax_code,
        termination_date=date(2025, 11, 28),
        status="paying",
        entitlement_start=date(2025, 12, 15),
        entitlement_end=date(2026, 3, 14),
    )
    flags = _flags(paying)
    assert set(flags) == {"claim_open", "claim_benefit_overlap"}
    assert flags["claim_benefit_overlap"].severity == "blocking"
    assert "14/03/2026" in flags["claim_benefit_overlap"].message_vi


def test_a_finished_benefit_that_ended_before_the_termination_is_no_flag():
    done = _other(
        employer_tax_code=BAKERY.tax_code,
        termination_date=date(2025, 6, 30),
        status="completed",
        is_open=False,
        entitlement_start=date(2025, 7, 15),
        entitlement_end=date(2025, 10, 14),
    )
    assert _flags(done) == {}
    assert _flags() == {}
