"""Training pages: the catalogue's search (filters, unaccented free text, bad input), the
worker's application pages (own only), the center's queue and actions (own center only,
access-logged, four eyes), query counts pinned, bad input answered with messages, never 500."""

from __future__ import annotations

from datetime import date

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client
from django.urls import reverse

from claims.core.transitions import Status
from claims.models import StaffAccessLog
from identity.models import User
from tests.factories import CenterFactory, CitizenFactory, ClaimFactory, StaffFactory
from tests.training.conftest import laid_off
from tests.training.factories import CourseFactory, InstitutionFactory
from training.catalogue.models import Course
from training.support import services
from training.support.models import TrainingApplication

pytestmark = pytest.mark.django_db
A = TrainingApplication.State


def client_for(user, language: str = "vi") -> Client:
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return c


def staff(center, role=User.Role.OFFICER) -> User:
    user = StaffFactory(center=center, role=role)
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def center():
    return CenterFactory(province_code="24")


def recipient(center) -> User:
    citizen = CitizenFactory()
    ClaimFactory(citizen=citizen, center=center, status=Status.PAYING, reference=f"TC-{citizen.pk}")
    return citizen


# --- The catalogue -------------------------------------------------------------------------------


@pytest.fixture
def courses():
    hanoi = InstitutionFactory(province_code="01", name="Trường Trung cấp Du lịch Hà Nội")
    return {
        "digital": CourseFactory(title="Kỹ năng số cho người lao động"),
        "korean": CourseFactory(
            title="Tiếng Hàn EPS-TOPIK",
            field=Course.Field.OVERSEAS_LANGUAGES,
            online=True,
            province_code="01",
            institution=hanoi,
            start_date=date(2026, 7, 1),
        ),
        "hotel": CourseFactory(
            title="Nghiệp vụ buồng khách sạn",
            field=Course.Field.TOURISM_HOSPITALITY,
            province_code="01",
            institution=hanoi,
        ),
        "old": CourseFactory(title="Kỹ năng số khóa cũ", start_date=date(2026, 4, 1)),
        "closed": CourseFactory(title="Kỹ năng số đã đóng", active=False),
    }


def titles(response) -> set[str]:
    return {c.title for c in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"digital", "korean", "hotel"}),
        ({"q": "ky nang so"}, {"digital"}),
        ({"q": "KỸ NĂNG"}, {"digital"}),
        ({"q": "tieng han"}, {"korean"}),
        ({"field": "tourism_hospitality"}, {"hotel"}),
        ({"province": "24"}, {"digital", "korean"}),  # an online course is open everywhere
        ({"mode": "online"}, {"korean"}),
        ({"mode": "in_person", "province": "01"}, {"hotel"}),
        ({"start_from": "2026-06-15"}, {"korean"}),
        ({"start_from": "15/06/2026"}, {"korean"}),
        ({"q": "khong co gi"}, set()),
    ],
)
def test_search_and_filters(client, courses, query, expected, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("training:courses"), query)
    assert response.status_code == 200
    assert titles(response) == {courses[k].title for k in expected}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start_from": "31/02/2026"}, "ngày/tháng/năm"),
        ({"field": "phi-cong"}, "ngành nghề trong danh sách"),
        ({"province": "99"}, "tỉnh, thành phố trong danh sách"),
        ({"q": "x" * 101}, "dài quá 100"),
    ],
)
def test_bad_search_input_is_a_message(client, courses, query, message):
    response = client.get(reverse("training:courses"), query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["page"] is None


def test_the_catalogue_in_english(client, courses):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("training:courses"))
    body = response.content.decode()
    assert "Filter by field, place and start date" in body and "Digital skills" in body


def test_course_page_and_unknown_or_closed_course(client, courses, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("training:course", args=[courses["digital"].pk]))
    assert response.status_code == 200
    assert "Đăng ký hỗ trợ học nghề" in response.content.decode()
    assert client.get(reverse("training:course", args=[courses["closed"].pk])).status_code == 404
    assert client.get(reverse("training:course", args=[999999])).status_code == 404


