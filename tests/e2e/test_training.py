"""Browser (issue 18): at 360 px in Vietnamese and English, every page scanned with axe. A
benefit recipient in Bắc Ninh finds a digital-skills course near them by typing without
diacritics, checks their eligibility and applies; the officer proposes the support, the signer
signs the decision (rendered, PAdES-signed, downloadable); the institution reports the first
month's attendance over its signed API (tinst's test helper), the settlement office reports
the orders paid, and the worker sees the first meal-money payment on their application page.
Screenshots land in $TROCAP_VAR_DIR/screenshots."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

import claims.tasks  # noqa: F401 - registers the tasks the on_commit callbacks send
import training.tasks  # noqa: F401 - the same for training's
from claims.core.transitions import Status
from claims.decisions import signing
from identity.models import User
from tests.e2e.helpers import PASSWORD, phone_check, staff_member, staff_page, worker_page
from tests.factories import CenterFactory, CitizenFactory, ClaimFactory
from tests.training.enrolment_helpers import make_institution, pay_orders, report_attendance
from training.catalogue.models import Course
from training.enrolment.models import Enrolment
from training.support.models import TrainingApplication

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__")]


@pytest.fixture
def look(assert_accessible):
    return phone_check(assert_accessible, "training")


@pytest.fixture
def world(settings, live_server, tmp_path_factory):
    keys = tmp_path_factory.mktemp("decision-keys")
    signing.dev_keys_ensure(directory=keys)
    settings.DECISION_KEYS_DIR = keys
    settings.DECISION_SIGNING_PKCS12 = ""
    settings.DECISION_SIGNING_KEY = ""
    settings.DECISION_SIGNING_CERT = ""
    settings.DECISION_TRUST_ROOTS = []
    settings.SITE_URL = live_server.url
    # No institution stand-in nor settlement office: pushes wait for a retry, the test's
    # helpers play both (signed as they sign).
    settings.SETTLEMENT_OFFICE_URL = "http://127.0.0.1:9498"
    settings.SETTLEMENT_MAX_ATTEMPTS = 1
    center = CenterFactory(province_code="24")
    citizen = CitizenFactory(full_name="Nguyễn Thị Hoa", province_code="24")
    ClaimFactory(citizen=citizen, center=center, status=Status.PAYING, reference="TCTN-2026-000777")
    institution = make_institution("cd-kinh-bac")
    today = timezone.localdate()
    common = {
        "institution": institution,
        "level": Course.Level.SHORT,
        "address": "Số 15 Lý Thái Tổ, Bắc Ninh",
        "duration_months": 2,
        "seats": 30,
        "tuition": 3_000_000,
        "schedule": "Thứ Hai đến thứ Sáu, 8:00–11:30",
    }
    course = Course.objects.create(
        title="Kỹ năng số cho người lao động",
        field=Course.Field.DIGITAL_SKILLS,
        province_code="24",
        start_date=today,  # applied for on its first day, so month 1 can be reported today
        **common,
    )
    Course.objects.create(
        title="Nghiệp vụ lễ tân khách sạn",
        field=Course.Field.TOURISM_HOSPITALITY,
        province_code="01",
        start_date=today + timedelta(days=20),
        **common,
    )
    officer = staff_member("canbo.hocnghe", User.Role.OFFICER)
    signer = staff_member("lanhdao.hocnghe", User.Role.SIGNER)
    return {"citizen": citizen, "course": course, "officer": officer, "signer": signer}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_worker_finds_a_course_applies_is_approved_and_sees_the_meal_money(
    world, live_server, new_page, look, lang
):
    base, course = live_server.url, world["course"]
    phone = worker_page(new_page, live_server, world["citizen"], lang)

    # The catalogue: a bad date first (a message, not a 500), then "ky nang so" in Bắc Ninh.
    phone.goto(f"{base}/dao-tao/?start_from=31/02/2026")
    look(phone, "catalogue bad date", lang)
    assert phone.locator(".error-summary").is_visible()
    phone.goto(f"{base}/dao-tao/")
    look(phone, "catalogue", lang)
    phone.locator("#id_q").fill("ky nang so")
    phone.locator("#course-filters summary").click()  # the filters are folded on a phone
    phone.locator("#id_province").select_option("24")
    phone.locator("main form[role=search] button[type=submit]").click()
    phone.wait_for_url(re.compile(r"q=ky\+nang\+so"))
    look(phone, "catalogue search", lang)
    results = phone.locator(".course-list__title a")
    assert results.count() == 1
    results.first.click()
    phone.wait_for_url(re.compile(rf"/dao-tao/khoa-hoc/{course.pk}/$"))
    look(phone, "course", lang)

    # The check with its reasons, check your answers, the receipt.
    phone.locator("[data-testid=apply]").click()
    phone.wait_for_url(re.compile(r"/dang-ky/$"))
    look(phone, "eligibility check", lang)
    assert phone.locator("[data-testid=check-eligible]").is_visible()
    assert phone.locator("[data-testid=meal-provisional]").is_visible()
    phone.locator("main a.button").click()
    phone.wait_for_url(re.compile(r"/dang-ky/kiem-tra/$"))
    look(phone, "check your answers", lang)
    phone.locator("[data-testid=send-application]").click()
    phone.wait_for_url(re.compile(r"/da-nhan/$"))
    look(phone, "receipt", lang)
    app = TrainingApplication.objects.get(citizen=world["citizen"])
    assert phone.get_by_text(app.reference).first.is_visible()

    # The officer proposes the support computed by the check.
    desk = staff_page(new_page, base, lang, world["officer"][0], PASSWORD, world["officer"][1])
    desk.goto(f"{base}/can-bo/dao-tao/")
    look(desk, "queue", lang)
    desk.get_by_role("link", name=app.reference).click()
    look(desk, "application officer", lang)
    desk.locator("input[name=outcome][value=approve]").check()
    desk.locator("[data-testid=propose]").click()
    desk.wait_for_load_state()
    look(desk, "application proposed", lang)
    app.refresh_from_db()
    assert app.state == TrainingApplication.State.PROPOSED

    # The signer signs: the decision is rendered and signed, the enrolment opens.
    sign = staff_page(new_page, base, lang, world["signer"][0], PASSWORD, world["signer"][1])
    sign.goto(f"{base}/can-bo/dao-tao/don/{app.public_id}/")
    look(sign, "application signer", lang)
    sign.locator("[data-testid=sign]").click()
    sign.wait_for_load_state()
    app.refresh_from_db()
    assert app.state == TrainingApplication.State.APPROVED
    assert app.decision.state == "issued"
    enrolment = Enrolment.objects.get(application=app)

    # The institution reports month 1 (signed API); the office pays the orders.
    response = report_attendance(base, enrolment, month=1, days_attended=20, days_scheduled=22)
    assert response.status_code in (200, 201), response.text
    assert all(r.status_code == 200 for r in pay_orders(base, enrolment))

    # The worker sees the decision and the first meal money paid.
    phone.goto(f"{base}/dao-tao/cua-toi/{app.public_id}/")
    look(phone, "application approved with payment", lang)
    assert phone.locator("[data-testid=decision-download]").is_visible()
    paid = "600.000 ₫" if lang == "vi" else "600,000 ₫"
    assert phone.locator(".enrolment-summary").get_by_text(paid).first.is_visible()
    assert sign.goto(f"{base}/can-bo/dao-tao/don/{app.public_id}/").ok
    look(sign, "application signer after payment", lang)
