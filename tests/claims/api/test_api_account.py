"""API: authentication (session, token, rotation), who may call it, record summary, eligibility."""

from __future__ import annotations

import pytest
import time_machine
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.claims.api.helpers import FILED
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

CSRF = "k" * 32


def _browser(user) -> APIClient:
    """A logged-in browser session that really checks CSRF, holding a CSRF cookie."""
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.cookies["csrftoken"] = CSRF
    return browser


# --- Tokens -------------------------------------------------------------------------------------


def test_a_logged_in_citizen_gets_a_token_that_authenticates(citizen):
    browser = _browser(citizen)
    response = browser.post("/api/v1/token/", HTTP_X_CSRFTOKEN=CSRF)
    assert response.status_code == 201
    key = response.json()["token"]
    stored = AuthToken.objects.get(user=citizen)
    assert key not in {stored.digest, stored.token_key}  # only a digest and a prefix are kept

    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert app.get("/api/v1/claims/").status_code == 200


def test_a_session_without_the_csrf_token_cannot_mint_a_token(citizen):
    response = _browser(citizen).post("/api/v1/token/")
    assert response.status_code == 403
    assert not AuthToken.objects.filter(user=citizen).exists()


def test_rotating_the_token_revokes_the_old_one(citizen):
    browser = _browser(citizen)
    first = browser.post("/api/v1/token/", HTTP_X_CSRFTOKEN=CSRF).json()["token"]
    second = browser.post("/api/v1/token/", HTTP_X_CSRFTOKEN=CSRF).json()["token"]
    assert first != second
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert app.get("/api/v1/claims/").status_code == 401
    app.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert app.get("/api/v1/claims/").status_code == 200


def test_deleting_the_token_revokes_it(citizen):
    browser = _browser(citizen)
    key = browser.post("/api/v1/token/", HTTP_X_CSRFTOKEN=CSRF).json()["token"]
    assert browser.delete("/api/v1/token/", HTTP_X_CSRFTOKEN=CSRF).status_code == 204
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert app.get("/api/v1/claims/").status_code == 401


def test_a_token_cannot_mint_its_own_successor(citizen_api, citizen):
    before = AuthToken.objects.get(user=citizen).digest
    assert citizen_api.post("/api/v1/token/").status_code in {401, 403}
    assert AuthToken.objects.get(user=citizen).digest == before


def test_the_database_keeps_no_usable_token(citizen):
    key = _browser(citizen).post("/api/v1/token/", HTTP_X_CSRFTOKEN=CSRF).json()["token"]
    stored = AuthToken.objects.get(user=citizen)
    assert len(stored.digest) >= 64 and key not in stored.digest
    assert stored.token_key == key[: len(stored.token_key)] and len(stored.token_key) < len(key)


def test_a_token_expires_after_the_configured_days(citizen, settings):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    issued = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(issued, tick=False) as clock:
        answer = _browser(citizen).post("/api/v1/token/", HTTP_X_CSRFTOKEN=CSRF).json()
        assert answer["expires"].startswith("2026-04-09")  # 30 days by default
        app = APIClient()
        app.credentials(HTTP_AUTHORIZATION=f"Token {answer['token']}")
        clock.move_to(issued + timedelta(days=29, hours=23))
        assert app.get("/api/v1/claims/").status_code == 200
        clock.move_to(issued + timedelta(days=30, seconds=1))
        assert app.get("/api/v1/claims/").status_code == 401


def test_an_expired_token_is_refused_and_deleted_and_a_live_one_costs_one_query(citizen):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    issued = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(issued, tick=False) as clock:
        key = _browser(citizen).post("/api/v1/token/", HTTP_X_CSRFTOKEN=CSRF).json()["token"]
        app = APIClient()
        app.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        with CaptureQueriesContext(connection) as queries:
            assert app.get("/api/v1/claims/").status_code == 200
        token_reads = [q["sql"] for q in queries if '"knox_authtoken"' in q["sql"]]
        assert len(token_reads) == 1  # the token joined with its user, nothing more
        clock.move_to(issued + timedelta(days=30, seconds=1))
        assert app.get("/api/v1/claims/").status_code == 401
    assert not AuthToken.objects.filter(user=citizen).exists()


def test_logging_out_of_the_portal_revokes_the_api_tokens(citizen):
    from django.test import Client

    key = _browser(citizen).post("/api/v1/token/", HTTP_X_CSRFTOKEN=CSRF).json()["token"]
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert app.get("/api/v1/claims/").status_code == 200
    web = Client()
    web.force_login(citizen)
    web.post("/accounts/logout/")
    assert not AuthToken.objects.filter(user=citizen).exists()
    assert app.get("/api/v1/claims/").status_code == 401


