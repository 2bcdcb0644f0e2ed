"""A sample approval decision from the demo data (no saved claim): `manage.py decision_sample`
and bench/decisions.py print it, so anyone can look at the layout and check the signature."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import DatabaseError

from claims.decisions.content import DEPUTY, DecisionDocument, Person
from claims.decisions.services import code_new
from common.provinces import province_name
from demo.dataset import (
    DEMO_CLOSURE_DATE,
    DEMO_STAFF_BY_USERNAME,
    FACTORY_NAME,
    FACTORY_PROVINCE,
    center_name,
    demo_citizen,
)
from eligibility.assessment import assess
from eligibility.calculator.dates import add_months
from eligibility.registry import months_between


def sample_document(
    *, number: int = 1, issued_on: date | None = None, from_store: bool = False
) -> DecisionDocument:
    """The clean demo worker's approval (RULES.md example 1: 60% of 7,000,000 dong)."""
    person = demo_citizen("clean")
    signer = DEMO_STAFF_BY_USERNAME["lanhdao.bacninh"]
    spell = person.spells[0]
    filed = DEMO_CLOSURE_DATE + timedelta(days=4)
    issued_on = issued_on or filed + timedelta(days=20)
    # `from_store`: the engine's figures from the demo store (the command, after `make run`);
    # otherwise (tests, bench) the same worker's figures as RULES.md example 1 works them out.
    figures = _engine_figures(person.personal_id, filed) if from_store else None
    if figures is not None:
        amount, months, duration, start, end = figures
    else:
        amount = 4_200_000  # 60% of the 7,000,000 dong of the last six months
        months = months_between(spell.start_date, DEMO_CLOSURE_DATE)
        duration = min(12, 3 + max(0, months - 36) // 12)
        start = filed + timedelta(days=16)
        end = add_months(start, duration) - timedelta(days=1)
    return DecisionDocument(
        kind="approval",
        number=f"{number}/QĐ-TTDVVL",
        issued_on=issued_on,
        province_code=FACTORY_PROVINCE,
        center_name=center_name(province_name(FACTORY_PROVINCE)),
        law="2025",
        claim_reference=f"TCTN-{filed.year}-{number:06d}",
        filed_on=filed,
        person=Person(
            full_name=person.full_name,
            sex=person.sex,
            birth_date=person.birth_date,
            personal_id=person.personal_id,
            social_insurance_code=f"{person.province_code}{int(person.personal_id[-8:]):08d}",
            address=person.address,
            employer_name=FACTORY_NAME,
            termination_date=DEMO_CLOSURE_DATE,
        ),
        signer_name=signer.full_name,
        signer_title=DEPUTY,
        verification_code=code_new(),
        contribution_months=months,
        monthly_benefit=amount,
        duration_months=duration,
        entitlement_start=start,
        entitlement_end=end,
        payment={
            "method": "bank",
            "bank_code": "VCB",
            "account_number": "0123456789",
            "account_holder": "NGUYEN THI HOA",
        },
    )


def _engine_figures(personal_id: str, filed: date) -> tuple[int, int, int, date, date] | None:
    """(monthly amount, contribution months, months, start, end) from the calculator, or None
    when the social-security store does not hold the demo worker."""
    try:
        result = assess(personal_id=personal_id, filing_date=filed).result
    except DatabaseError:  # the store's tables are not there (not migrated yet)
        return None
    if result is None or not result.eligible or result.entitlement_start is None:
        return None
    if result.entitlement_end is None:
        return None
    return (
        result.monthly_benefit,
        result.contribution_months,
        result.duration_months,
        result.entitlement_start,
        result.entitlement_end,
    )
