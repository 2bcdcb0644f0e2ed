"""manage.py demo_data: population, 34 centers, MFA-ready staff, printed logins; idempotent."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management import call_command

from demo import dataset
from demo.generator import clear_population
from eligibility.records.models import Person
from identity.mock_vneid.models import PopulationRecord
from identity.models import EmploymentServiceCenter, User


@pytest.mark.django_db(databases=["default", "social_security"])
def test_demo_data_creates_everything_once_and_prints_the_logins(settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    clear_population()
    out = StringIO()
    call_command("demo_data", "--people", "10", "--claims", "0", stdout=out)
    text = out.getvalue()

    assert EmploymentServiceCenter.objects.count() == 34
    bac_ninh = EmploymentServiceCenter.objects.get(province_code="24")
    assert bac_ninh.name == "Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh"
    assert (
        EmploymentServiceCenter.objects.get(province_code="01").name
        == "Trung tâm Dịch vụ việc làm thành phố Hà Nội"
    )

    for staff in dataset.DEMO_STAFF:
        user = User.objects.get(username=staff.username)
        assert user.role == staff.role
        assert user.check_password(dataset.DEMO_STAFF_PASSWORD)
        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        assert decrypt(totp.data["secret"]) == staff.totp_secret
        code = format_hotp_value(hotp_value(staff.totp_secret, 0))
        assert isinstance(TOTP(totp).instance, Authenticator) and len(code) == 6
        assert staff.username in text and staff.totp_secret in text
    signer = User.objects.get(username="lanhdao.bacninh")
    assert signer.center == bac_ninh and signer.role == User.Role.SIGNER
    assert User.objects.get(username="canbo.hanoi").center.province_code == "01"
    admin = User.objects.get(username="quantri")
    assert admin.is_staff and admin.is_superuser and admin.role == User.Role.ADMIN

    assert "http://127.0.0.1:8123/" in text
    for citizen in dataset.DEMO_CITIZENS:
        assert citizen.personal_id in text
        assert citizen.description in text
    assert dataset.DEMO_PASSWORD in text
    assert "closed on 30/10/2026" in text
    assert "Data through 10/2026; claims about the closure can be filed until 30/01/2027." in text

    people = Person.objects.using("social_security").count()
    citizens = PopulationRecord.objects.count()
    again = StringIO()
    call_command("demo_data", "--people", "10", "--claims", "0", stdout=again)
    assert "already present" in again.getvalue()
    assert Person.objects.using("social_security").count() == people
    assert PopulationRecord.objects.count() == citizens
    assert User.objects.filter(username__in=[s.username for s in dataset.DEMO_STAFF]).count() == 5
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 5
    assert EmploymentServiceCenter.objects.count() == 34
    clear_population()


@pytest.mark.django_db(databases=["default", "social_security"])
def test_demo_data_describes_the_stored_scenario_and_warns_when_it_is_stale():
    clear_population()
    call_command(
        "generate_population", "--people", "0", "--closure-date", "2027-03-26", stdout=StringIO()
    )
    with time_machine.travel(date(2027, 4, 1), tick=False):
        out = StringIO()
        call_command("demo_data", "--claims", "0", stdout=out)
    text = out.getvalue()
    assert "already present" in text
    for citizen in dataset.demo_citizens(date(2027, 3, 26)):
        assert citizen.description in text
    assert "closed on 26/03/2027" in text and "can be filed until 26/06/2027" in text
    assert "are late" not in text

    with time_machine.travel(date(2027, 6, 27), tick=False):
        out = StringIO()
        call_command("demo_data", "--quiet", "--claims", "0", stdout=out)
    assert "anchored at 26/03/2027: claims filed after 26/06/2027 are late" in out.getvalue()
    assert "--closure-date" in out.getvalue()
    clear_population()
