"""The new-job sweep on the store's own database: only the months and contracts after the
termination are read (two queries a chunk, whatever the length of the histories)."""

from __future__ import annotations

from datetime import date

import pytest

from claims.period import detection
from eligibility.registry import DatabaseRegistry
from tests.eligibility.factories import EmployerFactory, PersonFactory, employment

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


def test_the_store_shows_the_new_job_after_the_termination(django_assert_max_num_queries):
    person = PersonFactory(personal_id="001088000123")
    old = EmployerFactory(tax_code="0101234567", name="Công ty Cơ khí Đông Anh")
    new = EmployerFactory(tax_code="0107654321", name="Công ty Điện tử Sao Mai")
    employment(person, old, start=date(2014, 1, 1), end=date(2026, 4, 30), months=148)
    employment(person, new, start=date(2026, 8, 1), end=None, months=1)
    quiet = PersonFactory(personal_id="001088000124")
    employment(quiet, old, start=date(2014, 1, 1), end=date(2026, 4, 30), months=148)
    since = {person.personal_id: date(2026, 4, 30), quiet.personal_id: date(2026, 4, 30)}
    with django_assert_max_num_queries(2, using="social_security"):
        seen = detection.store_seen(DatabaseRegistry(), since)
    assert set(seen) == {person.personal_id}  # nothing after the termination for the other
    shown = seen[person.personal_id]
    assert shown.contributions == ((date(2026, 8, 1), new.tax_code, new.name),)
    assert shown.starts == ((new.tax_code, date(2026, 8, 1)),)
    job = detection.new_job_in(
        shown,
        former_employer=old.tax_code,
        terminated_on=date(2026, 4, 30),
        period_end=date(2027, 5, 19),
    )
    assert job is not None and job.start == date(2026, 8, 1)
    assert job.employer_tax_code == new.tax_code
