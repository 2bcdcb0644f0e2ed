"""The rules snapshot inside transactions: cached unless the transaction changed the rules itself.

A claim's submission is one transaction; it reads the rules without a query when no rules table
changed since the snapshot was taken (the version token in the shared cache says so), and a
transaction that changed one sees its own change (eligibility.rules_cache).
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from eligibility.models import PublicHoliday, RuleSet
from eligibility.rules_cache import VERSION_KEY, changed_in_transaction
from eligibility.selectors import rulebook_for
from tests.eligibility.rules_factories import PublicHolidayFactory

RULES_QUERIES = 5  # rule sets, wages, base salaries, holidays, holiday years
TEST_DAY = date(2026, 3, 9)


class Rollback(Exception):
    """Raised to roll a savepoint back."""


@pytest.mark.django_db
def test_a_transaction_that_changed_no_rules_reads_the_cached_snapshot(
    django_assert_num_queries,
):
    assert connection.in_atomic_block  # the test's own transaction
    with django_assert_num_queries(RULES_QUERIES):
        first = rulebook_for(date(2026, 3, 1))
    with transaction.atomic(), django_assert_num_queries(0):
        again = rulebook_for(date(2026, 3, 2))
    assert again.holidays == first.holidays


@pytest.mark.django_db
def test_a_rules_change_inside_a_transaction_is_seen_by_that_transaction(
    django_assert_num_queries,
):
    rulebook_for(date(2026, 3, 1))  # cached
    with pytest.raises(Rollback), transaction.atomic():
        PublicHolidayFactory(date=TEST_DAY, name="Ngày nghỉ thử")
        assert changed_in_transaction()
        with django_assert_num_queries(RULES_QUERIES):  # the tables, not the cache
            assert TEST_DAY in rulebook_for(date(2026, 3, 1)).holidays
        # Nothing it saw was kept for others: the next read still goes to the tables.
        with django_assert_num_queries(RULES_QUERIES):
            assert TEST_DAY in rulebook_for(date(2026, 3, 1)).holidays
        raise Rollback
    # The savepoint took the change (and its pending rules_changed) with it.
    assert not changed_in_transaction()
    assert TEST_DAY not in rulebook_for(date(2026, 3, 1)).holidays


@pytest.mark.django_db
def test_a_change_kept_by_a_savepoint_is_still_seen_after_it(django_assert_num_queries):
    rulebook_for(date(2026, 3, 1))
    with transaction.atomic():
        PublicHolidayFactory(date=TEST_DAY, name="Ngày nghỉ thử")
    # Released, not committed: only this transaction sees the row.
    assert changed_in_transaction()
    with django_assert_num_queries(RULES_QUERIES):
        assert TEST_DAY in rulebook_for(date(2026, 3, 1)).holidays


@pytest.mark.django_db(transaction=True)  # the seeded rules come back via tests/conftest.py
def test_a_change_committed_by_another_process_is_seen_once_it_replaces_the_token(
    django_assert_num_queries,
):
    rulebook_for(date(2026, 3, 1))
    # Another process commits a change: this process gets no signal, only the shared token.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO eligibility_publicholiday (date, name, legal_reference)"
            " VALUES (%s, %s, %s)",
            [TEST_DAY, "Ngày nghỉ thử", "x"],
        )
    with transaction.atomic(), django_assert_num_queries(0):
        # Until that process's commit replaces the token, the snapshot holds.
        assert TEST_DAY not in rulebook_for(date(2026, 3, 1)).holidays
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)  # its rules_changed()
    with transaction.atomic():
        assert TEST_DAY in rulebook_for(date(2026, 3, 1)).holidays
        if connection.vendor == "postgresql":
            # Read inside a READ COMMITTED transaction, the new snapshot is kept for the others.
            with django_assert_num_queries(0):
                assert TEST_DAY in rulebook_for(date(2026, 3, 2)).holidays
    assert PublicHoliday.objects.filter(date=TEST_DAY).exists()


@pytest.mark.django_db(transaction=True)
def test_a_rules_change_committed_here_reaches_reads_in_later_transactions():
    with transaction.atomic():
        assert rulebook_for(date(2026, 3, 1)).rule_set.identifier == "luat-viec-lam-2025"
    with transaction.atomic():
        RuleSet.objects.get(identifier="luat-viec-lam-2025").delete()
        assert rulebook_for(date(2026, 3, 1)).rule_set.identifier == "luat-viec-lam-2013-nd61"
    assert not changed_in_transaction()
    with transaction.atomic():
        assert rulebook_for(date(2026, 3, 1)).rule_set.identifier == "luat-viec-lam-2013-nd61"
