"""A sample approval decision from the demo data (no saved claim): `manage.py decision_sample`
and bench/decisions.py print it, so anyone can look at the layout and check the signature."""

from __future__ import annotations

from datetime import date, timedelta

from claims.decisions.content import DEPUTY, DecisionDocument, Person
from claims.decisions.services import code_new
from eligibility.demo import (
    DEMO_CLOSURE_DATE,
    DEMO_STAFF_BY_USERNAME,
    FACTORY_NAME,
    FACTORY_PROVINCE,
    center_name,
    demo_citizen,
)
from eligibility.registry import months_between
from portal.provinces import PROVINCES


def sample_document(*, number: int = 1, issued_on: date | None = None) -> DecisionDocument:
    """The clean demo worker's approval (RULES.md example 1: 60% of 7,000,000 dong)."""
    person = demo_citizen("clean")
    signer = DEMO_STAFF_BY_USERNAME["lanhdao.bacninh"]
    spell = person.spells[0]
    months = months_between(spell.start_date, DEMO_CLOSURE_DATE)
    duration = min(12, 3 + max(0, months - 36) // 12)
    filed = DEMO_CLOSURE_DATE + timedelta(days=4)
    issued_on = issued_on or filed + timedelta(days=20)
    start = filed + timedelta(days=16)
    months_later = start.month - 1 + duration
    end = start.replace(year=start.year + months_later // 12, month=months_later % 12 + 1)
    end -= timedelta(days=1)
    return DecisionDocument(
        kind="approval",
        number=f"{number}/QĐ-TTDVVL",
        issued_on=issued_on,
        province_code=FACTORY_PROVINCE,
        center_name=center_name(dict(PROVINCES)[FACTORY_PROVINCE]),
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
        monthly_benefit=4_200_000,
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
