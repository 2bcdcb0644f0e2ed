"""Two staff acting on one claim at the same moment, on PostgreSQL with two real connections:
exactly one wins, one event is written, the other is told (ClaimStateError). Skipped on SQLite,
which has no row locks to race on."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

import claims.review.services as review
from claims.core.exceptions import ClaimStateError
from claims.core.transitions import Status
from claims.models import Claim, ClaimEvent
from identity.models import User
from tests.claims.review.helpers import make_staff
from tests.factories import CitizenFactory, ClaimFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "social_security"]),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking needs PostgreSQL"),
]


def race(*actions):
    """Run the actions in threads released together; each result or exception, in order."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            results[i] = action()
        except Exception as error:  # the loser's error is the result we check
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def proposed_claim():
    officer = make_staff()
    claim = ClaimFactory(
        citizen=CitizenFactory(), center=officer.center, status=Status.SUBMITTED, reference="R-1"
    )
    claim = review.claim_assign(
        claim_id=claim.pk, actor=officer, assignee=officer, expected_version=claim.version
    )
    review.claim_propose_refusal(
        claim_id=claim.pk,
        officer=officer,
        reason_codes=["other"],
        explanation="Không đủ điều kiện.",
        expected_version=claim.version,
    )
    return Claim.objects.get(pk=claim.pk), officer


def test_sign_and_return_at_once_one_wins():
    claim, _officer = proposed_claim()
    signer1 = make_staff(User.Role.SIGNER)
    signer2 = make_staff(User.Role.SIGNER)
    # Status moves only: the signed decision and payments add events of their own after commit.
    moves = ClaimEvent.objects.filter(claim=claim, kind__startswith="status:")
    events = moves.count()
    results = race(
        lambda: review.proposal_sign(
            claim_id=claim.pk, signer=signer1, expected_version=claim.version
        ),
        lambda: review.proposal_return(
            claim_id=claim.pk, signer=signer2, comment="Xem lại", expected_version=claim.version
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ClaimStateError), results
    claim.refresh_from_db()
    if isinstance(results[0], Exception):  # the return won
        assert claim.status == Status.IN_REVIEW
        assert moves.count() == events + 1
    else:  # the signature won: approved/rejected, then decision issued
        assert claim.status == Status.DECISION_ISSUED
        assert moves.count() == events + 2


def test_two_officers_requesting_information_at_once_apply_it_once():
    officer = make_staff()
    colleague = make_staff()
    claim = ClaimFactory(
        citizen=CitizenFactory(), center=officer.center, status=Status.SUBMITTED, reference="R-2"
    )
    claim = review.claim_assign(
        claim_id=claim.pk, actor=officer, assignee=officer, expected_version=claim.version
    )
    results = race(
        *[
            (
                lambda who=who: review.claim_request_info(
                    claim_id=claim.pk,
                    officer=who,
                    message="Bổ sung",
                    expected_version=claim.version,
                )
            )
            for who in (officer, colleague)
        ]
    )
    assert sum(isinstance(r, ClaimStateError) for r in results) == 1, results
    assert ClaimEvent.objects.filter(claim=claim, to_status=Status.INFO_REQUESTED).count() == 1
