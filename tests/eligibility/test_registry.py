"""The registry: what a record holds, how many queries it costs, and that it never writes."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connections, transaction

from eligibility.registry import (
    DatabaseRegistry,
    PersonRecord,
    SocialSecurityRegistry,
    WriteRefused,
    get_registry,
    read_only_store,
    ui_months_in_window,
)
from tests.eligibility.factories import (
    STORE,
    BenefitFactory,
    ContributionFactory,
    EmployerFactory,
    PersonFactory,
    employment,
    snapshot,
)

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


def _garment_worker():
    person = PersonFactory(personal_id="024188000001", full_name="Nguyễn Thị Hoa")
    factory_ = EmployerFactory(
        name="Công ty TNHH May mặc Hanwoo Vina", tax_code="2300987654", ownership="foreign"
    )
    employment(
        person,
        factory_,
        start=date(2024, 3, 1),
        end=date(2026, 2, 27),
        months=24,
        reason="business_closure",
    )
    return person, factory_


def test_person_record_holds_spells_contributions_and_employers():
    person, employer = _garment_worker()
    snapshot()
    record = DatabaseRegistry().person_record(person.personal_id)
    assert isinstance(record, PersonRecord)
    assert record.full_name == "Nguyễn Thị Hoa"
    assert [s.termination_reason for s in record.spells] == ["business_closure"]
    assert record.spells[0].employer.name == employer.name
    assert record.spells[0].employer.province_name == "Tỉnh Bắc Ninh"
    assert len(record.contributions) == 24
    assert record.contributions[0].month == date(2024, 3, 1)
    assert record.contributions[-1].insured_salary == 6_500_000
    assert record.contributions[-1].wage_region == "II"
    assert [e.tax_code for e in record.employers] == ["2300987654"]
    assert record.data_through == date(2026, 4, 1)


def test_a_record_says_the_latest_snapshot_s_data_through_or_none():
    person, _ = _garment_worker()
    registry = DatabaseRegistry()
    assert registry.person_record(person.personal_id).data_through is None
    snapshot(date(2026, 4, 1))
    snapshot(date(2026, 3, 1))  # the latest snapshot, whatever its date
    other = PersonFactory()
    records = registry.person_records([person.personal_id, other.personal_id])
    assert {r.data_through for r in records.values()} == {date(2026, 3, 1)}
    assert registry.data_through() == date(2026, 3, 1)


def test_records_are_immutable():
    person, _ = _garment_worker()
    record = DatabaseRegistry().person_record(person.personal_id)
    with pytest.raises(AttributeError):
        record.full_name = "someone else"  # type: ignore[misc]


def test_unknown_person_is_none():
    assert DatabaseRegistry().person_record("999999999999") is None


def test_a_record_costs_the_same_queries_whatever_its_size(django_assert_num_queries):
    small = PersonFactory()
    employment(small, EmployerFactory(), start=date(2025, 1, 1), end=None, months=2)
    big = PersonFactory()
    for year in (2016, 2019, 2022):
        employment(
            big, EmployerFactory(), start=date(year, 1, 1), end=date(year + 2, 12, 31), months=36
        )
    BenefitFactory(person=big)
    BenefitFactory(person=big)
    snapshot()
    registry = DatabaseRegistry()
    store = connections[STORE]
    # person with the snapshot's data_through, spells+employers, contributions+employers, benefits
    with django_assert_num_queries(4, connection=store):
        assert len(registry.person_record(small.personal_id).contributions) == 2
    with django_assert_num_queries(4, connection=store):
        record = registry.person_record(big.personal_id)
        assert len(record.contributions) == 108
        assert len(record.spells) == 3
        assert len(record.benefits) == 2


def test_many_records_cost_constant_queries(django_assert_num_queries):
    people = [PersonFactory() for _ in range(6)]
    for p in people:
        employment(p, EmployerFactory(), start=date(2024, 1, 1), end=None, months=12)
    with django_assert_num_queries(4, connection=connections[STORE]):
        records = DatabaseRegistry().person_records(
            [p.personal_id for p in people] + ["000000000000"]
        )
    assert set(records) == {p.personal_id for p in people}


def _refuse_writes(execute, sql, params, many, context):
    if not sql.lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK")):
        raise AssertionError(f"the portal wrote to the social-security store: {sql}")
    return execute(sql, params, many, context)


def test_reading_never_writes_to_the_store():
    person, _ = _garment_worker()
    snapshot()
    registry = DatabaseRegistry()
    with connections[STORE].execute_wrapper(_refuse_writes):
        assert registry.person_record(person.personal_id) is not None
        assert registry.person_records([person.personal_id])
        assert list(registry.terminations_between(date(2026, 1, 1), date(2026, 12, 31)))
        assert registry.data_through() == date(2026, 4, 1)


def test_the_read_only_guard_refuses_a_write():
    employer = EmployerFactory()
    with read_only_store(), pytest.raises(WriteRefused), transaction.atomic(using=STORE):
        type(employer).objects.using(STORE).filter(pk=employer.pk).update(name="changed")
    assert type(employer).objects.using(STORE).get(pk=employer.pk).name == employer.name


def test_terminations_between_reads_in_chunks_in_date_order(django_assert_num_queries):
    employer = EmployerFactory()
    ends = [date(2026, 2, 27)] * 3 + [
        date(2026, 1, 31),
        date(2026, 3, 15),
        date(2025, 12, 31),
        date(2026, 5, 1),
    ]
    for end in ends:
        employment(
            PersonFactory(),
            employer,
            start=date(2024, 1, 1),
            end=end,
            months=3,
            reason="business_closure",
        )
    employment(PersonFactory(), employer, start=date(2024, 1, 1), end=None, months=3)
    with django_assert_num_queries(3, connection=connections[STORE]):
        found = list(
            DatabaseRegistry().terminations_between(
                date(2026, 1, 1), date(2026, 3, 31), chunk_size=2
            )
        )
    assert [t.end_date for t in found] == [date(2026, 1, 31)] + [date(2026, 2, 27)] * 3 + [
        date(2026, 3, 15)
    ]
    assert len({t.personal_id for t in found}) == 5
    assert all(t.termination_reason == "business_closure" for t in found)


def test_ui_months_count_each_month_once_and_never_after_the_reference():
    months = [date(2025, 1, 1), date(2025, 1, 1), date(2025, 6, 1), date(2026, 3, 1)]
    assert ui_months_in_window(months, date(2026, 2, 1), 24) == 2
    assert ui_months_in_window(months, date(2026, 3, 1), 24) == 3
    assert ui_months_in_window(months, date(2026, 12, 1), 12) == 1


def test_reference_month_is_the_latest_termination_or_the_current_month_capped_by_the_data():
    person = PersonFactory()
    a, b = EmployerFactory(), EmployerFactory()
    employment(
        person,
        a,
        start=date(2023, 1, 1),
        end=date(2025, 6, 30),
        months=30,
        reason="contract_expired",
    )
    employment(
        person,
        b,
        start=date(2025, 9, 1),
        end=date(2026, 2, 27),
        months=6,
        reason="employer_dismissal",
    )
    snapshot(date(2026, 4, 1))
    record = DatabaseRegistry().person_record(person.personal_id)
    assert not record.still_employed
    assert record.reference_month(date(2026, 11, 23)) == date(2026, 2, 1)
    assert (
        record.ui_months_in_window(date(2026, 2, 1), 24) == 16 + 6
    )  # 2024-03..2025-06 and 2025-09..2026-02

    employed = PersonFactory()
    employment(employed, a, start=date(2024, 1, 1), end=None, months=28)
    record = DatabaseRegistry().person_record(employed.personal_id)
    assert record.still_employed
    assert record.reference_month(date(2026, 11, 23)) == date(2026, 4, 1)  # no data after 04/2026
    assert record.reference_month(date(2026, 3, 10)) == date(2026, 3, 1)


def test_two_employers_in_one_month_count_once():
    person = PersonFactory()
    a, b = EmployerFactory(), EmployerFactory()
    employment(person, a, start=date(2025, 1, 1), end=None, months=12)
    employment(person, b, start=date(2025, 7, 1), end=None, months=6)
    record = DatabaseRegistry().person_record(person.personal_id)
    assert len(record.contributions) == 18
    assert record.ui_months_in_window(date(2025, 12, 1), 24) == 12
    assert {c.employer_tax_code for c in record.latest_contributions} == {a.tax_code, b.tax_code}


def test_months_without_ui_are_not_counted():
    person = PersonFactory()
    employer = EmployerFactory()
    employment(person, employer, start=date(2025, 1, 1), end=None, months=6)
    ContributionFactory(person=person, employer=employer, month=date(2025, 7, 1), ui_paid=False)
    record = DatabaseRegistry().person_record(person.personal_id)
    assert record.ui_months_in_window(date(2025, 7, 1), 24) == 6
    assert len(record.insured_months) == 7


class FakeRegistry:
    def person_record(self, personal_id):
        return None

    def person_records(self, personal_ids):
        return {}

    def terminations_between(self, start, end, *, chunk_size=2000):
        return iter(())

    def data_through(self):
        return None

    def employer(self, tax_code):
        return None

    def employment_histories(self, personal_ids):
        return {}


def test_get_registry_follows_the_setting(settings):
    assert isinstance(get_registry(), DatabaseRegistry)
    settings.SOCIAL_SECURITY_REGISTRY = "tests.eligibility.test_registry.FakeRegistry"
    registry = get_registry()
    assert isinstance(registry, FakeRegistry)
    assert isinstance(registry, SocialSecurityRegistry)
    assert isinstance(DatabaseRegistry(), SocialSecurityRegistry)
