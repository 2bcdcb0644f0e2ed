"""The fast track never takes a flagged claim (issue 13): a claim of a layoff whose worker filed
another claim after the signer looked at the batch is skipped when the batch runs."""

from __future__ import annotations

from datetime import date

import pytest

import claims.filing.duplicates as duplicates
import claims.review.fasttrack as fasttrack
from claims.core.transitions import Status
from claims.models import Claim
from identity.models import User
from tests.claims.filing.helpers import CLOSURE
from tests.claims.review.fasttrack_helpers import TAX_CODE, make_layoff, make_staff
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


def _flag_by_a_later_claim(claim: Claim) -> None:
    """The worker files a claim about a later termination: the open one is flagged as
    claim_submit does (claims.filing.duplicates.others_flag), without a new version."""
    later = ClaimFactory(
        citizen=claim.citizen,
        center=claim.center,
        status=Status.SUBMITTED,
        reference="TCTN-2026-000602",
        employer_tax_code="0100109106",
        termination_date=date(2026, 5, 29),
    )
    duplicates.others_flag(claims=[claim], new_claim=later)


def _seen(signer):
    return fasttrack.layoff_batch(
        center=signer.center, employer_tax_code=TAX_CODE, termination_date=CLOSURE
    )


def _start(signer, seen, capture, *, execute: bool):
    with capture(execute=execute):
        return fasttrack.batch_start(
            signer=signer,
            employer_tax_code=TAX_CODE,
            termination_date=CLOSURE,
            seen_fingerprint=seen.fingerprint,
        )


def test_a_claim_flagged_while_the_batch_runs_is_skipped(django_capture_on_commit_callbacks):
    signer = make_staff(User.Role.SIGNER)
    flagged, *others = make_layoff(signer.center, 3)
    seen = _seen(signer)
    assert set(seen.versions) == {c.pk for c in (flagged, *others)}
    batch = _start(signer, seen, django_capture_on_commit_callbacks, execute=False)
    _flag_by_a_later_claim(flagged)
    flagged.refresh_from_db()
    assert flagged.version == seen.versions[flagged.pk] and not flagged.is_clean
    batch = fasttrack.batch_run(batch_id=batch.pk)
    assert (batch.approved, batch.skipped, batch.failed) == (2, 1, 0)
    assert batch.results["claims"][str(flagged.pk)] == {"outcome": "skipped", "reason": "not_clean"}
    assert Claim.objects.get(pk=flagged.pk).status == Status.SUBMITTED


def test_a_claim_flagged_after_the_signer_looked_stops_the_start_and_leaves_the_list(
    django_capture_on_commit_callbacks,
):
    signer = make_staff(User.Role.SIGNER)
    flagged, *others = make_layoff(signer.center, 3)
    seen = _seen(signer)
    _flag_by_a_later_claim(flagged)
    with pytest.raises(fasttrack.BatchError):
        _start(signer, seen, django_capture_on_commit_callbacks, execute=True)
    (layoff,) = fasttrack.layoffs_for_center(center=signer.center)
    assert layoff.clean == 2 and set(_seen(signer).versions) == {c.pk for c in others}
