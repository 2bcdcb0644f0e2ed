"""A later claim of the same person starts from the months an earlier benefit ended in the
portal reserved (RULES.md: reserved months at termination; the demo's past_benefit case made
real): the earlier benefit is one of the calculator's past benefits, n - reserved months used."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from claims.period import selectors
from claims.period import services as period
from eligibility.assessment import assess
from tests.claims.period.support import at, period_claim
from tests.eligibility.assessment_builders import (
    BAKERY,
    FAKE_REGISTRY_PATH,
    FakeRegistry,
    garment_worker,
    months,
    spell,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(settings):
    settings.SOCIAL_SECURITY_REGISTRY = FAKE_REGISTRY_PATH
    FakeRegistry.records = {}
    yield FakeRegistry.records
    FakeRegistry.records = {}


def test_the_second_claim_reads_the_months_reserved_by_the_first(registry):
    with time_machine.travel(at(date(2026, 3, 13)), tick=False):
        first = period_claim()  # RULES.md example 1: n = 74, 6 months
    first.termination_date = date(2026, 2, 27)
    first.save(update_fields=["termination_date"])
    # Example 2 of the period: three misses end it; 2 months stay reserved (74 - 72).
    for day in (date(2026, 4, 22), date(2026, 5, 21), date(2026, 6, 20)):
        period.windows_close(on=day)
    assert selectors.reserved_for_person(first.personal_id) == 2
    garment = garment_worker(personal_id=first.personal_id)
    # A year at a bakery, then its fixed-term contract ends on 2027-06-30.
    registry[first.personal_id] = garment.__class__(
        **{
            **garment.__dict__,
            "spells": garment.spells
            + (
                spell(
                    BAKERY, date(2026, 7, 1), date(2027, 6, 30), "contract_expired", "fixed_term"
                ),
            ),
            "contributions": garment.contributions
            + months(date(2026, 7, 1), 12, BAKERY, 9_000_000),
        }
    )
    alone = assess(personal_id=first.personal_id, filing_date=date(2027, 7, 5))
    assert alone.facts is not None and alone.facts.months_used_by_earlier_benefit == 0
    record = selectors.record_with_portal_benefits(first.personal_id)
    assert record is not None and len(record.benefits) == 1
    with_portal = assess(personal_id=first.personal_id, filing_date=date(2027, 7, 5), record=record)
    assert with_portal.facts is not None
    assert with_portal.facts.months_used_by_earlier_benefit == 72
    # The store listing the same benefit (its decision number) does not count it twice.
    again = selectors.record_with_portal_benefits(first.personal_id)
    registry[first.personal_id] = again
    assert len(selectors.record_with_portal_benefits(first.personal_id).benefits) == 1
