"""An employer signs in with the enterprise's VNeID organisation account (real HTTP, the mock)."""

from __future__ import annotations

import pytest
import requests

from employers.selectors import represented_tax_codes, user_represents
from identity.mock_vneid.services import organisation_register
from identity.models import User
from tests.factories import PASSWORD, PopulationRecordFactory
from tests.identity import browserless as b

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

TAX_CODE = "2300987654"


def _org_login(session: requests.Session, base_url: str, tax_code: str, password: str):
    login_page = session.get(f"{base_url}/doanh-nghiep/dang-nhap/", timeout=20)
    page = b.submit(session, b.form_to(login_page, "scope=organisation"))
    assert "/mock-vneid/to-chuc/dang-nhap/" in page.url, page.url
    page = b.submit(
        session,
        b.form_to(page, "/mock-vneid/to-chuc/dang-nhap/"),
        tax_code=tax_code,
        password=password,
    )
    assert TAX_CODE in page.text  # the consent page names the organisation
    return b.consent(session, page)


def test_an_organisation_login_makes_an_employer_account_apart_from_the_citizen(vneid_live):
    person = PopulationRecordFactory(personal_id="001085000111", full_name="Kim Min Jun")
    organisation_register(
        tax_code=TAX_CODE,
        name="Công ty TNHH May mặc Hanwoo Vina",
        representative=person,
        password=PASSWORD,
    )
    # The representative has their own citizen account already.
    b.full_login(requests.Session(), vneid_live.url, person.personal_id, PASSWORD)

    landing = _org_login(requests.Session(), vneid_live.url, TAX_CODE, PASSWORD)

    assert landing.status_code in (200, 403)
    employer = User.objects.get(role="employer")
    assert employer.org_tax_code == TAX_CODE
    assert employer.personal_id is None
    assert employer.full_name == "Công ty TNHH May mặc Hanwoo Vina"
    citizen = User.objects.get(personal_id=person.personal_id)
    assert citizen.role == User.Role.CITIZEN and citizen.pk != employer.pk
    assert user_represents(employer, TAX_CODE)
    assert represented_tax_codes(citizen) == []
    # A second login finds the same account.
    _org_login(requests.Session(), vneid_live.url, TAX_CODE, PASSWORD)
    assert User.objects.filter(role="employer").count() == 1


def test_a_wrong_organisation_password_is_refused_with_a_message(vneid_live):
    person = PopulationRecordFactory()
    organisation_register(
        tax_code=TAX_CODE, name="Công ty Thử", representative=person, password=PASSWORD
    )
    session = requests.Session()
    login_page = session.get(f"{vneid_live.url}/doanh-nghiep/dang-nhap/", timeout=20)
    page = b.submit(session, b.form_to(login_page, "scope=organisation"))
    page = b.submit(
        session, b.form_to(page, "/mock-vneid/to-chuc/dang-nhap/"), tax_code=TAX_CODE, password="x"
    )
    assert page.status_code == 200 and "Mã số thuế hoặc mật khẩu không đúng" in page.text
    assert not User.objects.filter(role="employer").exists()


def test_a_citizen_login_carries_no_organisation(vneid_live):
    person = PopulationRecordFactory()
    organisation_register(
        tax_code=TAX_CODE, name="Công ty Thử", representative=person, password=PASSWORD
    )
    b.full_login(requests.Session(), vneid_live.url, person.personal_id, PASSWORD)
    user = User.objects.get(personal_id=person.personal_id)
    assert user.role == User.Role.CITIZEN and not user.org_tax_code
