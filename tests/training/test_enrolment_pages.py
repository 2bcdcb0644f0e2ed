"""The enrolment on the worker's and the center's application pages (tcore's pages include
templates/training/enrolment/): attendance, payments with their status, the certificate, in
both languages; the worker sees only their own, staff only their center's, access-logged."""

from __future__ import annotations

import uuid

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.core.models import StaffAccessLog
from tests.factories import CenterFactory, CitizenFactory, StaffFactory
from tests.training.enrolment_helpers import (
    make_enrolment,
    pay_orders,
    post_report,
    report_attendance,
)

pytestmark = pytest.mark.django_db


def client_for(user, language: str = "vi") -> Client:
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return c


def officer(center):
    user = StaffFactory(center=center)
    TOTP.activate(user, generate_totp_secret())
    return user


def test_the_worker_sees_attendance_payments_and_the_certificate(
    client, django_assert_max_num_queries
):
    enrolment = make_enrolment(months=3)
    report_attendance(client, enrolment, month=1, days_attended=20, days_scheduled=22)
    pay_orders(client, enrolment)
    report_attendance(client, enrolment, month=2, days_attended=15, days_scheduled=22)
    post_report(
        client,
        {
            "report_id": str(uuid.uuid4()),
            "enrolment_id": str(enrolment.public_id),
            "kind": "completion",
            "certificate_number": "CC-0042",
            "completed_on": timezone.localdate().isoformat(),
        },
        code=enrolment.institution.code,
    )
    url = reverse("training:application", kwargs={"public_id": enrolment.application.public_id})
    worker = client_for(enrolment.citizen)
    with django_assert_max_num_queries(25):
        page = worker.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quá trình học" in html
    assert "20/22 ngày" in html and "15/22 ngày" in html
    assert "Đã chuyển tiền" in html  # month 1 paid; month 2 still on its way
    assert "Chờ gửi" in html
    assert "CC-0042" in html
    english = client_for(enrolment.citizen, "en").get(url)
    assert english.status_code == 200
    assert "CC-0042" in english.content.decode()


def test_another_worker_never_sees_the_enrolment(client):
    enrolment = make_enrolment()
    url = reverse("training:application", kwargs={"public_id": enrolment.application.public_id})
    assert client_for(CitizenFactory()).get(url).status_code == 404


def test_staff_of_the_center_see_it_and_the_view_is_logged(client, django_assert_max_num_queries):
    enrolment = make_enrolment()
    report_attendance(client, enrolment, month=1)
    staff = officer(enrolment.application.center)
    url = reverse(
        "training:staff_application", kwargs={"public_id": enrolment.application.public_id}
    )
    with django_assert_max_num_queries(40):
        page = client_for(staff).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quá trình học và chi trả" in html
    assert enrolment.institution.name in html
    assert StaffAccessLog.objects.filter(user=staff, page="training:enrolment").count() == 1
    other = officer(CenterFactory(province_code="01"))
    assert client_for(other).get(url).status_code == 404
    assert not StaffAccessLog.objects.filter(user=other, page="training:enrolment").exists()