def test_staff_cannot_get_a_citizen_token(staff_api):
    assert staff_api.post("/api/v1/token/").status_code == 403
    assert not AuthToken.objects.exists()


# --- Who may call the API -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/me/record/", "/api/v1/me/eligibility/", "/api/v1/claims/"]
)
def test_anonymous_calls_get_401_with_the_token_scheme(api, path):
    response = api.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"]


def test_a_wrong_token_gets_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert api.get("/api/v1/claims/").status_code == 401


@pytest.mark.parametrize(
    "path", ["/api/v1/me/record/", "/api/v1/me/eligibility/", "/api/v1/claims/"]
)
def test_staff_get_403(staff_api, path):
    response = staff_api.get(path)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_level_1_citizen_is_told_to_upgrade(api):
    api.force_login(CitizenFactory(identity_level=1))
    response = api.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 403
    assert "mức độ 2" in response.json()["detail"]


def test_a_session_authenticates_too(api, citizen):
    api.force_login(citizen)
    assert api.get("/api/v1/claims/").status_code == 200


# --- Record summary -----------------------------------------------------------------------------


def test_record_summary_counts_ui_months_and_the_latest_salary(citizen_api):
    with time_machine.travel(FILED, tick=False):
        response = citizen_api.get("/api/v1/me/record/")
    assert response.status_code == 200
    data = response.json()
    assert data["personal_id"] == "001090000001"
    assert data["reference_month"] == "2026-02-01"
    assert data["ui_months_24"] == 24
    assert data["ui_months_36"] == 36
    assert data["ui_months_total"] == 74
    assert data["latest_month"] == "2026-02-01"
    assert data["latest_insured_salary"] == 7_000_000
    assert [e["tax_code"] for e in data["employers"]] == ["2300987654"]
    (spell,) = data["spells"]
    assert spell["end_date"] == "2026-02-27"
    assert spell["termination_reason"] == "business_closure"
    assert spell["contract_type"] == "indefinite"


def test_record_summary_labels_follow_the_request_language(citizen_api):
    vi = citizen_api.get("/api/v1/me/record/", HTTP_ACCEPT_LANGUAGE="vi").json()
    en = citizen_api.get("/api/v1/me/record/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert vi["spells"][0]["contract_type_label"] == "Không xác định thời hạn"
    assert en["spells"][0]["contract_type_label"] == "Open-ended"
    assert en["spells"][0]["contract_type"] == vi["spells"][0]["contract_type"] == "indefinite"


def test_a_person_the_registry_does_not_know_gets_404_with_a_message(api, registry):
    api.force_login(CitizenFactory())
    response = api.get("/api/v1/me/record/")
    assert response.status_code == 404
    assert "bảo hiểm xã hội" in response.json()["detail"]


# --- Eligibility pre-check ----------------------------------------------------------------------


def test_eligibility_gives_the_amount_dates_and_every_check(citizen_api):
    with time_machine.travel(FILED, tick=False):
        response = citizen_api.get("/api/v1/me/eligibility/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    data = response.json()
    assert data["eligible"] is True
    assert data["problem"] is None
    result = data["result"]
    assert result["monthly_benefit"] == 4_200_000
    assert result["average_salary"] == 7_000_000
    assert result["duration_months"] >= 3
    assert result["entitlement_start"] > "2026-03-02"
    assert result["checks"] and all(c["passed"] for c in result["checks"])
    assert all(c["message"] == c["message_en"] for c in result["checks"])
    assert data["facts"]["termination_date"] == "2026-02-27"


def test_eligibility_messages_are_vietnamese_by_default(citizen_api):
    with time_machine.travel(FILED, tick=False):
        data = citizen_api.get("/api/v1/me/eligibility/").json()
    assert all(c["message"] == c["message_vi"] for c in data["result"]["checks"])


def test_eligibility_after_the_filing_deadline_says_why_not(citizen_api):
    with time_machine.travel("2026-11-23 09:00 +07:00", tick=False):
        data = citizen_api.get("/api/v1/me/eligibility/").json()
    assert data["eligible"] is False
    assert any(not c["passed"] for c in data["result"]["checks"])


def test_eligibility_without_a_record_is_a_problem_not_an_error(api, registry):
    api.force_login(CitizenFactory())
    response = api.get("/api/v1/me/eligibility/")
    assert response.status_code == 200
    assert response.json()["record_found"] is False
    assert response.json()["problem"]
