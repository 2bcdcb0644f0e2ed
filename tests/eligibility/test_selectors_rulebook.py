"""rulebook_for picks the published rule set in force on the termination date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from eligibility.calculator.types import DatedAmount, RuleBook
from eligibility.exceptions import NoRuleSetInForce
from eligibility.models import PublicHoliday, RuleSet
from eligibility.selectors import rule_sets_published, rulebook_for
from tests.eligibility.rules_factories import PublicHolidayFactory, RuleSetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("termination", "identifier", "valid_until"),
    [
        (date(2015, 1, 1), "luat-viec-lam-2013", date(2020, 7, 14)),
        (date(2020, 7, 15), "luat-viec-lam-2013-nd61", date(2025, 12, 31)),
        (date(2025, 12, 31), "luat-viec-lam-2013-nd61", date(2025, 12, 31)),
        (date(2026, 1, 1), "luat-viec-lam-2025", None),
        (date(2030, 6, 1), "luat-viec-lam-2025", None),
    ],
)
def test_the_rule_set_in_force_on_the_termination_date_is_chosen(
    termination, identifier, valid_until
):
    book = rulebook_for(termination)
    assert isinstance(book, RuleBook)
    assert book.rule_set.identifier == identifier
    assert book.rule_set.valid_until == valid_until


def test_before_the_first_rule_set_there_is_no_rule_set_in_force():
    with pytest.raises(NoRuleSetInForce) as caught:
        rulebook_for(date(2014, 12, 31))
    assert caught.value.day == date(2014, 12, 31)
    assert "31/12/2014" in str(caught.value)


def test_the_parameters_are_those_of_the_row():
    params = rulebook_for(date(2026, 2, 27)).rule_set
    assert params.law == "2025"
    assert params.window_months == {"indefinite": 24, "fixed_term": 24, "seasonal": 36}
    assert params.replacement_rate == Decimal("0.600")
    assert params.cap_base == {
        "enterprise": "regional_minimum_wage",
        "state": "regional_minimum_wage",
    }
    assert params.cap_wage_date == "last_contribution_month"
    assert params.entitlement_start_unit == "working"
    assert params.excluded_reasons == frozenset(
        {"employee_unlawful_resignation", "retirement_pension"}
    )
    assert rulebook_for(date(2025, 6, 30)).rule_set.cap_base["state"] == "base_salary"


def test_the_book_holds_every_dated_value_in_ascending_order():
    book = rulebook_for(date(2026, 2, 27))
    region_two = book.regional_minimum_wages["II"]
    assert [row.valid_from for row in region_two] == sorted(row.valid_from for row in region_two)
    assert region_two[-1] == DatedAmount(
        date(2026, 1, 1), 4_730_000, region_two[-1].legal_reference
    )
    assert set(book.regional_minimum_wages) == {"I", "II", "III", "IV"}
    assert book.base_salaries[-1].amount == 2_340_000
    assert [row.valid_from for row in book.base_salaries] == sorted(
        row.valid_from for row in book.base_salaries
    )
    assert date(2026, 2, 17) in book.holidays and date(2026, 3, 2) not in book.holidays


def test_a_draft_is_ignored_until_published():
    RuleSetFactory(valid_from=date(2027, 1, 1), replacement_rate=Decimal("0.650"))
    assert rulebook_for(date(2027, 2, 1)).rule_set.identifier == "luat-viec-lam-2025"


def test_with_include_draft_the_draft_judges_its_period_and_closes_the_previous_one():
    draft = RuleSetFactory(valid_from=date(2027, 1, 1), replacement_rate=Decimal("0.650"))
    book = rulebook_for(date(2027, 2, 1), include_draft=draft)
    assert book.rule_set.identifier == draft.identifier
    assert book.rule_set.replacement_rate == Decimal("0.650")
    before = rulebook_for(date(2026, 6, 1), include_draft=draft)
    assert before.rule_set.identifier == "luat-viec-lam-2025"
    assert before.rule_set.valid_until == date(2026, 12, 31)


def test_a_draft_starting_on_a_published_date_replaces_it_for_the_what_if():
    draft = RuleSetFactory.build(valid_from=date(2026, 1, 1), duration_max_months=10)
    book = rulebook_for(date(2026, 3, 1), include_draft=draft)
    assert book.rule_set.identifier == draft.identifier
    assert book.rule_set.duration_max_months == 10


def test_rule_sets_published_lists_each_with_its_last_day():
    published = rule_sets_published()
    assert [(p.identifier, p.valid_from, p.valid_until) for p in published] == [
        ("luat-viec-lam-2013", date(2015, 1, 1), date(2020, 7, 14)),
        ("luat-viec-lam-2013-nd61", date(2020, 7, 15), date(2025, 12, 31)),
        ("luat-viec-lam-2025", date(2026, 1, 1), None),
    ]


def test_reads_inside_a_transaction_see_uncommitted_changes(django_assert_max_num_queries):
    PublicHolidayFactory(date=date(2026, 3, 9), name="Ngày nghỉ thử")
    with django_assert_max_num_queries(5):  # rule sets, wages, base salaries, holidays, years
        book = rulebook_for(date(2026, 3, 1))
    assert date(2026, 3, 9) in book.holidays


@pytest.mark.django_db(transaction=True)  # the seeded rules come back via tests/conftest.py
def test_outside_a_transaction_the_book_is_cached_until_a_rules_table_changes(
    django_assert_num_queries,
):
    first = rulebook_for(date(2026, 3, 1))
    with django_assert_num_queries(0):
        again = rulebook_for(date(2026, 3, 2))
    assert again.holidays == first.holidays
    PublicHoliday.objects.create(date=date(2026, 3, 9), name="Ngày nghỉ thử", legal_reference="x")
    assert date(2026, 3, 9) in rulebook_for(date(2026, 3, 1)).holidays
    RuleSet.objects.filter(identifier="luat-viec-lam-2025").get().delete()
    assert rulebook_for(date(2026, 3, 1)).rule_set.identifier == "luat-viec-lam-2013-nd61"
