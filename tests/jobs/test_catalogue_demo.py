"""The demo's jobs catalogue: made once (a second run adds nothing), every item open, the fairs
with their employers, both programs."""

from __future__ import annotations

import pytest

from demo.jobs import HANWOO_FAIR_TITLE, VACANCIES, demo_jobs_ensure
from demo.management.commands.demo_data import ensure_centers, ensure_staff
from jobs.catalogue import selectors
from jobs.catalogue.models import JobFair, OverseasProgram, Vacancy

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue_is_made_once_and_open():
    ensure_centers()
    ensure_staff()
    made = demo_jobs_ensure()
    assert (made.vacancies, made.fairs, made.programs) == (len(VACANCIES), 2, 2)
    again = demo_jobs_ensure()
    assert (again.vacancies, again.fairs, again.programs) == (0, 0, 0)
    assert selectors.open_vacancies().count() == Vacancy.objects.count() == len(VACANCIES)
    assert {p.country for p in selectors.open_programs()} == {"KR", "JP"}
    fair = JobFair.objects.get(title=HANWOO_FAIR_TITLE)
    assert fair.center.province_code == "24" and fair.employers.count() == 4
    assert all(entry.vacancies.exists() for entry in fair.employers.all())
    eps = OverseasProgram.objects.get(country="KR")
    assert "EPS-TOPIK" in eps.language_requirement and "650 USD" in eps.costs
    assert "Chính sách xã hội" in eps.loans
    assert "môi giới" in OverseasProgram.objects.get(country="JP").costs
    assert Vacancy.objects.filter(employer_tax_code="2300987654").exists()  # Hanwoo Vina


def test_without_the_demo_staff_nothing_is_made():
    assert demo_jobs_ensure().vacancies == 0
    assert not Vacancy.objects.exists()
