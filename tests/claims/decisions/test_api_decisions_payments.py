"""API: the citizen's decision (metadata, signed PDF) and payments (schedule, bank-details fix)."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support modules

from __future__ import annotations

import hashlib
import json

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from claims.core.transitions import Status
from claims.decisions.content import verify_url
from claims.decisions.models import Decision
from claims.models import Claim, ClaimEvent
from claims.payments import client as office_client
from claims.payments import services
from claims.payments.models import PaymentOrder
from tests.claims.api.helpers import api_token
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir, propose_approval, sign
from tests.claims.payments.helpers import (
    AMOUNT,
    FakeOffice,
    callback_body,
    make_approved_claim,
    post_callback,
)
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    """A token client, as the mobile app is."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


# --- The decision ------------------------------------------------------------------------------


@pytest.fixture
def decision(claim, staff, django_capture_on_commit_callbacks) -> Decision:
    """The garment worker's approval, signed with the development CA."""
    claim = propose_approval(claim, staff["officer"])
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    return Decision.objects.select_related("claim").get(claim=claim)


def decision_url(decision: Decision, suffix: str = "decision/") -> str:
    return f"/api/v1/claims/{decision.claim.public_id}/{suffix}"


def test_the_owner_gets_the_decisions_metadata(decision, citizen):
    assert decision.state == Decision.State.ISSUED
    response = api_for(citizen).get(decision_url(decision))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == decision.number
    assert body["kind"] == "approval"
    assert body["issued_on"] == decision.issued_on.isoformat()
    assert (body["signer_name"], body["signer_title"]) == (
        decision.signer_name,
        decision.signer_title,
    )
    assert body["state"] == "issued"
    assert body["verification_code"] == decision.code_display
    assert "-" in body["verification_code"]
    assert body["sha256"] == decision.sha256 and len(body["sha256"]) == 64
    assert body["cert_fingerprint"] == decision.cert_fingerprint
    assert body["signed_at"]
    assert body["pdf_url"] == f"http://testserver{decision_url(decision, 'decision.pdf')}"
    assert body["verify_url"] == verify_url(decision.number, decision.verification_code)