# --- The worker ---------------------------------------------------------------------------------


def test_apply_needs_a_level_2_vneid_login(client):
    course = CourseFactory()
    response = client.get(reverse("training:apply", args=[course.pk]))
    assert response.status_code == 302 and "vneid" in response["Location"]
    level1 = CitizenFactory(identity_level=1)
    assert client_for(level1).get(reverse("training:apply", args=[course.pk])).status_code == 403


def test_a_contributor_applies_through_the_pages(registry, center, django_assert_max_num_queries):
    citizen = CitizenFactory()
    registry[citizen.personal_id] = laid_off(citizen.personal_id)
    course = CourseFactory()
    c = client_for(citizen)
    with django_assert_max_num_queries(12):
        check = c.get(reverse("training:apply", args=[course.pk]))
    body = check.content.decode()
    assert check.status_code == 200 and "đủ điều kiện được hỗ trợ" in body
    assert "36 tháng đóng bảo hiểm thất nghiệp trong 36 tháng" in body and "tạm tính" in body
    confirm = c.get(reverse("training:apply_confirm", args=[course.pk]))
    assert "Kiểm tra đơn hỗ trợ học nghề" in confirm.content.decode()
    sent = c.post(reverse("training:apply_confirm", args=[course.pk]))
    app = TrainingApplication.objects.get(citizen=citizen)
    assert sent.status_code == 302 and sent["Location"] == reverse(
        "training:receipt", args=[app.public_id]
    )
    with django_assert_max_num_queries(8):
        receipt = c.get(sent["Location"])
    assert app.reference in receipt.content.decode()
    again = c.post(reverse("training:apply_confirm", args=[course.pk]))
    assert again.status_code == 400 and "đã có đơn" in again.content.decode()
    assert TrainingApplication.objects.count() == 1


def test_the_check_says_why_not_in_english(registry, center):
    citizen = CitizenFactory()
    registry[citizen.personal_id] = laid_off(
        citizen.personal_id, ui_months=6, end=date(2023, 6, 30)
    )
    response = client_for(citizen, "en").get(reverse("training:apply", args=[CourseFactory().pk]))
    body = response.content.decode()
    assert "may not get training support" in body
    assert "at least 9 are needed" in body


def test_a_worker_sees_only_their_applications(center, django_assert_max_num_queries):
    app = services.application_submit(citizen=recipient(center), course_id=CourseFactory().pk)
    owner, other = client_for(app.citizen), client_for(CitizenFactory())
    with django_assert_max_num_queries(8):
        assert owner.get(reverse("training:application", args=[app.public_id])).status_code == 200
    with django_assert_max_num_queries(8):
        listing = owner.get(reverse("training:my_applications"))
    assert app.reference in listing.content.decode()
    for name in ("application", "receipt", "decision_download"):
        assert other.get(reverse(f"training:{name}", args=[app.public_id])).status_code == 404
    assert other.post(reverse("training:withdraw", args=[app.public_id])).status_code == 404
    assert app.reference not in other.get(reverse("training:my_applications")).content.decode()


# --- The center ---------------------------------------------------------------------------------


def test_staff_see_only_their_centers_applications(center, django_assert_max_num_queries):
    app = services.application_submit(citizen=recipient(center), course_id=CourseFactory().pk)
    mine, theirs = staff(center), staff(CenterFactory(province_code="01"))
    c = client_for(mine)
    with django_assert_max_num_queries(12):
        queue = c.get(reverse("training:staff_applications"))
    assert app.reference in queue.content.decode()
    with django_assert_max_num_queries(16):
        page = c.get(reverse("training:staff_application", args=[app.public_id]))
    assert page.status_code == 200 and app.personal_id in page.content.decode()
    assert StaffAccessLog.objects.filter(user=mine, page="training_application").count() == 1
    assert StaffAccessLog.objects.filter(user=mine, page="training_queue").count() == 1
    other = client_for(theirs)
    assert app.reference not in other.get(reverse("training:staff_applications")).content.decode()
    assert other.get(reverse("training:staff_application", args=[app.public_id])).status_code == 404
    assert (
        other.post(
            reverse("training:staff_propose", args=[app.public_id]), {"outcome": "approve"}
        ).status_code
        == 404
    )
    assert StaffAccessLog.objects.filter(user=theirs, page="training_application:denied").exists()
    assert client_for(app.citizen).get(reverse("training:staff_applications")).status_code == 403


