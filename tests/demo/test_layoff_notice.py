"""The demo's Hanwoo Vina notice: the factory's workers listed on the closure day, confirmed,
each one's claim prefilled with the agency's signed extract; made once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from claims.models import Claim, EmployerReport
from demo import dataset
from demo.layoff_notice import FACTORY_TAX_CODE, demo_notice_ensure, demo_representative_ensure
from employers.models import LayoffNotice
from identity.mock_vneid.models import OrganisationRecord
from identity.models import User
from tests.eligibility.factories import EmployerFactory, PersonFactory, employment, snapshot
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

CLOSURE = date(2026, 11, 20)


@pytest.fixture
def factory_store(settings, tmp_path):
    settings.SOCIAL_SECURITY_EXTRACT_KEYS_DIR = str(tmp_path / "agency")
    CenterFactory(province_code="24")
    snapshot(date(2026, 11, 1))
    factory = EmployerFactory(
        tax_code=FACTORY_TAX_CODE, name="Công ty TNHH May mặc Hanwoo Vina", province_code="24"
    )
    other = EmployerFactory(tax_code="0500112233", province_code="33")
    for n, name in enumerate(("Nguyễn Thị Lan", "Trần Văn Minh", "Lê Thị Hồng")):
        person = PersonFactory(personal_id=f"02419100000{n}", full_name=name)
        employment(
            person,
            factory,
            start=date(2021, 3, 1),
            end=CLOSURE,
            months=69,
            reason="business_closure",
        )
    # Someone else's termination the same day is not on the factory's list.
    employment(
        PersonFactory(personal_id="024191000099"),
        other,
        start=date(2022, 1, 1),
        end=CLOSURE,
        months=40,
        reason="business_closure",
    )
    return factory


def test_the_factorys_notice_is_filed_on_the_closure_day_and_every_claim_prefilled(
    factory_store,
):
    hr = User.objects.create_user(username="hr-hanwoo", role=User.Role.CITIZEN)
    with time_machine.travel(datetime(2026, 11, 20, 18, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        made = demo_notice_ensure(closure=CLOSURE, representative=hr)
        again = demo_notice_ensure(closure=CLOSURE, representative=hr)
    notice = made.notice
    assert made.created and not again.created and again.notice == notice
    assert notice.status == LayoffNotice.Status.CONFIRMED and notice.notified_on == CLOSURE
    assert notice.workers.count() == 3
    assert made.prefill.reported == 3 and made.prefill.confirmed == 3
    assert EmployerReport.objects.filter(notice_id=notice.pk).count() == 3
    assert Claim.objects.filter(status="draft", employer_report__isnull=False).count() == 3
    assert LayoffNotice.objects.count() == 1


def test_the_factorys_hr_manager_represents_its_vneid_organisation_account():
    demo_representative_ensure()
    demo_representative_ensure()  # made once, whatever the number of runs
    organisation = OrganisationRecord.objects.get(tax_code=FACTORY_TAX_CODE)
    assert organisation.name == dataset.FACTORY_NAME
    assert organisation.representative.full_name == "Phạm Thu Hà"
    assert organisation.check_password(dataset.DEMO_PASSWORD)
    assert not organisation.check_password("not-the-password")
