"""Spending and its projection against a hand computation; the closure scenario."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from eligibility.assessment import Declared, assess
from eligibility.records.models import Contribution
from stats import refresh
from stats.refresh import summaries_refresh
from stats.scenario import ScenarioError, closure_scenario
from stats.selectors import spending
from tests.eligibility.factories import EmployerFactory, PersonFactory, employment
from tests.stats.support import TODAY, claim, pay

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def book(monkeypatch):
    """Bắc Ninh: 3 decided (2 approved, 1 refused) -> its own rate 2/3 (threshold lowered);
    Hà Nội: 1 decision, too few -> the national rate 3/4."""
    monkeypatch.setattr(refresh, "MIN_PROVINCE_DECISIONS", 3)
    running = claim(
        status="paying",
        filed=date(2026, 10, 1),
        decided=date(2026, 10, 10),
        benefit=4_000_000,
        months=3,
    )
    claim(
        status="paying",
        filed=date(2026, 10, 2),
        decided=date(2026, 10, 12),
        benefit=5_000_000,
        months=3,
    )
    claim(status="rejected", filed=date(2026, 10, 3), decided=date(2026, 10, 13))
    claim(
        status="paying",
        province="01",
        filed=date(2026, 10, 3),
        decided=date(2026, 10, 13),
        benefit=5_000_000,
        months=3,
    )
    # Paid in October; two months still to pay (December, January).
    pay(running, number=1, amount=4_000_000, paid=date(2026, 10, 10), start=date(2026, 10, 11))
    pay(running, number=2, amount=4_000_000, paid=None, start=date(2026, 12, 7))
    pay(running, number=3, amount=4_000_000, paid=None, start=date(2027, 1, 7))
    # The pipeline: Bắc Ninh 3.0 M x 2 months, due 2026-12-20 -> December and January;
    # Hà Nội 6.0 M x 3 months, deadline passed (2026-11-20) -> from this month (December).
    claim(
        status="in_review",
        filed=date(2026, 11, 25),
        due=date(2026, 12, 20),
        benefit=3_000_000,
        months=2,
    )
    claim(
        status="submitted",
        province="01",
        filed=date(2026, 10, 20),
        due=date(2026, 11, 20),
        benefit=6_000_000,
        months=3,
    )
    summaries_refresh(today=TODAY)


def test_the_projection_matches_the_hand_computation(book):
    figures = spending()
    by_month = {m.month: m for m in figures.projection}
    assert len(figures.projection) == 12
    assert figures.projection[0].month == date(2026, 12, 1)
    # Committed: the running claim's December and January installments.
    assert by_month[date(2026, 12, 1)].committed == 4_000_000
    assert by_month[date(2027, 1, 1)].committed == 4_000_000
    assert figures.committed_total == 8_000_000
    # Pipeline, December: Bắc Ninh 3.0 M x 2/3 = 2,000,000; Hà Nội 6.0 M x 3/4 = 4,500,000.
    assert by_month[date(2026, 12, 1)].pipeline == 6_500_000
    assert by_month[date(2027, 1, 1)].pipeline == 6_500_000
    # February: only Hà Nội's third month.
    assert by_month[date(2027, 2, 1)].pipeline == 4_500_000
    assert by_month[date(2027, 3, 1)].pipeline == 0
    assert figures.projection_total == 8_000_000 + 6_500_000 * 2 + 4_500_000
    assert figures.paid_total == 4_000_000
    assert figures.paid_by_month == [(date(2026, 10, 1), 4_000_000)]


def test_a_province_uses_its_own_rate_or_the_national_one(book):
    bac_ninh = spending(province="24")
    assert bac_ninh.rate.source == "province"
    assert bac_ninh.rate.rate == pytest.approx(2 / 3)
    assert bac_ninh.projection[0].pipeline == 2_000_000
    ha_noi = spending(province="01")
    assert ha_noi.rate.source == "national"
    assert ha_noi.rate.rate == pytest.approx(3 / 4)
    assert ha_noi.projection[0].pipeline == 4_500_000


@time_machine.travel("2026-12-01 09:00 +07:00", tick=False)
def test_the_closure_scenario_uses_the_real_calculator():
    employer = EmployerFactory(tax_code="2300111222", name="Công ty May Thử")
    people = []
    for salary, months in ((6_000_000, 40), (10_000_000, 20)):
        person = PersonFactory()
        employment(
            person,
            employer,
            start=date(2026, 12, 1).replace(year=2026 - 4),
            end=None,
            months=0,
            salary=salary,
        )
        # The last `months` months up to November 2026, at that salary.
        first = (2026 * 12 + 10) - months + 1
        Contribution.objects.using("social_security").bulk_create(
            Contribution(
                person=person,
                employer=employer,
                month=date((first + k) // 12, (first + k) % 12 + 1, 1),
                insured_salary=salary,
                ui_paid=True,
            )
            for k in range(months)
        )
        people.append(person)
    on = date(2026, 12, 1)
    expected = []
    for person in people:
        result = assess(
            personal_id=person.personal_id,
            filing_date=on,
            declared=Declared(
                employer_tax_code=employer.tax_code,
                contract_type="indefinite",
                termination_date=on,
                termination_reason="business_closure",
            ),
        ).result
        assert result is not None and result.eligible
        expected.append((result.monthly_benefit, result.duration_months))
    # Hand: 60% of the average salary; 40 months -> 4 months, 20 months -> 3 months (12-36: 3).
    assert expected[0][0] == 3_600_000 and expected[1][0] == 6_000_000
    scenario = closure_scenario(workers=100, province="24", tax_code="2300111222", on=on)
    assert scenario.sampled == 2 and scenario.eligible == 2
    # Month k: 100 x (sum of the benefits of those entitled to k months or more) / 2.
    for m in scenario.months:
        paid = sum(b for b, d in expected if d >= m.index)
        assert m.amount == 100 * paid // 2
    assert scenario.months[0].amount == 100 * (3_600_000 + 6_000_000) // 2
    assert scenario.total == sum(100 * b * d for b, d in expected) // 2
    with pytest.raises(ScenarioError):
        closure_scenario(workers=10, province="24", tax_code="0000000000", on=on)