def test_propose_then_sign_through_the_pages(center, django_capture_on_commit_callbacks):
    app = services.application_submit(citizen=recipient(center), course_id=CourseFactory().pk)
    officer, signer = staff(center), staff(center, User.Role.SIGNER)
    bad = client_for(officer).post(
        reverse("training:staff_propose", args=[app.public_id]),
        {"outcome": "approve", "months": "abc"},
    )
    assert bad.status_code == 400 and "từ 1 đến 6" in bad.content.decode()
    too_much = client_for(officer).post(
        reverse("training:staff_propose", args=[app.public_id]),
        {"outcome": "approve", "months": "5"},
    )
    assert too_much.status_code == 400 and "1 đến 3" in too_much.content.decode()
    no_reason = client_for(officer).post(
        reverse("training:staff_propose", args=[app.public_id]), {"outcome": "refuse"}
    )
    assert no_reason.status_code == 400
    app.refresh_from_db()
    assert app.state == A.SUBMITTED
    ok = client_for(officer).post(
        reverse("training:staff_propose", args=[app.public_id]), {"outcome": "approve"}
    )
    assert ok.status_code == 302
    # The officer cannot sign; the signer can.
    assert (
        client_for(officer).post(reverse("training:staff_decide", args=[app.public_id])).status_code
        == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        signed = client_for(signer).post(reverse("training:staff_decide", args=[app.public_id]))
    assert signed.status_code == 302
    app.refresh_from_db()
    assert app.state == A.APPROVED and app.decision.state == "issued"
    pdf = client_for(app.citizen).get(reverse("training:decision_download", args=[app.public_id]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    verify = Client().get(
        "/verify/", {"so": app.decision.number, "ma": app.decision.verification_code}
    )
    assert verify.status_code == 200 and "Quyết định hỗ trợ học nghề" in verify.content.decode()


def test_a_signer_who_proposed_cannot_sign(center):
    app = services.application_submit(citizen=recipient(center), course_id=CourseFactory().pk)
    signer = staff(center, User.Role.SIGNER)
    services.application_propose(application_id=app.pk, officer=signer, outcome="approve")
    response = client_for(signer).post(reverse("training:staff_decide", args=[app.public_id]))
    assert response.status_code == 400 and "tự ký" in response.content.decode()


def test_staff_manage_only_their_provinces_catalogue(center):
    officer = staff(center)
    mine, foreign = InstitutionFactory(province_code="24"), InstitutionFactory(province_code="01")
    c = client_for(officer)
    assert c.get(reverse("training:staff_catalogue")).status_code == 200
    assert c.get(reverse("training:staff_institution", args=[foreign.pk])).status_code == 404
    data = {
        "institution": mine.pk,
        "title": "Lắp ráp linh kiện điện tử",
        "field": "electronics_assembly",
        "level": "short",
        "province_code": "24",
        "address": "KCN Yên Phong, Bắc Ninh",
        "start_date": "20/07/2026",
        "duration_months": "2",
        "seats": "25",
        "tuition": "3000000",
    }
    assert (
        c.post(reverse("training:staff_course_new"), {**data, "tuition": "3.000.000"}).status_code
        == 400
    )
    assert c.post(reverse("training:staff_course_new"), {**data, "address": ""}).status_code == 400
    assert (
        c.post(
            reverse("training:staff_course_new"), {**data, "institution": foreign.pk}
        ).status_code
        == 400
    )
    assert c.post(reverse("training:staff_course_new"), data).status_code == 302
    course = Course.objects.get(title="Lắp ráp linh kiện điện tử")
    assert course.history.first().history_user == officer
    assert "lap rap linh kien dien tu" in course.search_text
