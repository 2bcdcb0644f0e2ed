"""The stand-in store signs what it returns, through the registry (the one way in)."""

from __future__ import annotations

from datetime import date

import pytest

from eligibility.registry import DatabaseRegistry
from eligibility.signed_extract import SignedExtract, SignsExtracts, confirmed_extracts
from tests.claims.filing.helpers import FakeRegistry
from tests.eligibility.factories import EmployerFactory, PersonFactory, employment, snapshot

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


@pytest.fixture
def keys(settings, tmp_path):
    settings.SOCIAL_SECURITY_EXTRACT_KEYS_DIR = str(tmp_path / "agency")


@pytest.fixture
def people():
    snapshot()
    factory = EmployerFactory(tax_code="2300987654", name="Công ty TNHH May mặc Hanwoo Vina")
    lan = PersonFactory(personal_id="024190000001", full_name="Nguyễn Thị Lan")
    minh = PersonFactory(personal_id="024190000002", full_name="Trần Văn Minh")
    for person in (lan, minh):
        employment(person, factory, start=date(2022, 1, 1), end=None, months=40, salary=7_000_000)
    return lan, minh


def test_the_store_signs_each_record_it_returns(keys, people):
    registry = DatabaseRegistry()
    assert isinstance(registry, SignsExtracts)
    result = confirmed_extracts(["024190000001", "024190000002", "999999999999"], registry=registry)
    assert sorted(result.verified) == ["024190000001", "024190000002"] and result.refused == {}
    lan = result.verified["024190000001"]
    assert lan.data["full_name"] == "Nguyễn Thị Lan" and lan.data["ui_paid_months"] == 40
    assert lan.data["contributions"][0] == {
        "month": "2022-01",
        "employer_tax_code": "2300987654",
        "insured_salary": 7_000_000,
        "ui_paid": True,
    }


def test_a_changed_extract_or_one_for_someone_else_is_refused(keys, people):
    class Forging(DatabaseRegistry):
        def signed_extracts(self, personal_ids):
            signed = super().signed_extracts(personal_ids)
            lan = signed["024190000001"]
            return {
                "024190000001": SignedExtract(lan.payload.replace(b"Lan", b"Lam"), lan.signature),
                "024190000002": lan,  # Lan's valid extract offered as Minh's
            }

    result = confirmed_extracts(["024190000001", "024190000002"], registry=Forging())
    assert result.verified == {}
    assert result.refused == {"024190000001": "bad_signature", "024190000002": "other_person"}


def test_switched_off_the_store_signs_nothing(keys, people, settings):
    settings.SOCIAL_SECURITY_SIGNED_EXTRACTS = False
    assert DatabaseRegistry().signed_extracts(["024190000001"]) == {}
    assert confirmed_extracts(["024190000001"], registry=DatabaseRegistry()).verified == {}


def test_a_registry_without_the_service_confirms_nothing(keys, people):
    assert confirmed_extracts(["024190000001"], registry=FakeRegistry()).verified == {}
