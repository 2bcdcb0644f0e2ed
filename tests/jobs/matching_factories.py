"""Vacancies, courses and a recipient with a store record, for the matching and offers tests."""

from __future__ import annotations

import itertools
from datetime import date

from claims.models import Claim
from jobs.catalogue.models import PublishStatus, Vacancy
from tests.claims.period.support import period_claim
from tests.eligibility.factories import EmployerFactory, PersonFactory, employment
from tests.factories import CenterFactory, StaffFactory
from training.catalogue.models import Course, Institution

_n = itertools.count(1)


def vacancy(**kw) -> Vacancy:
    n = next(_n)
    fields = {
        "employer_name": f"Công ty TNHH Thử nghiệm {n}",
        "employer_tax_code": f"23{n:08d}",
        "title": "Công nhân may công nghiệp",
        "occupation": "Thợ may",
        "sector": "garment",
        "province_code": "24",
        "address": "KCN Quế Võ, Bắc Ninh",
        "wage_min": 7_000_000,
        "wage_max": 9_000_000,
        "contract_type": "indefinite",
        "requirements": "Có tay nghề may",
        "deadline": date(2026, 12, 31),
        "status": PublishStatus.OPEN,
    }
    fields.update(kw)
    if "posted_by" not in fields:
        fields["posted_by"] = StaffFactory(
            center=CenterFactory(province_code=fields["province_code"])
        )
    return Vacancy.objects.create(**fields)


def course(**kw) -> Course:
    n = next(_n)
    institution = kw.pop("institution", None) or Institution.objects.create(
        name=f"Trường Cao đẳng Thử nghiệm {n}",
        code=f"truong-{n}",
        province_code=kw.get("province_code", "24"),
        address="Bắc Ninh",
        license_number=f"GCN-{n}",
    )
    fields = {
        "institution": institution,
        "title": "Công nghệ may thời trang",
        "field": "garment_technology",
        "level": Course.Level.values[0],
        "province_code": "24",
        "address": "Bắc Ninh",
        "start_date": date(2026, 5, 1),
        "duration_months": 3,
        "seats": 30,
        "tuition": 4_500_000,
    }
    fields.update(kw)
    return Course.objects.create(**fields)


def garment_recipient(
    *, province: str = "24", salary: int = 8_000_000, earlier_sector: str | None = "Điện tử"
) -> Claim:
    """A claim in its benefit period (RULES.md example 1) whose store record shows a garment
    job ended 2026-02-27 at `salary`, after an earlier job in `earlier_sector`."""
    claim = period_claim(center=CenterFactory(province_code=province))
    person = PersonFactory(personal_id=claim.personal_id)
    if earlier_sector:
        before = EmployerFactory(sector=earlier_sector)
        employment(person, before, start=date(2018, 1, 1), end=date(2019, 12, 31), months=24)
    last = EmployerFactory(sector="Dệt may", province_code=province)
    employment(
        person,
        last,
        start=date(2020, 1, 1),
        end=date(2026, 2, 27),
        months=74,
        salary=salary,
        reason="business_closure",
    )
    Claim.objects.filter(pk=claim.pk).update(
        employer_tax_code=last.tax_code, employer_name=last.name
    )
    claim.refresh_from_db()
    return claim


def mfa_officer(claim: Claim, role: str = "officer"):  # type: ignore[no-untyped-def]
    """An officer (or signer) of the claim's center who passes the MFA middleware."""
    from tests.claims.tracking.test_views_citizen import staff_with_mfa  # noqa: PLC0415 - a test helper

    return staff_with_mfa(role=role, center=claim.center)
