"""The fast track through a real Celery worker and Redis (skipped without REDIS_URL).

The other fast-track tests run the task eagerly; this one proves the run survives the real
path: the approval is committed, the task goes through the broker after commit, a worker picks
it up (acks_late) and the progress the page polls reaches the total.
"""

from __future__ import annotations

import os
import time

import pytest

import claims.review.fasttrack as fasttrack
from claims.core.transitions import Status
from claims.models import BatchApproval, Claim
from identity.models import User
from tests.claims.filing.helpers import CLOSURE
from tests.claims.review.fasttrack_helpers import TAX_CODE, celery_worker, make_layoff, make_staff

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (a real broker)"),
    pytest.mark.django_db(transaction=True, databases=["default", "social_security"]),
]


def wait_until_finished(batch_id: int, timeout: float = 90) -> BatchApproval:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        batch = BatchApproval.objects.get(pk=batch_id)
        if fasttrack.batch_progress(batch)["finished"]:
            return batch
        time.sleep(0.2)
    pytest.fail(f"batch {batch_id} did not finish in {timeout}s: {batch.status} {batch.done}")


def test_a_batch_runs_through_a_real_worker_and_redis():
    signer = make_staff(User.Role.SIGNER)
    claims = make_layoff(signer.center, 8)
    with celery_worker(REDIS_URL):
        seen = fasttrack.layoff_batch(
            center=signer.center, employer_tax_code=TAX_CODE, termination_date=CLOSURE
        )
        batch = fasttrack.batch_start(
            signer=signer,
            employer_tax_code=TAX_CODE,
            termination_date=CLOSURE,
            seen_fingerprint=seen.fingerprint,
        )
        batch = wait_until_finished(batch.pk)
    assert (batch.status, batch.done, batch.approved, batch.skipped, batch.failed) == (
        "done",
        8,
        8,
        0,
        0,
    )
    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)
    ) == {Status.DECISION_ISSUED}
