"""tests/training: the social-security record through the fake registry, time frozen on a
working day of 2026, and the decision signing keys of the claims decision tests."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir  # noqa: F401 - fixtures
from tests.eligibility.assessment_builders import (
    FAKE_REGISTRY_PATH,
    GARMENT,
    FakeRegistry,
    months,
    record,
    spell,
)

TODAY = date(2026, 5, 4)
#: Laid off on 15 March 2026 after 39 months of UI contributions: path 2 qualifies.
ENDED = date(2026, 3, 15)


def laid_off(personal_id: str, *, ui_months: int = 39, end: date | None = ENDED):
    first = date(2023, 1, 1)
    return record(
        personal_id=personal_id,
        spells=(spell(GARMENT, date(2023, 1, 2), end),),
        contributions=months(first, ui_months, GARMENT, 6_500_000),
    )


@pytest.fixture(autouse=True)
def registry(settings):
    settings.SOCIAL_SECURITY_REGISTRY = FAKE_REGISTRY_PATH
    previous = FakeRegistry.records
    FakeRegistry.records = {}
    with time_machine.travel(date(2026, 5, 4), tick=False):
        yield FakeRegistry.records
    FakeRegistry.records = previous
