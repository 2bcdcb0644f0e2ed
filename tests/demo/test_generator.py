"""The population generator: deterministic, the seed's scenario, every demo case, legal salaries."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max

from demo import dataset, generator
from demo.generator import (
    PopulationError,
    clear_population,
    generate_population,
    population_digest,
    salary_bounds,
    stored_closure_date,
)
from eligibility.records.models import (
    BenefitRecord,
    Contribution,
    Employer,
    EmploymentSpell,
    Person,
    StoreSnapshot,
)
from eligibility.registry import DatabaseRegistry
from identity.mock_vneid.models import PopulationRecord

STORE = "social_security"
BOTH = ["default", "social_security"]


@pytest.fixture(scope="module")
def population(django_db_setup, django_db_blocker):
    """One generated population (seed 11, 60 random people) shared by the read-only tests."""
    with django_db_blocker.unblock():
        clear_population()
        stats = generate_population(seed=11, people=60)
        yield stats
        clear_population()


@pytest.mark.django_db(databases=BOTH)
def test_same_seed_gives_identical_rows_and_another_seed_differs():
    clear_population()
    generate_population(seed=3, people=5)
    first = population_digest()
    assert PopulationRecord.objects.first().check_password(dataset.DEMO_PASSWORD)
    clear_population()
    generate_population(seed=3, people=5)
    assert population_digest() == first
    clear_population()
    generate_population(seed=4, people=5)
    assert population_digest() != first
    clear_population()


@pytest.mark.django_db(databases=BOTH)
def test_factory_closure_terminates_exactly_2600_workers_on_one_day(population):
    factory = Employer.objects.using(STORE).get(name=dataset.FACTORY_NAME)
    assert factory.ownership == "foreign" and factory.wage_region == "II"
    assert factory.province_code == dataset.FACTORY_PROVINCE
    spells = EmploymentSpell.objects.using(STORE).filter(employer=factory)
    assert spells.count() == dataset.FACTORY_WORKERS == population.factory_workers
    assert spells.values("person").distinct().count() == 2600
    assert set(spells.values_list("end_date", "termination_reason").distinct()) == {
        (date(2026, 10, 30), "business_closure")
    }
    assert dataset.FACTORY_CLOSURE_DATE == dataset.DEMO_CLOSURE_DATE == date(2026, 10, 30)
    months = Contribution.objects.using(STORE).filter(employer=factory)
    assert months.aggregate(last=Max("month"))["last"] == date(2026, 10, 1)  # the closure month
    assert StoreSnapshot.objects.using(STORE).get().data_through == date(2026, 10, 1)
    assert stored_closure_date() == date(2026, 10, 30)


@pytest.mark.django_db(databases=BOTH)
def test_every_demo_case_is_present_with_its_expected_counts(population):
    registry = DatabaseRegistry()
    for citizen in dataset.DEMO_CITIZENS:
        vneid = PopulationRecord.objects.get(personal_id=citizen.personal_id)
        assert vneid.identity_level == citizen.identity_level
        assert vneid.password and vneid.password != dataset.DEMO_PASSWORD  # stored hashed
        record = registry.person_record(citizen.personal_id)
        if not citizen.has_record:
            assert record is None, citizen.case
            continue
        assert record is not None, citizen.case
        assert record.full_name == vneid.full_name == citizen.full_name
        reference = record.reference_month(date(2026, 11, 23))
        if citizen.expected_ui_24 is not None:
            assert record.ui_months_in_window(reference, 24) == citizen.expected_ui_24, citizen.case
            assert record.ui_months_in_window(reference, 36) == citizen.expected_ui_36, citizen.case
    cases = {c.case for c in dataset.DEMO_CITIZENS}
    assert {"clean", "too_few_months", "gaps", "seasonal", "second_employer", "pensioner"} <= cases
    assert {"unlawful_resignation", "reemployed", "past_benefit", "level1", "no_record"} <= cases
    pensioner = registry.person_record(dataset.demo_citizen("pensioner").personal_id)
    assert pensioner.latest_termination.end_date == date(2026, 9, 30)
    assert pensioner.receiving_pension(date(2026, 10, 1))
    assert not pensioner.receiving_pension(date(2026, 9, 30))
    reemployed = registry.person_record(dataset.demo_citizen("reemployed").personal_id)
    assert reemployed.latest_termination.end_date == date(2026, 9, 30)
    assert reemployed.still_employed
    # A new employer pays for the months after the termination, up to the snapshot month.
    after = [c for c in reemployed.contributions if c.month > date(2026, 9, 1)]
    assert [c.month for c in after] == [date(2026, 10, 1)]
    assert {c.employer_name for c in after} == {"Công ty TNHH Điện tử Yên Phong"}
    second = registry.person_record(dataset.demo_citizen("second_employer").personal_id)
    assert second.latest_termination.end_date == date(2026, 10, 30)
    assert second.still_employed
    assert len({c.employer_tax_code for c in second.contributions_in(date(2026, 10, 1))}) == 2
    past = registry.person_record(dataset.demo_citizen("past_benefit").personal_id)
    assert past.benefits[0].contribution_months_used == 48
    assert past.latest_termination.end_date == date(2026, 10, 30)
    gaps = registry.person_record(dataset.demo_citizen("gaps").personal_id)
    assert len(gaps.ui_months) == 16
    assert min(gaps.ui_months) == date(2023, 9, 1) and max(gaps.ui_months) == date(2026, 10, 1)
    too_few = registry.person_record(dataset.demo_citizen("too_few_months").personal_id)
    assert sorted(too_few.ui_months)[0] == date(2026, 2, 1) and len(too_few.ui_months) == 9
    clean = registry.person_record(dataset.demo_citizen("clean").personal_id)
    assert len(clean.ui_months) == 82  # 2020-01..2026-10
    by_month = sorted(clean.contributions, key=lambda c: c.month)
    assert [c.insured_salary for c in by_month[-7:]] == [6_500_000] + [7_000_000] * 6
    assert by_month[-6].month == date(2026, 5, 1)


@pytest.mark.django_db(databases=BOTH)
def test_every_salary_lies_between_the_minimum_wage_and_twenty_times_it(population):
    rows = Contribution.objects.using(STORE).values_list(
        "month", "insured_salary", "employer__wage_region"
    )
    checked = 0
    for month, salary, region in rows.iterator(chunk_size=10_000):
        low, high = salary_bounds(region, month)
        assert low <= salary <= high, (month, salary, region)
        checked += 1
    assert checked == population.contributions


@pytest.mark.django_db(databases=BOTH)
def test_store_and_vneid_agree_on_every_person(population):
    vneid = {p.personal_id: p for p in PopulationRecord.objects.all()}
    people = list(Person.objects.using(STORE).all())
    assert len(people) == population.people
    for person in people:
        citizen = vneid[person.personal_id]
        assert (citizen.full_name, citizen.birth_date, citizen.sex) == (
            person.full_name,
            person.birth_date,
            person.sex,
        )
        assert len(person.personal_id) == 12 and person.personal_id.isdigit()
    assert PopulationRecord.objects.filter(identity_level=1).exists()
    provinces = set(Employer.objects.using(STORE).values_list("province_code", flat=True))
    assert len(provinces) == 34
    assert set(Employer.objects.using(STORE).values_list("wage_region", flat=True)) == {
        "I",
        "II",
        "III",
        "IV",
    }


@pytest.mark.django_db(databases=BOTH)
def test_no_person_has_two_rows_for_one_employer_and_month(population):
    duplicates = (
        Contribution.objects.using(STORE)
        .values("person", "employer", "month")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()
    assert BenefitRecord.objects.using(STORE).count() == population.benefits


@pytest.mark.django_db(databases=BOTH)
def test_a_salary_above_the_cap_is_refused(monkeypatch):
    clean = dataset.demo_citizen("clean")
    spell = clean.spells[0]
    bad = type(spell)(**{**spell.__dict__, "salaries": ((date(2020, 1, 1), 100_000_000),)})
    monkeypatch.setattr(
        dataset,
        "demo_citizens",
        lambda closure_date: (type(clean)(**{**clean.__dict__, "spells": (bad,)}),),
    )
    clear_population()
    with pytest.raises(PopulationError, match="outside"):
        generate_population(seed=1, people=0)
    assert generator.store_is_empty()


@pytest.mark.django_db(databases=BOTH)
def test_command_refuses_to_overwrite_without_replace():
    clear_population()
    out = StringIO()
    call_command("generate_population", "--seed", "2", "--people", "5", stdout=out)
    assert "2600 factory workers" in out.getvalue()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_population", "--seed", "2", "--people", "5", stdout=StringIO())
    call_command(
        "generate_population", "--seed", "2", "--people", "5", "--replace", stdout=StringIO()
    )
    assert Employer.objects.using(STORE).filter(name=dataset.FACTORY_NAME).count() == 1
    clear_population()


@pytest.mark.django_db(databases=BOTH)
def test_closure_date_option_moves_the_whole_scenario():
    clear_population()
    out = StringIO()
    call_command("generate_population", "--people", "0", "--closure-date", "2027-03-26", stdout=out)
    assert "26/03/2027" in out.getvalue()
    assert stored_closure_date() == date(2027, 3, 26)
    assert StoreSnapshot.objects.using(STORE).get().data_through == date(2027, 3, 1)
    factory = Employer.objects.using(STORE).get(name=dataset.FACTORY_NAME)
    assert set(
        EmploymentSpell.objects.using(STORE).filter(employer=factory).values_list("end_date")
    ) == {(date(2027, 3, 26),)}
    registry = DatabaseRegistry()
    for citizen in dataset.demo_citizens(date(2027, 3, 26)):
        record = registry.person_record(citizen.personal_id)
        if citizen.expected_ui_24 is None:
            continue
        reference = record.reference_month(date(2027, 4, 10))
        assert record.ui_months_in_window(reference, 24) == citizen.expected_ui_24, citizen.case
        assert record.ui_months_in_window(reference, 36) == citizen.expected_ui_36, citizen.case
    clean = registry.person_record(dataset.demo_citizen("clean").personal_id)
    assert max(clean.ui_months) == date(2027, 3, 1)
    assert "26/03/2027" in dataset.demo_citizens(date(2027, 3, 26))[0].description
    clear_population()


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "2025-12-31", "2026-11-10"])
@pytest.mark.django_db(databases=BOTH)
def test_a_closure_date_the_demo_cannot_use_is_refused(value):
    clear_population()
    with pytest.raises(CommandError, match="closure-date"):
        call_command("generate_population", "--people", "0", "--closure-date", value)
    assert generator.store_is_empty()
    with pytest.raises(PopulationError):
        generate_population(seed=1, people=0, closure_date=date(2026, 11, 10))