@pytest.mark.parametrize("accept", [None, "application/pdf"])
def test_the_owner_downloads_the_signed_pdf(decision, citizen, accept):
    headers = {"Accept": accept} if accept else {}
    response = api_for(citizen).get(decision_url(decision, "decision.pdf"), headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == decision.sha256


@pytest.mark.parametrize("state", [Decision.State.PENDING, Decision.State.FAILED])
def test_a_decision_being_prepared_is_409_for_the_pdf(decision, citizen, state):
    Decision.objects.filter(pk=decision.pk).update(state=state)
    client = api_for(citizen)
    meta = client.get(decision_url(decision)).json()
    assert meta["state"] == "preparing"
    assert meta["verify_url"] is None and meta["sha256"] is None
    # Even when the app asks for a PDF, the error is the API's JSON.
    response = client.get(decision_url(decision, "decision.pdf"), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "decision_preparing"
    assert response.json()["detail"]
    english = client.get(decision_url(decision, "decision.pdf"), HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"].startswith("The decision is being prepared")


def test_a_claim_without_a_decision_is_404(claim, citizen):
    for suffix in ("decision/", "decision.pdf"):
        response = api_for(citizen).get(f"/api/v1/claims/{claim.public_id}/{suffix}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("suffix", ["decision/", "decision.pdf"])
def test_another_citizen_gets_404_and_staff_403_for_the_decision(decision, staff_api, suffix):
    response = api_for(CitizenFactory()).get(decision_url(decision, suffix))
    assert response.status_code == 404
    assert response.json()["detail"]
    response = staff_api.get(decision_url(decision, suffix))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert APIClient().get(decision_url(decision, suffix)).status_code == 401


# --- Payments ----------------------------------------------------------------------------------


@pytest.fixture
def office(monkeypatch) -> FakeOffice:
    fake = FakeOffice()
    monkeypatch.setattr(office_client, "_session", fake)
    return fake


def _send_first(claim: Claim) -> PaymentOrder:
    services.payment_schedule_create(claim_id=claim.pk)
    (order,) = PaymentOrder.objects.filter(claim=claim)
    services.payment_order_send(order_id=order.pk)
    order.refresh_from_db()
    return order


@pytest.fixture
def failed(office):
    """A claim whose first month failed at the office (invalid account), as the page tests."""
    claim = make_approved_claim(months=3, account="9990001111")
    order = _send_first(claim)
    post_callback(
        Client(),
        callback_body(
            order, "failed", reason_code="invalid_account", reason="Số tài khoản không tồn tại"
        ),
    )
    order.refresh_from_db()
    assert order.status == "failed"
    return claim, order


def payments_url(claim: Claim, suffix: str = "payments/") -> str:
    return f"/api/v1/claims/{claim.public_id}/{suffix}"


def test_the_schedule_shows_each_month_and_the_failed_ones_action(failed):
    claim, order = failed
    response = api_for(claim.citizen).get(payments_url(claim))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["paid"], body["total"]) == (0, 3 * AMOUNT)
    first, second, third = body["installments"]
    assert [m["number"] for m in body["installments"]] == [1, 2, 3]
    assert first["status"] == "failed"
    assert first["failure_reason"] == "Số tài khoản không tồn tại"
    assert first["action"] == "fix_payment_details"
    assert first["details_changed"] is False
    assert first["amount"] == AMOUNT and isinstance(first["amount"], int)
    installment = order.installment
    assert (first["period_start"], first["period_end"], first["due_on"]) == (
        installment.period_start.isoformat(),
        installment.period_end.isoformat(),
        installment.due_on.isoformat(),
    )
    assert first["paid_at"] is None
    assert second["status"] == third["status"] == "scheduled"
    assert second["action"] is None and second["failure_reason"] is None


def test_a_paid_month_counts_in_the_totals(office):
    claim = make_approved_claim(months=2)
    order = _send_first(claim)
    post_callback(Client(), callback_body(order, "paid"))
    body = api_for(claim.citizen).get(payments_url(claim)).json()
    assert (body["paid"], body["total"]) == (AMOUNT, 2 * AMOUNT)
    assert body["installments"][0]["status"] == "paid"
    assert body["installments"][0]["paid_at"]
    assert body["installments"][0]["action"] is None


def test_a_claim_without_payments_has_an_empty_schedule(office):
    claim = make_approved_claim(status=Status.APPROVED)
    body = api_for(claim.citizen).get(payments_url(claim)).json()
    assert body == {"installments": [], "paid": 0, "total": 0}


def test_a_valid_change_goes_through_the_pages_service(failed):
    claim, _order = failed
    holder = claim.answers["payment"]["account_holder"]
    client = api_for(claim.citizen)
    response = client.put(
        payments_url(claim, "payment-details/"),
        {
            "method": "bank",
            "bank_code": "BIDV",
            "account_number": "1234 5678 90",
            "account_holder": holder.lower(),
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["method"] == "bank" and body["bank_code"] == "BIDV"
    assert body["account_number"] == "••••••7890"
    assert "1234567890" not in response.content.decode()
    assert body["changed"] == ["account_number", "bank_code"]
    claim.refresh_from_db()
    assert claim.answers["payment"]["account_number"] == "1234567890"
    assert claim.answers["payment"]["account_holder"] == holder  # upper-cased, as on the page
    event = ClaimEvent.objects.get(claim=claim, kind="payment_details_changed")
    assert event.actor == claim.citizen
    assert event.data["changed"] == {
        "account_number": {"from": "••••••1111", "to": "••••••7890"},
        "bank_code": {"from": "VCB", "to": "BIDV"},
    }
    # The schedule now says the worker fixed it; the same details again change nothing.
    first = client.get(payments_url(claim)).json()["installments"][0]
    assert first["details_changed"] is True
    again = client.put(
        payments_url(claim, "payment-details/"),
        {"method": "bank", "bank_code": "BIDV", "account_number": "1234567890"}
        | {"account_holder": holder},
        format="json",
    )
    assert again.status_code == 200 and again.json()["changed"] == []
    assert ClaimEvent.objects.filter(claim=claim, kind="payment_details_changed").count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"method": "bank", "bank_code": "VCB", "account_number": "12ab"}, "account_number"),
        (
            {
                "method": "bank",
                "bank_code": "VCB",
                "account_number": "0123456789",
                "account_holder": "TRAN VAN B",
            },
            "account_holder",
        ),
        ({"method": "cash"}, "cash_province"),
        ({"method": "card"}, "method"),
        ({"method": "bank", "bank_code": ["VCB"]}, "bank_code"),
    ],
)
def test_invalid_details_are_400_with_field_errors_and_change_nothing(failed, body, field):
    claim, _order = failed
    before = dict(claim.answers["payment"])
    response = api_for(claim.citizen).put(
        payments_url(claim, "payment-details/"), body, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["code"] == "invalid" and errors["detail"]
    assert errors[field]
    claim.refresh_from_db()
    assert claim.answers["payment"] == before
    assert not ClaimEvent.objects.filter(claim=claim, kind="payment_details_changed").exists()


def test_english_field_errors(failed):
    claim, _order = failed
    response = api_for(claim.citizen).put(
        payments_url(claim, "payment-details/"),
        {"method": "bank", "bank_code": "VCB", "account_number": "12ab", "account_holder": ""},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "digits" in response.json()["account_number"][0]


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.REJECTED, Status.COMPLETED])
def test_details_cannot_change_where_the_page_does_not_allow_it(office, status):
    claim = make_approved_claim(status=status)
    before = dict(claim.answers["payment"])
    response = api_for(claim.citizen).put(
        payments_url(claim, "payment-details/"),
        {"method": "cash", "cash_province": "24"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "claim_state"
    assert response.json()["current_status"] == status
    claim.refresh_from_db()
    assert claim.answers["payment"] == before


@pytest.mark.parametrize(("method", "suffix"), [("get", "payments/"), ("put", "payment-details/")])
def test_another_citizen_gets_404_staff_403_and_nothing_changes(failed, staff_api, method, suffix):
    claim, _order = failed
    before = dict(claim.answers["payment"])
    body = {"method": "cash", "cash_province": "24"}
    response = getattr(api_for(CitizenFactory()), method)(
        payments_url(claim, suffix), body, format="json"
    )
    assert response.status_code == 404
    assert response.json()["detail"]
    response = getattr(staff_api, method)(payments_url(claim, suffix), body, format="json")
    assert response.status_code == 403
    assert getattr(APIClient(), method)(payments_url(claim, suffix)).status_code == 401
    claim.refresh_from_db()
    assert claim.answers["payment"] == before
    assert not ClaimEvent.objects.filter(claim=claim, kind="payment_details_changed").exists()


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.text(max_size=40)
    | st.sampled_from(["bank", "cash", "VCB", "BIDV", "24", "0123456789", "1234 5678 90"])
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
fields = st.sampled_from(list(services.PAYEE_FIELDS)) | st.text(max_size=10)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.dictionaries(fields, json_values, max_size=6) | json_values)
def test_random_json_for_the_details_never_gets_a_500(failed, body):
    claim, _order = failed
    response = api_for(claim.citizen).put(
        payments_url(claim, "payment-details/"),
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code in {200, 400}, response.content
    assert response.json()["detail" if response.status_code == 400 else "method"] is not None


def test_the_schema_documents_the_four_endpoints(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    paths = yaml.safe_load(out.read_text(encoding="utf-8"))["paths"]
    assert "get" in paths["/api/v1/claims/{claim_id}/decision/"]
    pdf = paths["/api/v1/claims/{claim_id}/decision.pdf"]["get"]
    assert "application/pdf" in pdf["responses"]["200"]["content"]
    assert "get" in paths["/api/v1/claims/{claim_id}/payments/"]
    assert "put" in paths["/api/v1/claims/{claim_id}/payment-details/"]
