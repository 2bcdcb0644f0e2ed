"""Bulk and interactive work on their own queues and workers (issue 13), with real workers.

While a fast-track batch keeps the bulk worker busy (its approvals and then its decisions,
which follow the batch onto the bulk queue), a signer's single decision is rendered and signed
by the interactive worker instead of waiting behind the batch.
"""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support modules

from __future__ import annotations

import time

import pytest
from django.db import connection

import claims.review.fasttrack as fasttrack
import claims.review.services as review
from claims.decisions.models import Decision
from identity.models import User
from portal.celery import app
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir
from tests.claims.filing.helpers import CLOSURE
from tests.claims.review.fasttrack_helpers import TAX_CODE, celery_worker, make_layoff, make_staff
from tests.factories import StaffFactory

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, databases=["default", "social_security"]),
]

BATCH_SIZE = 30


def test_routes_send_batches_and_what_if_to_bulk_and_the_rest_to_interactive():
    route = app.amqp.router.route
    assert route({}, "claims.tasks.batch_approval_run")["queue"].name == "bulk"
    assert route({}, "eligibility.tasks.whatif_run")["queue"].name == "bulk"
    for name in (
        "claims.tasks.decision_render",
        "claims.tasks.payment_order_send",
        "claims.tasks.notification_email",
        "claims.tasks.payments_sweep",
    ):
        assert route({}, name)["queue"].name == "interactive", name


def test_a_single_decision_is_rendered_while_a_bulk_batch_is_running(embedded_broker):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: three threads write at once (SQLite's test database locks)")
    signer = make_staff(User.Role.SIGNER)
    officer = StaffFactory(role=User.Role.OFFICER, center=signer.center)
    make_layoff(signer.center, BATCH_SIZE)
    (single,) = make_layoff(signer.center, 1, tax_code="0109999999")
    single = review.claim_assign(
        claim_id=single.pk, actor=officer, assignee=officer, expected_version=single.version
    )
    review.claim_propose_approval(
        claim_id=single.pk, officer=officer, expected_version=single.version
    )
    single.refresh_from_db()

    with (
        celery_worker(embedded_broker, queues=("bulk",)),
        celery_worker(embedded_broker, queues=("interactive",)),
    ):
        seen = fasttrack.layoff_batch(
            center=signer.center, employer_tax_code=TAX_CODE, termination_date=CLOSURE
        )
        batch = fasttrack.batch_start(
            signer=signer,
            employer_tax_code=TAX_CODE,
            termination_date=CLOSURE,
            seen_fingerprint=seen.fingerprint,
        )
        # The batch is under way on the bulk worker before the single signature.
        deadline = time.monotonic() + 60
        while not Decision.objects.exclude(claim_id=single.pk).exists():
            assert time.monotonic() < deadline, "the batch never started"
            time.sleep(0.1)
        review.proposal_sign(claim_id=single.pk, signer=signer, expected_version=single.version)

        deadline = time.monotonic() + 60  # "within a minute"
        while not Decision.objects.filter(claim_id=single.pk, sha256__gt="").exists():
            assert time.monotonic() < deadline, "the single decision waited behind the batch"
            time.sleep(0.1)
        # ...and the bulk work was still going on when it was done.
        batch.refresh_from_db()
        batch_decisions = Decision.objects.exclude(claim_id=single.pk)
        unsigned = batch_decisions.filter(sha256="").count() + (
            BATCH_SIZE - batch_decisions.count()
        )
        assert unsigned > 0, "the batch finished first: nothing shows the queues apart"
