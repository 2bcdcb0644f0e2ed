"""Matching on the database: a recipient's vacancies and courses ranked from their store record,
with the reasons; the worker's page, the officer's (access-logged), the API; query pins."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.conf import settings

from claims.models import StaffAccessLog
from jobs.catalogue.places import PROVINCE_SEATS
from jobs.matching import selectors
from tests.claims.period.support import at
from tests.factories import CitizenFactory
from tests.jobs.matching_factories import course, garment_recipient, mfa_officer, vacancy

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
    pytest.mark.usefixtures("_april"),
]


@pytest.fixture
def _april():
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        yield


@pytest.fixture
def catalogue():
    bac_ninh = PROVINCE_SEATS["24"]
    return {
        "near_garment": vacancy(
            latitude=bac_ninh[0] + 0.1, longitude=bac_ninh[1], wage_max=9_000_000
        ),
        "ha_noi_electronics": vacancy(
            title="Lắp ráp điện thoại",
            sector="electronics",
            province_code="01",
            address="Hà Nội",
            wage_min=6_500_000,
            wage_max=None,
        ),
        "far_garment": vacancy(province_code="79", address="TP. Hồ Chí Minh", wage_max=15_000_000),
        "closed": vacancy(status="closed"),
        "past_deadline": vacancy(deadline=date(2026, 3, 31)),
        "garment_course": course(start_date=date(2026, 4, 21)),
        "digital_online": course(
            title="Kỹ năng số cơ bản",
            field="digital_skills",
            online=True,
            province_code="79",
            start_date=date(2026, 7, 1),
        ),
        "far_course": course(title="Điều dưỡng", field="care", province_code="79"),
        "started": course(start_date=date(2026, 3, 1)),
    }


def test_a_garment_worker_gets_near_garment_jobs_first_with_the_reasons(catalogue):
    claim = garment_recipient(salary=8_000_000)
    matches = selectors.matches_for(claim)
    assert matches.profile.last_group == "garment"
    assert matches.profile.earlier_groups == frozenset({"electronics"})
    assert matches.profile.salary == 8_000_000
    assert [s.item for s in matches.vacancies] == [
        catalogue["near_garment"],
        catalogue["ha_noi_electronics"],
    ]
    assert (
        matches.vacancies[0].reason
        == "cùng ngành, cách 11 km, lương cao hơn lương đóng BHXH gần nhất"
    )
    assert matches.vacancies[1].reasons[0] == "ngành bạn từng làm"
    assert "lương cao hơn" not in matches.vacancies[1].reason  # 6.5 million < 8 million
    assert [s.item for s in matches.courses] == [
        catalogue["garment_course"],
        catalogue["digital_online"],
    ]
    assert (
        matches.courses[0].reason
        == "đúng ngành nghề của bạn, cách dưới 1 km, khai giảng sau 20 ngày"
    )
    assert matches.courses[1].reason == "hữu ích cho mọi ngành nghề, học trực tuyến"


def test_without_a_store_record_the_worker_still_gets_what_is_near(catalogue):
    claim = garment_recipient()
    from eligibility.records.models import Person  # noqa: PLC0415 - this test removes the record

    Person.objects.using("social_security").filter(personal_id=claim.personal_id).update(
        personal_id="999999999999"
    )
    matches = selectors.matches_for(claim)
    assert matches.profile.last_group == "other"
    assert {s.item for s in matches.vacancies} == {
        catalogue["near_garment"],
        catalogue["ha_noi_electronics"],
    }


def test_rank_all_gives_what_the_page_gives(catalogue):
    claims = [garment_recipient(), garment_recipient(province="01", earlier_sector=None)]
    ranked = {
        pk: ([m.id for m in v], [m.id for m in c]) for pk, v, c in selectors.rank_all(chunk=1)
    }
    for claim in claims:
        one = selectors.matches_for(claim)
        assert ranked[claim.pk] == (
            [s.item.pk for s in one.vacancies],
            [s.item.pk for s in one.courses],
        )


def test_worker_page_shows_matches_and_only_to_the_owner(
    client, catalogue, django_assert_max_num_queries
):
    claim = garment_recipient()
    client.force_login(claim.citizen)
    with django_assert_max_num_queries(12):
        response = client.get(f"/viec-lam/phu-hop/{claim.public_id}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Việc làm và khóa học phù hợp" in body
    assert "cùng ngành, cách 11 km, lương cao hơn lương đóng BHXH gần nhất" in body
    client.force_login(CitizenFactory())
    assert client.get(f"/viec-lam/phu-hop/{claim.public_id}/").status_code == 404


def test_worker_page_in_english(client, catalogue):
    claim = garment_recipient()
    client.force_login(claim.citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/viec-lam/phu-hop/{claim.public_id}/")
    assert (
        "same sector, 11 km away, wage above your last insured salary" in response.content.decode()
    )


def test_officer_sees_a_recipients_matches_and_the_view_is_logged(
    client, catalogue, django_assert_max_num_queries
):
    claim = garment_recipient()
    officer = mfa_officer(claim)
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        response = client.get(f"/can-bo/viec-lam/phu-hop/{claim.public_id}/")
    assert response.status_code == 200
    assert (
        StaffAccessLog.objects.filter(user=officer, claim=claim, page="jobs_matches").count() == 1
    )
    other = mfa_officer(garment_recipient(province="01"))
    client.force_login(other)
    assert client.get(f"/can-bo/viec-lam/phu-hop/{claim.public_id}/").status_code == 404
    assert StaffAccessLog.objects.filter(
        user=other, claim=claim, page="jobs_matches:denied"
    ).exists()


def test_api_gives_the_owner_their_matches(client, catalogue, django_assert_max_num_queries):
    claim = garment_recipient()
    client.force_login(claim.citizen)
    with django_assert_max_num_queries(12):
        response = client.get(f"/api/v1/jobs/claims/{claim.public_id}/matches/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert [v["id"] for v in data["vacancies"]] == [
        catalogue["near_garment"].pk,
        catalogue["ha_noi_electronics"].pk,
    ]
    assert data["vacancies"][0]["reasons"] == [
        "cùng ngành",
        "cách 11 km",
        "lương cao hơn lương đóng BHXH gần nhất",
    ]
    assert data["courses"][1]["online"] is True
    client.force_login(CitizenFactory())
    assert client.get(f"/api/v1/jobs/claims/{claim.public_id}/matches/").status_code == 404
