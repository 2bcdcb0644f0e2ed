"""Fixtures of the employers' tests."""

from __future__ import annotations

import pytest

from eligibility.registry import DatabaseRegistry, EmployerInfo, read_only_store


@pytest.fixture(autouse=True)
def _registry_employer(monkeypatch):
    # TEMPORARY until DatabaseRegistry.employer lands (after MOVED-R2).
    if hasattr(DatabaseRegistry, "employer"):
        return
    from eligibility.records.models import Employer

    def employer(self, tax_code):
        with read_only_store(self.using):
            row = Employer.objects.using(self.using).filter(tax_code=tax_code).first()
        if row is None:
            return None
        return EmployerInfo(
            tax_code=row.tax_code,
            name=row.name,
            province_code=row.province_code,
            wage_region=row.wage_region,
            wage_regime=row.wage_regime,
            sector=row.sector,
            ownership=row.ownership,
        )

    monkeypatch.setattr(DatabaseRegistry, "employer", employer, raising=False)
