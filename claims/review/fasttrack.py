"""Fast track for a mass layoff: a signer approves the clean claims of one layoff in one action.

A layoff is one employer (tax code) and one termination date inside one center. Its "clean"
claims (every check passed, no flag: Claim.is_clean, set at submit) that still wait for a
decision form the batch. The signer sees the batch and a reproducible sample, then approves it;
a BatchApproval row records exactly which claims they saw and each one's version.

The run (claims.tasks.batch_approval_run -> batch_run) handles every claim in its own
transaction, as the normal path would: (submitted -> in_review), a proposal by the system with
the engine's figures (in_review -> proposed), then the signer's signature through
claims.review.services.proposal_sign (proposed -> approved -> decision_issued, notification). A claim
whose version differs from the one the signer saw, or that is no longer clean or open, is
skipped; an unexpected error fails that claim only.

Safe to run twice: a worker holds the batch through a lease kept in `results`; progress and
each claim's outcome are saved per chunk; a claim approved by this batch whose outcome was not
saved yet (worker killed between the two) is recognised by its event (data.batch) and counted
once. A periodic sweep hands lost batches (queued too long, or running with an expired lease)
to a worker again.
"""

from __future__ import annotations

import hashlib
import logging
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import claims.review.services as review
from claims.core.exceptions import ClaimError, ClaimStateError
from claims.core.services import claim_transition
from claims.core.transitions import Status
from claims.models import BatchApproval, Claim, ClaimEvent, ClaimFlag, Proposal
from common.tasks import task_after_commit
from identity.models import EmploymentServiceCenter, User

logger = logging.getLogger(__name__)

#: States from which a clean claim can still go through the fast track.
FASTTRACK_STATES = (Status.SUBMITTED, Status.IN_REVIEW)
#: States of a claim still waiting for a decision (the "left for the normal queue" count).
WAITING_STATES = (Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED, Status.PROPOSED)
#: How many claims of a batch the signer reviews before approving it.
SAMPLE_SIZE = 10
#: Claims handled between two saves of the progress (and renewals of the lease).
CHUNK_SIZE = 10
#: How long a worker holds a batch without saving progress before it is presumed lost.
LEASE = timedelta(minutes=5)
#: A batch still queued this long after it was approved has lost its task (broker down).
QUEUED_GRACE = timedelta(minutes=2)
#: A batch whose run keeps dying is given up after this many starts (the summary says why).
MAX_ATTEMPTS = 5
#: At most this many layoffs are listed (the largest first).
LAYOFF_LIMIT = 100

APPROVED, SKIPPED, FAILED = "approved", "skipped", "failed"
#: Event reasons, stored in the source language like every event's data.
BATCH_REASON = "Duyệt theo lô hồ sơ sạch"
PROPOSAL_REASON = "Hệ thống đề xuất hưởng theo kết quả tính (hồ sơ sạch, duyệt theo lô)"

#: Why a claim of a batch was skipped, for the summary (the code is stored in the results).
SKIP_REASONS: dict[str, Any] = {
    "changed": gettext_lazy("Hồ sơ đã thay đổi sau khi lãnh đạo xem lô."),
    "not_clean": gettext_lazy(
        "Hồ sơ không còn là hồ sơ sạch (có cảnh báo hoặc kiểm tra chưa đạt)."
    ),
    "state": gettext_lazy("Hồ sơ không còn ở trạng thái chờ xem xét."),
    "proposal": gettext_lazy("Hồ sơ đã có đề xuất của cán bộ."),
    "center": gettext_lazy("Hồ sơ không thuộc trung tâm của lô."),
    "figures": gettext_lazy("Hồ sơ không có mức hưởng do hệ thống tính."),
    "missing": gettext_lazy("Hồ sơ không còn tồn tại."),
}


class BatchError(ClaimError):
    """A batch that cannot be started (empty, stale page, not a signer, ...): safe to show."""


# --- Reading: layoffs, batches, samples ------------------------------------------------------


