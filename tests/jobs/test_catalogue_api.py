"""The catalogue's API: public reads without personal data, the employer's vacancies with the
organisation token (only their enterprise's), refusals as 400 with nothing changed, query
counts pinned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jobs.catalogue import services
from jobs.catalogue.models import Vacancy
from tests.jobs import factories as f

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


def _token_client(user) -> APIClient:
    browser = APIClient()
    browser.force_login(user)
    token = browser.post(reverse("employers:api_token")).json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


@pytest.fixture
def world():
    hanwoo = f.vacancy()
    other = f.vacancy(
        tax_code=f.PHO_NOI,
        name="Phố Nối",
        title="Thủ kho",
        sector="logistics",
        occupation="thủ kho",
    )
    fair = f.fair()
    program = f.program()
    worker = f.citizen(full_name="Nguyễn Thị Hoa")
    services.application_submit(actor=worker, vacancy=hanwoo, phone="0912345678")
    services.fair_register(actor=worker, fair=fair, phone="0912345678")
    return {"hanwoo": hanwoo, "other": other, "fair": fair, "program": program, "worker": worker}


def test_public_reads_need_no_sign_in_and_carry_no_personal_data(world):
    api = APIClient()
    vacancies = api.get(reverse("jobs:api_vacancies"), {"q": "cong nhan lap rap"}).json()
    assert [v["id"] for v in vacancies["results"]] == [world["hanwoo"].pk]
    fair = api.get(reverse("jobs:api_fair", args=[world["fair"].pk])).json()
    assert fair["registered"] == 1
    body = str(fair) + str(vacancies) + str(api.get(reverse("jobs:api_programs")).json())
    assert "Nguyễn Thị Hoa" not in body and "0912345678" not in body
    programs = api.get(reverse("jobs:api_programs"), {"country": "KR"}).json()
    assert programs["count"] == 1


@pytest.mark.parametrize(
    "params", [{"wage_from": "abc"}, {"province": "99"}, {"sector": "space"}, {"wage_from": "-1"}]
)
def test_bad_filters_are_400_not_500(world, params):
    response = APIClient().get(reverse("jobs:api_vacancies"), params)
    assert response.status_code == 400


def test_a_closed_vacancy_is_not_public(world):
    services.vacancy_close(actor=world["hanwoo"].posted_by, vacancy=world["hanwoo"])
    url = reverse("jobs:api_vacancy", args=[world["hanwoo"].pk])
    assert APIClient().get(url).status_code == 404


def test_the_employer_lists_creates_changes_and_closes_only_their_own(world):
    api = _token_client(f.employer(f.HANWOO))
    listed = api.get(reverse("jobs:api_employer_vacancies")).json()
    assert [v["id"] for v in listed] == [world["hanwoo"].pk]
    body = {**f.vacancy_data(title="Thợ hàn"), "deadline": str(f.today() + timedelta(days=5))}
    created = api.post(reverse("jobs:api_employer_vacancies"), body, format="json")
    assert created.status_code == 201, created.content
    vacancy = Vacancy.objects.get(pk=created.json()["id"])
    assert vacancy.employer_tax_code == f.HANWOO
    url = reverse("jobs:api_employer_vacancy", args=[vacancy.pk])
    assert api.patch(url, {"positions": 3}, format="json").json()["positions"] == 3
    closed = api.post(reverse("jobs:api_employer_vacancy_close", args=[vacancy.pk]))
    assert closed.json()["status"] == "closed"
    other = world["other"].pk
    assert api.get(reverse("jobs:api_employer_vacancy", args=[other])).status_code == 404
    assert (
        api.patch(
            reverse("jobs:api_employer_vacancy", args=[other]), {"positions": 1}, format="json"
        ).status_code
        == 404
    )
    assert api.post(reverse("jobs:api_employer_vacancy_close", args=[other])).status_code == 404
    assert api.get(reverse("jobs:api_employer_vacancy_applicants", args=[other])).status_code == 404
    world["other"].refresh_from_db()
    assert world["other"].status == "open" and world["other"].positions == 50


def test_the_employer_sees_their_applicants(world):
    api = _token_client(f.employer(f.HANWOO))
    url = reverse("jobs:api_employer_vacancy_applicants", args=[world["hanwoo"].pk])
    assert [a["full_name"] for a in api.get(url).json()] == ["Nguyễn Thị Hoa"]


@pytest.mark.parametrize(
    "change",
    [
        {"wage_min": 9_000_000, "wage_max": 8_000_000},
        {"deadline": "2020-01-01"},
        {"sector": "space"},
        {"positions": 0},
        {"wage_min": "nhiều"},
    ],
)
def test_bad_vacancies_are_refused_whole(world, change):
    api = _token_client(f.employer(f.HANWOO))
    before = Vacancy.objects.count()
    body = {**f.vacancy_data(), "deadline": str(f.today() + timedelta(days=5)), **change}
    response = api.post(reverse("jobs:api_employer_vacancies"), body, format="json")
    assert response.status_code == 400
    assert Vacancy.objects.count() == before


def test_without_a_token_the_employer_api_is_closed(world):
    response = APIClient().get(reverse("jobs:api_employer_vacancies"))
    assert response.status_code in (401, 403)


@pytest.mark.parametrize(
    ("name", "arg", "limit"),
    [
        ("api_vacancies", None, 3),
        ("api_fairs", None, 3),
        ("api_fair", "fair", 3),
        ("api_programs", None, 3),
    ],
)
def test_public_query_counts(world, django_assert_max_num_queries, name, arg, limit):
    for i in range(5):
        v = f.vacancy(title=f"Vị trí {i}")
        services.fair_employer_add(
            actor=world["fair"].posted_by,
            fair=world["fair"],
            employer_name=f"DN {i}",
            vacancies=[v],
        )
        f.fair(actor=world["fair"].posted_by, title=f"Hội chợ {i}")
    args = [world[arg].pk] if arg else []
    with django_assert_max_num_queries(limit):
        assert APIClient().get(reverse(f"jobs:{name}", args=args)).status_code == 200


def test_employer_list_query_count(world, django_assert_max_num_queries):
    api = _token_client(f.employer(f.HANWOO))
    for i in range(5):
        f.vacancy(title=f"Vị trí {i}")
    with django_assert_max_num_queries(8):
        assert api.get(reverse("jobs:api_employer_vacancies")).status_code == 200
