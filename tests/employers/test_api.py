"""The HR systems' API: an organisation token, only its enterprise, the list checked row by row."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from employers.models import LayoffNotice, NoticeWorker
from tests.employers.support import NOW, row_of, scenario

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
    pytest.mark.usefixtures("_frozen"),
]


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world():
    return scenario(workers=3)


def _token_client(user) -> APIClient:
    browser = APIClient()
    browser.force_login(user)
    token = browser.post(reverse("employers:api_token")).json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def _body(world, workers):
    return {"reason": "closure", "planned_termination_date": "2026-10-30", "workers": workers}


def _iso(row):
    return {**row, "termination_date": "2026-10-30"}


def test_a_notice_is_filed_with_its_list_and_read_back(world):
    api = _token_client(world.rep_a)
    response = api.post(
        reverse("employers:api_notices"),
        _body(world, [_iso(row_of(p)) for p in world.workers_a]),
        format="json",
    )
    assert response.status_code == 201, response.content
    notice = response.json()
    assert notice["status"] == "confirmed" and len(notice["workers"]) == 3
    listed = api.get(reverse("employers:api_notices")).json()
    assert [n["id"] for n in listed] == [notice["id"]] and listed[0]["worker_count"] == 3


def test_a_bad_row_refuses_the_whole_list_row_by_row_and_saves_nothing(world):
    api = _token_client(world.rep_a)
    workers = [_iso(row_of(world.workers_a[0])), _iso(row_of(world.worker_b))]
    workers.append({**_iso(row_of(world.workers_a[1])), "last_salary": "abc"})
    response = api.post(reverse("employers:api_notices"), _body(world, workers), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "list_invalid"
    assert [r["row"] for r in body["rows"]] == [2, 3]
    assert "không tham gia bảo hiểm" in body["rows"][0]["messages"]["personal_id"]
    assert not LayoffNotice.objects.exists() and not NoticeWorker.objects.exists()


def test_the_same_list_sent_again_does_not_duplicate_workers(world):
    api = _token_client(world.rep_a)
    workers = [_iso(row_of(p)) for p in world.workers_a]
    notice = api.post(reverse("employers:api_notices"), _body(world, workers), format="json").json()
    url = reverse("employers:api_notice_workers", args=[notice["id"]])
    again = api.post(url, {"workers": workers}, format="json")
    assert again.status_code == 200
    assert len(again.json()["workers"]) == 3 and NoticeWorker.objects.count() == 3


def test_an_employer_cannot_reach_another_employers_notice(world):
    api_a = _token_client(world.rep_a)
    notice = api_a.post(
        reverse("employers:api_notices"),
        _body(world, [_iso(row_of(world.workers_a[0]))]),
        format="json",
    ).json()
    api_b = _token_client(world.rep_b)
    assert api_b.get(reverse("employers:api_notices")).json() == []
    assert api_b.get(reverse("employers:api_notice", args=[notice["id"]])).status_code == 404
    sent = api_b.post(
        reverse("employers:api_notice_workers", args=[notice["id"]]),
        {"workers": [_iso(row_of(world.worker_b))]},
        format="json",
    )
    assert sent.status_code == 404
    asked = api_b.get(reverse("employers:api_notices") + f"?tax_code={world.employer_a.tax_code}")
    assert asked.status_code == 404


def test_no_token_is_401_and_a_citizen_token_is_403(world):
    from tests.employers.support import citizen_user

    assert APIClient().get(reverse("employers:api_notices")).status_code == 401
    browser = APIClient()
    browser.force_login(citizen_user("001099000123"))
    assert browser.get(reverse("employers:api_notices")).status_code == 403


def test_malformed_json_is_a_400_never_a_500(world):
    api = _token_client(world.rep_a)
    for body in ["{", '{"workers": "x"}', '{"reason": "nope", "workers": []}']:
        response = api.post(reverse("employers:api_notices"), body, content_type="application/json")
        assert response.status_code == 400, body


def test_the_openapi_schema_documents_the_employer_api(client):
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert "/api/v1/employer/notices/" in paths
    assert "post" in paths["/api/v1/employer/notices/"]
    assert "/api/v1/employer/notices/{notice_id}/workers/" in paths