def fasttrack_claims(*, center: EmploymentServiceCenter | int) -> QuerySet[Claim]:
    """The center's claims that may go through the fast track now."""
    return (
        Claim.objects.filter(center=center, is_clean=True, status__in=FASTTRACK_STATES)
        # Belt and braces: a flag row or an earlier proposal (e.g. returned by a signer) means
        # a person has something to look at, whatever is_clean says.
        .exclude(Exists(ClaimFlag.objects.filter(claim=OuterRef("pk"))))
        .exclude(Exists(Proposal.objects.filter(claim=OuterRef("pk"))))
    )


@dataclass(frozen=True)
class Layoff:
    employer_tax_code: str
    employer_name: str
    termination_date: date
    clean: int
    not_clean: int


def layoffs_for_center(*, center: EmploymentServiceCenter | int) -> list[Layoff]:
    """Employer + termination date groups with clean claims waiting, the largest first."""
    groups = list(
        fasttrack_claims(center=center)
        .exclude(employer_tax_code="")
        .exclude(termination_date__isnull=True)
        .values("employer_tax_code", "termination_date")
        .annotate(n_clean=Count("id"), name=Max("employer_name"))
        .order_by("-n_clean", "employer_tax_code", "termination_date")[:LAYOFF_LIMIT]
    )
    if not groups:
        return []
    keys = Q()
    for g in groups:
        keys |= Q(employer_tax_code=g["employer_tax_code"], termination_date=g["termination_date"])
    waiting = {
        (row["employer_tax_code"], row["termination_date"]): row["n"]
        for row in Claim.objects.filter(keys, center=center, status__in=WAITING_STATES)
        .values("employer_tax_code", "termination_date")
        .annotate(n=Count("id"))
        .order_by()
    }
    return [
        Layoff(
            employer_tax_code=g["employer_tax_code"],
            employer_name=g["name"] or "",
            termination_date=g["termination_date"],
            clean=g["n_clean"],
            not_clean=max(
                waiting.get((g["employer_tax_code"], g["termination_date"]), 0) - g["n_clean"], 0
            ),
        )
        for g in groups
    ]


def fingerprint(versions: Iterable[tuple[int, int]]) -> str:
    """A short digest of (claim id, version) pairs: the page carries it, the start compares it."""
    text = ",".join(f"{pk}:{version}" for pk, version in sorted(versions))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def sample_ids(
    *, center_id: int, employer_tax_code: str, termination_date: date, ids: Iterable[int]
) -> list[int]:
    """A random but reproducible sample: the same layoff and claims give the same sample."""
    population = sorted(ids)
    seed = f"{center_id}|{employer_tax_code}|{termination_date.isoformat()}|{len(population)}"
    rng = random.Random(seed)  # noqa: S311 - a review sample, not a secret
    return sorted(rng.sample(population, min(SAMPLE_SIZE, len(population))))


@dataclass(frozen=True)
class LayoffBatch:
    """What the signer sees before approving: the claims, a sample and the fingerprint."""

    center_id: int
    employer_tax_code: str
    employer_name: str
    termination_date: date
    versions: dict[int, int]
    not_clean: int
    sample: list[Claim]
    fingerprint: str
    active: BatchApproval | None

    @property
    def count(self) -> int:
        return len(self.versions)

    @property
    def monthly_total(self) -> int:
        return sum(c.monthly_benefit or 0 for c in self.sample)


def layoff_batch(
    *, center: EmploymentServiceCenter, employer_tax_code: str, termination_date: date
) -> LayoffBatch:
    """The clean claims of one layoff in the center, as they are now."""
    claims = fasttrack_claims(center=center).filter(
        employer_tax_code=employer_tax_code, termination_date=termination_date
    )
    rows = list(claims.values_list("pk", "version", "employer_name"))
    versions = {pk: version for pk, version, _name in rows}
    waiting = Claim.objects.filter(
        center=center,
        employer_tax_code=employer_tax_code,
        termination_date=termination_date,
        status__in=WAITING_STATES,
    ).count()
    picked = sample_ids(
        center_id=center.pk,
        employer_tax_code=employer_tax_code,
        termination_date=termination_date,
        ids=versions,
    )
    sample = list(
        Claim.objects.filter(pk__in=picked).select_related("citizen").order_by("reference", "pk")
    )
    return LayoffBatch(
        center_id=center.pk,
        employer_tax_code=employer_tax_code,
        employer_name=rows[0][2] if rows else "",
        termination_date=termination_date,
        versions=versions,
        not_clean=max(waiting - len(versions), 0),
        sample=sample,
        fingerprint=fingerprint(versions.items()),
        active=batch_active(
            center=center, employer_tax_code=employer_tax_code, termination_date=termination_date
        ),
    )


