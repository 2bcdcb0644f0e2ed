"""The API tests' worker and record (tests.claims.api.helpers.FakeRegistry): the garment
worker with a fixed personal ID, as the API's examples show."""

from __future__ import annotations

import pytest

from tests.claims.api.helpers import FakeRegistry
from tests.eligibility.assessment_builders import garment_worker
from tests.factories import CitizenFactory


@pytest.fixture
def registry(settings):
    settings.SOCIAL_SECURITY_REGISTRY = "tests.claims.api.helpers.FakeRegistry"
    FakeRegistry.records = {}
    yield FakeRegistry.records
    FakeRegistry.records = {}


@pytest.fixture
def citizen(registry):
    """A level-2 citizen whose record is RULES.md's garment worker (closure 2026-02-27)."""
    user = CitizenFactory(personal_id="001090000001", username="vneid-001090000001")
    registry[user.personal_id] = garment_worker(personal_id=user.personal_id)
    return user
