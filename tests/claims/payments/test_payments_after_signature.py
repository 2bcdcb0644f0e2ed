"""A payment order leaves only once the signed decision exists (issue 13, ADR 0012): the schedule
is made at the approval, the orders at the signature (or by the sweep when that was lost)."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support module

from __future__ import annotations

import pytest

from claims.decisions import services as decisions
from claims.decisions.models import Decision
from claims.payments import client, services
from claims.payments.models import PaymentInstallment, PaymentOrder
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir, propose_approval, sign
from tests.claims.payments.helpers import make_approved_claim
from tests.claims.payments.test_installment_guard import office  # noqa: F401 - the autouse fake office

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


def test_nothing_is_released_while_the_decision_is_not_signed(office):
    claim = make_approved_claim(decision_state="pending")
    installments = services.payment_schedule_create(claim_id=claim.pk)
    assert [i.status for i in installments] == ["scheduled"] * 3
    assert services.payments_release_due() == []
    assert services.payments_sweep()["released"] == 0
    assert not PaymentOrder.objects.filter(claim=claim).exists() and office.posts == []


def test_a_claim_without_any_decision_row_is_not_paid_either():
    claim = make_approved_claim(decision_state=None)
    services.payment_schedule_create(claim_id=claim.pk)
    assert services.payments_release_due() == []


def test_a_failed_render_keeps_the_money_until_the_decision_is_rendered_again(
    claim, staff, monkeypatch, office, django_capture_on_commit_callbacks
):
    claim = propose_approval(claim, staff["officer"])

    def broken(document):
        raise OSError("disk full")

    monkeypatch.setattr(decisions, "document_sign", broken)
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    decision = Decision.objects.get(claim=claim)
    assert decision.state == Decision.State.PENDING
    # The approval made the schedule; the first month is due (the decision day) but waits.
    first = PaymentInstallment.objects.get(claim=claim, number=1)
    assert first.status == "scheduled"
    assert services.payments_sweep()["released"] == 0
    assert office.posts == []
    Decision.objects.filter(pk=decision.pk).update(state=Decision.State.FAILED)
    monkeypatch.undo()
    monkeypatch.setattr(client, "_session", office)
    with django_capture_on_commit_callbacks(execute=True):
        decisions.decision_render_again(decision_id=decision.pk, actor=staff["officer"])
    decision.refresh_from_db()
    assert decision.state == Decision.State.ISSUED
    order = PaymentOrder.objects.get(claim=claim, installment__number=1)
    assert order.created_at >= decision.signed_at
    assert order.status == "acknowledged" and len(office.posts) == 1


def test_the_signature_releases_the_first_month_after_the_pdf_is_stored(
    claim, staff, office, django_capture_on_commit_callbacks
):
    claim = propose_approval(claim, staff["officer"])
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    decision = Decision.objects.get(claim=claim)
    assert decision.state == Decision.State.ISSUED
    (order,) = PaymentOrder.objects.filter(claim=claim)
    assert order.installment.number == 1
    assert order.created_at >= decision.signed_at
    assert office.posts[0]["idempotency_key"] == str(order.idempotency_key)


def test_the_sweep_releases_once_signed_when_the_signature_hook_was_lost(office):
    claim = make_approved_claim(decision_state="pending")
    services.payment_schedule_create(claim_id=claim.pk)
    assert services.payments_sweep()["released"] == 0
    Decision.objects.filter(claim=claim).update(state=Decision.State.ISSUED)
    assert services.payments_sweep()["released"] == 1
    assert services.payments_sweep()["released"] == 0  # exactly once
    assert PaymentOrder.objects.filter(claim=claim).count() == 1