def batch_active(
    *, center: EmploymentServiceCenter | int, employer_tax_code: str, termination_date: date
) -> BatchApproval | None:
    return (
        BatchApproval.objects.filter(
            center=center,
            employer_tax_code=employer_tax_code,
            termination_date=termination_date,
            status__in=(BatchApproval.Status.QUEUED, BatchApproval.Status.RUNNING),
        )
        .order_by("-created_at")
        .first()
    )


def batches_for_center(*, center: EmploymentServiceCenter | int, limit: int = 20) -> list[Any]:
    return list(
        BatchApproval.objects.filter(center=center)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def batch_progress(batch: BatchApproval) -> dict[str, Any]:
    """The small JSON the run page polls."""
    finished = batch.status in (BatchApproval.Status.DONE, BatchApproval.Status.FAILED)
    return {
        "id": batch.pk,
        "status": batch.status,
        "status_label": str(batch.get_status_display()),
        "done": batch.done,
        "total": batch.total,
        "approved": batch.approved,
        "skipped": batch.skipped,
        "failed": batch.failed,
        "percent": (100 * batch.done // batch.total) if batch.total else 100,
        "finished": finished,
    }


def batch_outcomes(batch: BatchApproval) -> dict[str, list[dict[str, Any]]]:
    """Skipped and failed claims of a batch with their reference and the reason, for the summary."""
    stored: dict[str, dict[str, Any]] = (batch.results or {}).get("claims", {})
    wanted = {int(k): v for k, v in stored.items() if v.get("outcome") in (SKIPPED, FAILED)}
    claims = Claim.objects.filter(pk__in=wanted).select_related("citizen").in_bulk()
    out: dict[str, list[dict[str, Any]]] = {SKIPPED: [], FAILED: []}
    for pk in sorted(wanted):
        entry = wanted[pk]
        reason = entry.get("reason", "")
        out[entry["outcome"]].append(
            {
                "claim": claims.get(pk),
                "claim_id": pk,
                "reason": SKIP_REASONS.get(reason, "") if entry["outcome"] == SKIPPED else "",
                "error": entry.get("error", ""),
            }
        )
    return out


# --- Starting a batch ------------------------------------------------------------------------


def batch_start(
    *,
    signer: User,
    employer_tax_code: str,
    termination_date: date,
    seen_fingerprint: str,
) -> BatchApproval:
    """Approve the clean claims of one layoff of the signer's center, as the signer saw them.

    Refused (BatchError, nothing written) for a non-signer, an empty batch, a batch already
    running, or a page that no longer matches the claims (someone acted since).
    """
    if signer.role != User.Role.SIGNER or signer.center_id is None:
        raise BatchError(_("Chỉ lãnh đạo trung tâm mới được duyệt theo lô."))
    with transaction.atomic():
        # One start at a time per center: a double click or two signers at once wait here,
        # then find the first batch running and are refused.
        center = EmploymentServiceCenter.objects.select_for_update().get(pk=signer.center_id)
        active = batch_active(
            center=center, employer_tax_code=employer_tax_code, termination_date=termination_date
        )
        if active is not None:
            raise BatchError(_("Lô hồ sơ này đang được duyệt. Hãy theo dõi tiến độ của lô."))
        versions = dict(
            fasttrack_claims(center=center)
            .filter(employer_tax_code=employer_tax_code, termination_date=termination_date)
            .values_list("pk", "version")
        )
        if not versions:
            raise BatchError(_("Không có hồ sơ sạch nào đang chờ duyệt trong lô này."))
        if fingerprint(versions.items()) != seen_fingerprint:
            raise BatchError(
                _(
                    "Lô hồ sơ đã thay đổi từ khi bạn mở trang (có hồ sơ được xử lý hoặc nộp "
                    "thêm). Hãy xem lại lô và mẫu hồ sơ mới trước khi duyệt."
                )
            )
        batch = BatchApproval.objects.create(
            center=center,
            employer_tax_code=employer_tax_code,
            termination_date=termination_date,
            requested_by=signer,
            claim_versions={str(pk): version for pk, version in versions.items()},
            sample_ids=sample_ids(
                center_id=center.pk,
                employer_tax_code=employer_tax_code,
                termination_date=termination_date,
                ids=versions,
            ),
            total=len(versions),
            results={"claims": {}},
        )
        task_after_commit("claims.tasks.batch_approval_run", batch.pk)
    return batch


# --- Running a batch -------------------------------------------------------------------------


def _lease_until(batch: BatchApproval) -> datetime | None:
    value = (batch.results or {}).get("lease", {}).get("until")
    return datetime.fromisoformat(value) if value else None


def _acquire(batch_id: int, token: str) -> BatchApproval | None:
    """Take the batch for this worker, or None if it is finished or another worker holds it."""
    now = timezone.now()
    with transaction.atomic():
        batch = BatchApproval.objects.select_for_update().get(pk=batch_id)
        if batch.status in (BatchApproval.Status.DONE, BatchApproval.Status.FAILED):
            return None
        lease = _lease_until(batch)
        if batch.status == BatchApproval.Status.RUNNING and lease is not None and lease > now:
            return None  # a live worker has it (a redelivered task, or the sweep was early)
        results = dict(batch.results or {})
        attempts = int(results.get("attempts", 0)) + 1
        results.update(
            attempts=attempts, lease={"token": token, "until": (now + LEASE).isoformat()}
        )
        batch.results = results
        if attempts > MAX_ATTEMPTS:
            batch.status = BatchApproval.Status.FAILED
            batch.finished_at = now
            results.pop("lease", None)
            results["error"] = "gave up after repeated interruptions"
            batch.save(update_fields=["status", "finished_at", "results"])
            logger.error("batch approval %s given up after %s attempts", batch_id, attempts - 1)
            return None
        batch.status = BatchApproval.Status.RUNNING
        batch.save(update_fields=["status", "results"])
    return batch


def _approved_by(claim: Claim, batch: BatchApproval) -> bool:
    """This batch already approved the claim (its outcome may not have been saved yet)."""
    return (
        claim.status not in FASTTRACK_STATES
        and ClaimEvent.objects.filter(
            claim=claim, to_status=Status.PROPOSED, data__batch=batch.pk
        ).exists()
    )


def _skip_reason(claim: Claim, batch: BatchApproval, seen_version: int) -> str:
    if claim.center_id != batch.center_id:
        return "center"
    if claim.version != seen_version:
        return "changed"
    if claim.status not in FASTTRACK_STATES:
        return "state"
    if not claim.is_clean or ClaimFlag.objects.filter(claim=claim).exists():
        return "not_clean"
    if Proposal.objects.filter(claim=claim).exists():
        return "proposal"
    return ""


def batch_claim_approve(
    *, batch: BatchApproval, claim_id: int, seen_version: int
) -> dict[str, Any]:
    """Take one claim of the batch through proposal and signature, in its own transaction.

    Returns its outcome: {"outcome": "approved"} or "skipped" with a reason code; errors
    other than a changed claim propagate (the caller records them as failed).
    """

    data = {"batch": batch.pk}
    try:
        with transaction.atomic():
            try:
                claim = Claim.objects.select_for_update().get(pk=claim_id)
            except Claim.DoesNotExist:
                return {"outcome": SKIPPED, "reason": "missing"}
            if _approved_by(claim, batch):
                return {"outcome": APPROVED, "recovered": True}
            reason = _skip_reason(claim, batch, seen_version)
            if reason:
                return {"outcome": SKIPPED, "reason": reason}
            figures = review.engine_figures(claim)
            if not figures.complete:
                return {"outcome": SKIPPED, "reason": "figures"}
            if claim.status == Status.SUBMITTED:
                claim = claim_transition(
                    claim_id=claim.pk,
                    to_status=Status.IN_REVIEW,
                    actor=None,
                    expected_version=claim.version,
                    reason=BATCH_REASON,
                    data=data,
                )
            # The system proposes (the event's actor); the proposal names the signer who
            # started the batch, as claims.review.services.proposal_is_systems expects.
            proposal = Proposal.objects.create(
                claim=claim,
                kind=Proposal.Kind.APPROVE,
                proposed_by=batch.requested_by,
                monthly_benefit=figures.monthly_benefit,
                duration_months=figures.duration_months,
                entitlement_start=figures.entitlement_start,
                entitlement_end=figures.entitlement_end,
            )
            claim = claim_transition(
                claim_id=claim.pk,
                to_status=Status.PROPOSED,
                actor=None,
                expected_version=claim.version,
                reason=PROPOSAL_REASON,
                data={**data, "proposal": proposal.pk},
            )
            review.proposal_sign(
                claim_id=claim.pk, signer=batch.requested_by, expected_version=claim.version
            )
    except ClaimStateError:
        # Lost a race the checks above could not see (another transaction moved the claim).
        return {"outcome": SKIPPED, "reason": "changed"}
    return {"outcome": APPROVED}


def _counts(outcomes: dict[str, dict[str, Any]]) -> dict[str, int]:
    counts = {APPROVED: 0, SKIPPED: 0, FAILED: 0}
    for entry in outcomes.values():
        counts[entry["outcome"]] += 1
    return counts


def _save_progress(
    batch_id: int, token: str, outcomes: dict[str, dict[str, Any]], *, finish: bool = False
) -> BatchApproval | None:
    """Merge a chunk's outcomes and renew the lease; None if this worker lost the batch."""
    now = timezone.now()
    with transaction.atomic():
        batch = BatchApproval.objects.select_for_update().get(pk=batch_id)
        results = dict(batch.results or {})
        if results.get("lease", {}).get("token") != token:
            return None
        merged = {**results.get("claims", {}), **outcomes}
        counts = _counts(merged)
        results["claims"] = merged
        if finish:
            results.pop("lease", None)
            batch.status = BatchApproval.Status.DONE
            batch.finished_at = now
        else:
            results["lease"] = {"token": token, "until": (now + LEASE).isoformat()}
        batch.results = results
        batch.done = len(merged)
        batch.approved, batch.skipped, batch.failed = (
            counts[APPROVED],
            counts[SKIPPED],
            counts[FAILED],
        )
        batch.save(
            update_fields=[
                "results",
                "done",
                "approved",
                "skipped",
                "failed",
                "status",
                "finished_at",
            ]
        )
    return batch


def batch_run(*, batch_id: int, chunk_size: int = CHUNK_SIZE) -> BatchApproval:
    """Run (or resume) a batch: every claim not yet handled, chunk by chunk, then done."""
    token = uuid.uuid4().hex
    batch = _acquire(batch_id, token)
    if batch is None:
        return BatchApproval.objects.get(pk=batch_id)
    handled = set((batch.results or {}).get("claims", {}))
    pending = sorted(
        (int(pk), version) for pk, version in batch.claim_versions.items() if pk not in handled
    )
    for start in range(0, len(pending), chunk_size):
        outcomes: dict[str, dict[str, Any]] = {}
        for claim_id, seen_version in pending[start : start + chunk_size]:
            try:
                outcomes[str(claim_id)] = batch_claim_approve(
                    batch=batch, claim_id=claim_id, seen_version=seen_version
                )
            except Exception as error:  # one claim's failure must not stop the others
                logger.exception("batch %s: claim %s failed", batch_id, claim_id)
                outcomes[str(claim_id)] = {
                    "outcome": FAILED,
                    "error": f"{type(error).__name__}: {error}"[:300],
                }
        if _save_progress(batch_id, token, outcomes) is None:
            logger.warning("batch %s: lease lost, another worker continues", batch_id)
            return BatchApproval.objects.get(pk=batch_id)
    _save_progress(batch_id, token, {}, finish=True)
    return BatchApproval.objects.get(pk=batch_id)


def batch_runs_lost() -> list[int]:
    """Batches whose task was lost: queued too long, or running with an expired lease."""
    now = timezone.now()
    lost = list(
        BatchApproval.objects.filter(
            status=BatchApproval.Status.QUEUED, created_at__lt=now - QUEUED_GRACE
        ).values_list("pk", flat=True)
    )
    for batch in BatchApproval.objects.filter(status=BatchApproval.Status.RUNNING).only(
        "pk", "results"
    ):
        lease = _lease_until(batch)
        if lease is None or lease < now:
            lost.append(batch.pk)
    return sorted(lost)
