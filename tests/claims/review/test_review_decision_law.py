"""Signing passes the real decision date: the law is the one in force that day (issue 15).

Law 74/2025 Art. 54.2, 55.4: the law is chosen by the decision date. The figures proposed were
computed at filing with the decision taken to be made on its deadline; a signature on a day
under the other law is refused (the proposal goes back to be recomputed), and every signed
decision records its decision date and rule set.
"""
# ruff: noqa: F811 - pytest fixtures imported from test_review_support

from __future__ import annotations

import pytest
import time_machine
from django.utils import timezone

import claims.review.services as review
from claims.core.exceptions import ClaimStateError
from claims.core.transitions import Status
from claims.models import Claim
from tests.claims.review.test_review_services import proposed

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


def test_a_signed_decision_records_its_date_and_rule_set(claim, staff):
    claim = proposed(claim, staff["officer"])
    signed = review.proposal_sign(
        claim_id=claim.pk, signer=staff["signer"], expected_version=claim.version
    )
    event = signed.events.get(to_status=Status.APPROVED)
    assert event.data["rule_set"] == claim.eligibility["result"]["rule_set"]
    assert event.data["decision_date"] == timezone.localdate(signed.decided_at).isoformat()


def test_signing_under_another_law_than_the_figures_is_refused(claim, staff):
    claim = proposed(claim, staff["officer"])
    # Filed 2025-12-15: its deadline (2026-01-13) fell under the 2025 law, so the figures were
    # computed with it; a signature on 2025-12-30 is a decision under the 2013 law.
    data = claim.eligibility
    data["facts"]["filing_date"] = "2025-12-15"
    data["result"]["rule_set"] = "luat-viec-lam-2025"
    Claim.objects.filter(pk=claim.pk).update(eligibility=data)
    with time_machine.travel("2025-12-30 10:00:00+07:00", tick=False):
        with pytest.raises(ClaimStateError) as caught:
            review.proposal_sign(
                claim_id=claim.pk, signer=staff["signer"], expected_version=claim.version
            )
    assert "luat-viec-lam-2013-nd61" in str(caught.value) and "55.4" in str(caught.value)
    claim.refresh_from_db()
    assert claim.status == Status.PROPOSED
