"""The fast track: which claims form a batch, starting one, and running it safely (twice, too)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

import claims.review.fasttrack as fasttrack
import claims.review.services as review
from claims.core.transitions import Actor, Status
from claims.models import BatchApproval, Claim, ClaimEvent, ClaimFlag, Notification, Proposal
from claims.review.fasttrack import BatchError
from claims.tasks import batch_approval_sweep
from identity.models import User
from tests.claims.filing.helpers import CLOSURE
from tests.claims.review.fasttrack_helpers import TAX_CODE, make_layoff, make_staff

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


@pytest.fixture
def signer():
    return make_staff(User.Role.SIGNER, full_name="Phạm Minh Châu")


@pytest.fixture
def officer(signer):
    return make_staff(User.Role.OFFICER, full_name="Trần Văn An")


@pytest.fixture
def layoff(signer):
    return make_layoff(signer.center, 12)


def start(signer, *, capture, execute=True, tax_code=TAX_CODE, day=CLOSURE) -> BatchApproval:
    seen = fasttrack.layoff_batch(
        center=signer.center, employer_tax_code=tax_code, termination_date=day
    )
    with capture(execute=execute):
        return fasttrack.batch_start(
            signer=signer,
            employer_tax_code=tax_code,
            termination_date=day,
            seen_fingerprint=seen.fingerprint,
        )


def history(claim: Claim) -> list[tuple[str, str, str]]:
    return [
        (e.from_status, e.to_status, e.actor_role)
        # Status changes only (the signed decision and payments add events of their own).
        for e in ClaimEvent.objects.filter(claim=claim).exclude(to_status="").order_by("id")
    ]


# --- Which claims form a batch -----------------------------------------------------------------


def test_the_batch_lists_only_clean_waiting_claims_of_the_own_center(signer, layoff):
    make_layoff(signer.center, 3, clean=False)
    flagged = make_layoff(signer.center, 1)[0]
    ClaimFlag.objects.create(claim=flagged, code="concurrent_contract", severity="needs_review")
    make_layoff(signer.center, 2, status=Status.DECISION_ISSUED)
    make_layoff(make_staff(province="01").center, 5)  # the same employer, another center
    make_layoff(signer.center, 2, tax_code="0100109106")

    layoffs = fasttrack.layoffs_for_center(center=signer.center)

    assert [(x.employer_tax_code, x.termination_date, x.clean, x.not_clean) for x in layoffs] == [
        (TAX_CODE, CLOSURE, 12, 4),  # 3 not clean + 1 flagged are left for the normal queue
        ("0100109106", CLOSURE, 2, 0),
    ]
    batch = fasttrack.layoff_batch(
        center=signer.center, employer_tax_code=TAX_CODE, termination_date=CLOSURE
    )
    assert set(batch.versions) == {c.pk for c in layoff}
    assert batch.not_clean == 4
    assert batch.employer_name == "Công ty TNHH May mặc Hanwoo Vina"


def test_the_sample_is_random_but_reproducible(signer, layoff):
    first = fasttrack.layoff_batch(
        center=signer.center, employer_tax_code=TAX_CODE, termination_date=CLOSURE
    )
    again = fasttrack.layoff_batch(
        center=signer.center, employer_tax_code=TAX_CODE, termination_date=CLOSURE
    )
    assert len(first.sample) == fasttrack.SAMPLE_SIZE
    assert [c.pk for c in first.sample] == [c.pk for c in again.sample]
    assert {c.pk for c in first.sample} <= {c.pk for c in layoff}
    other = fasttrack.sample_ids(
        center_id=signer.center_id,
        employer_tax_code="0100109106",
        termination_date=CLOSURE,
        ids=[c.pk for c in layoff],
    )
    assert other != [c.pk for c in first.sample]  # another layoff draws another sample


# --- Starting a batch: bad input changes nothing ------------------------------------------------


def test_an_officer_cannot_start_a_batch(officer, layoff, django_capture_on_commit_callbacks):
    with pytest.raises(BatchError, match="lãnh đạo"):
        start(officer, capture=django_capture_on_commit_callbacks)
    assert not BatchApproval.objects.exists()


def test_an_empty_batch_or_another_centers_layoff_is_refused(
    signer, django_capture_on_commit_callbacks
):
    other_signer = make_staff(User.Role.SIGNER, province="01")
    make_layoff(signer.center, 4)
    with pytest.raises(BatchError, match="Không có hồ sơ sạch"):
        start(other_signer, capture=django_capture_on_commit_callbacks)
    with pytest.raises(BatchError, match="Không có hồ sơ sạch"):
        start(signer, capture=django_capture_on_commit_callbacks, day=date(2026, 1, 1))
    assert not BatchApproval.objects.exists()


def test_a_stale_page_is_refused_and_nothing_changes(
    signer, officer, layoff, django_capture_on_commit_callbacks
):
    seen = fasttrack.layoff_batch(
        center=signer.center, employer_tax_code=TAX_CODE, termination_date=CLOSURE
    )
    taken = layoff[0]
    review.claim_assign(
        claim_id=taken.pk, actor=officer, assignee=officer, expected_version=taken.version
    )
    with pytest.raises(BatchError, match="đã thay đổi"):
        fasttrack.batch_start(
            signer=signer,
            employer_tax_code=TAX_CODE,
            termination_date=CLOSURE,
            seen_fingerprint=seen.fingerprint,
        )
    assert not BatchApproval.objects.exists()
    assert Claim.objects.filter(status=Status.SUBMITTED).count() == 11


def test_a_second_start_while_the_first_runs_is_refused(
    signer, layoff, django_capture_on_commit_callbacks
):
    start(signer, capture=django_capture_on_commit_callbacks, execute=False)
    with pytest.raises(BatchError, match="đang được duyệt"):
        start(signer, capture=django_capture_on_commit_callbacks)
    assert BatchApproval.objects.count() == 1


# --- Running a batch --------------------------------------------------------------------------


def test_approving_a_batch_gives_every_claim_its_own_events_and_decision(
    signer, layoff, django_capture_on_commit_callbacks
):
    batch = start(signer, capture=django_capture_on_commit_callbacks)

    batch.refresh_from_db()
    assert batch.status == BatchApproval.Status.DONE
    assert (batch.total, batch.done, batch.approved, batch.skipped, batch.failed) == (
        12,
        12,
        12,
        0,
        0,
    )
    assert batch.finished_at is not None
    assert len(batch.sample_ids) == fasttrack.SAMPLE_SIZE
    for claim in layoff:
        claim.refresh_from_db()
        assert claim.status == Status.DECISION_ISSUED
        assert claim.decided_at is not None
        assert history(claim) == [
            (Status.DRAFT, Status.SUBMITTED, Actor.CITIZEN),
            (Status.SUBMITTED, Status.IN_REVIEW, Actor.SYSTEM),
            (Status.IN_REVIEW, Status.PROPOSED, Actor.SYSTEM),
            (Status.PROPOSED, Status.APPROVED, Actor.SIGNER),
            (Status.APPROVED, Status.DECISION_ISSUED, Actor.SYSTEM),
        ]
        proposal = Proposal.objects.get(claim=claim)
        assert proposal.kind == Proposal.Kind.APPROVE
        assert proposal.outcome == Proposal.Outcome.SIGNED and proposal.decided_by == signer
        assert proposal.monthly_benefit == claim.monthly_benefit
        assert proposal.entitlement_start is not None and proposal.entitlement_end is not None
        assert review.proposal_is_systems(proposal)
        assert Notification.objects.filter(
            user=claim.citizen, claim=claim, kind="decision_issued"
        ).exists()
    assert fasttrack.layoffs_for_center(center=signer.center) == []


def test_a_claim_already_in_review_is_proposed_without_a_second_review_step(
    signer, officer, django_capture_on_commit_callbacks
):
    claim = make_layoff(signer.center, 1, status=Status.IN_REVIEW)[0]
    start(signer, capture=django_capture_on_commit_callbacks)
    claim.refresh_from_db()
    assert claim.status == Status.DECISION_ISSUED
    assert [t for _f, t, _a in history(claim)][1:] == [
        Status.PROPOSED,
        Status.APPROVED,
        Status.DECISION_ISSUED,
    ]


def test_a_claim_changed_after_the_signer_looked_is_skipped(
    signer, officer, layoff, django_capture_on_commit_callbacks
):
    batch = start(signer, capture=django_capture_on_commit_callbacks, execute=False)
    changed = layoff[3]
    review.claim_assign(
        claim_id=changed.pk, actor=officer, assignee=officer, expected_version=changed.version
    )
    gone_unclean = layoff[5]
    Claim.objects.filter(pk=gone_unclean.pk).update(is_clean=False)

    batch = fasttrack.batch_run(batch_id=batch.pk)

    assert (batch.approved, batch.skipped, batch.failed, batch.done) == (10, 2, 0, 12)
    changed.refresh_from_db()
    assert changed.status == Status.IN_REVIEW and changed.assignee == officer
    assert not Proposal.objects.filter(claim=changed).exists()
    assert Claim.objects.get(pk=gone_unclean.pk).status == Status.SUBMITTED
    outcomes = fasttrack.batch_outcomes(batch)
    assert {row["claim_id"]: str(row["reason"]) for row in outcomes["skipped"]} == {
        changed.pk: str(fasttrack.SKIP_REASONS["changed"]),
        gone_unclean.pk: str(fasttrack.SKIP_REASONS["not_clean"]),
    }


def test_a_failing_claim_is_counted_failed_and_the_rest_go_on(
    signer, layoff, django_capture_on_commit_callbacks, monkeypatch
):
    broken = layoff[4]
    real_sign = review.proposal_sign

    def sign(*, claim_id, **kwargs):
        if claim_id == broken.pk:
            raise RuntimeError("signature service down")
        return real_sign(claim_id=claim_id, **kwargs)

    monkeypatch.setattr(review, "proposal_sign", sign)
    batch = start(signer, capture=django_capture_on_commit_callbacks)

    batch.refresh_from_db()
    assert (batch.approved, batch.skipped, batch.failed, batch.status) == (11, 0, 1, "done")
    broken.refresh_from_db()
    # Its own transaction rolled back whole: not half-proposed.
    assert broken.status == Status.SUBMITTED and broken.version == layoff[4].version
    assert not Proposal.objects.filter(claim=broken).exists()
    assert len(history(broken)) == 1
    failed = fasttrack.batch_outcomes(batch)["failed"]
    assert [row["claim_id"] for row in failed] == [broken.pk]
    assert "signature service down" in failed[0]["error"]


def test_running_the_task_twice_approves_nothing_twice(
    signer, layoff, django_capture_on_commit_callbacks
):
    batch = start(signer, capture=django_capture_on_commit_callbacks)
    events, proposals = ClaimEvent.objects.count(), Proposal.objects.count()

    again = fasttrack.batch_run(batch_id=batch.pk)

    assert again.status == BatchApproval.Status.DONE and again.approved == 12
    assert (ClaimEvent.objects.count(), Proposal.objects.count()) == (events, proposals)


def test_a_worker_killed_before_saving_progress_is_resumed_without_double_counting(
    signer, layoff, django_capture_on_commit_callbacks
):
    batch = start(signer, capture=django_capture_on_commit_callbacks)
    events = ClaimEvent.objects.count()
    # As if the worker died after approving every claim but before saving the outcomes,
    # and its lease then ran out.
    expired = (timezone.now() - timedelta(minutes=1)).isoformat()
    BatchApproval.objects.filter(pk=batch.pk).update(
        status=BatchApproval.Status.RUNNING,
        done=0,
        approved=0,
        results={"claims": {}, "lease": {"token": "dead", "until": expired}},
    )
    assert fasttrack.batch_runs_lost() == [batch.pk]

    assert batch_approval_sweep.delay().get() == 1

    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.approved, batch.skipped) == ("done", 12, 12, 0)
    assert ClaimEvent.objects.count() == events
    assert Proposal.objects.count() == 12


def test_a_batch_held_by_a_live_worker_is_left_alone(
    signer, layoff, django_capture_on_commit_callbacks
):
    batch = start(signer, capture=django_capture_on_commit_callbacks, execute=False)
    live = (timezone.now() + timedelta(minutes=3)).isoformat()
    BatchApproval.objects.filter(pk=batch.pk).update(
        status=BatchApproval.Status.RUNNING,
        results={"claims": {}, "lease": {"token": "other", "until": live}},
    )
    assert fasttrack.batch_runs_lost() == []
    assert fasttrack.batch_run(batch_id=batch.pk).done == 0
    assert Claim.objects.filter(status=Status.SUBMITTED).count() == 12


def test_a_batch_queued_too_long_is_swept_and_a_dying_one_is_given_up(
    signer, layoff, django_capture_on_commit_callbacks
):
    batch = start(signer, capture=django_capture_on_commit_callbacks, execute=False)
    assert fasttrack.batch_runs_lost() == []  # just queued: its task may still come
    BatchApproval.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - fasttrack.QUEUED_GRACE - timedelta(seconds=1)
    )
    assert fasttrack.batch_runs_lost() == [batch.pk]

    BatchApproval.objects.filter(pk=batch.pk).update(
        results={"claims": {}, "attempts": fasttrack.MAX_ATTEMPTS}
    )
    batch = fasttrack.batch_run(batch_id=batch.pk)
    assert batch.status == BatchApproval.Status.FAILED and batch.finished_at is not None
    assert Claim.objects.filter(status=Status.SUBMITTED).count() == 12


def test_progress_is_saved_after_every_chunk(
    signer, layoff, django_capture_on_commit_callbacks, monkeypatch
):
    batch = start(signer, capture=django_capture_on_commit_callbacks, execute=False)
    seen: list[tuple[int, int, str]] = []
    real_save = fasttrack._save_progress

    def spy(*args, **kwargs):
        saved = real_save(*args, **kwargs)
        seen.append((saved.done, saved.total, saved.status))
        return saved

    monkeypatch.setattr(fasttrack, "_save_progress", spy)
    fasttrack.batch_run(batch_id=batch.pk, chunk_size=5)

    assert seen == [(5, 12, "running"), (10, 12, "running"), (12, 12, "running"), (12, 12, "done")]
    progress = fasttrack.batch_progress(BatchApproval.objects.get(pk=batch.pk))
    assert progress["percent"] == 100 and progress["finished"] and progress["approved"] == 12
