"""Read side of the fast-track pages: a batch's full list and totals, a run's results
(claims.review.fasttrack holds the work itself)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from claims.models import BatchApproval, Claim
from claims.review.fasttrack import APPROVED, LayoffBatch


@dataclass(frozen=True)
class BatchTotals:
    claims: int
    #: What the batch's claims cost per month, together (whole dong).
    monthly: int
    #: What they cost over their whole benefit periods (monthly benefit × months, summed).
    entitlement: int


def batch_claims(layoff: LayoffBatch) -> list[Claim]:
    """Every claim of the batch, as it is now (the page and its CSV), by reference."""
    return list(
        Claim.objects.filter(pk__in=list(layoff.versions))
        .select_related("citizen")
        .order_by("reference", "pk")
    )


def batch_totals(claims: Iterable[Claim]) -> BatchTotals:
    count = monthly = entitlement = 0
    for claim in claims:
        count += 1
        monthly += claim.monthly_benefit or 0
        entitlement += (claim.monthly_benefit or 0) * (claim.duration_months or 0)
    return BatchTotals(claims=count, monthly=monthly, entitlement=entitlement)


def batch_csv_rows(claims: Iterable[Claim]) -> Iterator[list[object]]:
    """One row per claim (the header is the view's, in the reader's language)."""
    for claim in claims:
        months = claim.duration_months or 0
        yield [
            claim.reference or "",
            claim.citizen.full_name,
            claim.personal_id,
            claim.monthly_benefit or 0,
            months,
            (claim.monthly_benefit or 0) * months,
            claim.decision_due.isoformat() if claim.decision_due else "",
        ]


def run_approved_claims(run: BatchApproval) -> list[Claim]:
    """The claims a run approved, by reference, with their decisions when already numbered."""
    stored = (run.results or {}).get("claims", {})
    ids = [int(pk) for pk, entry in stored.items() if entry.get("outcome") == APPROVED]
    return list(
        Claim.objects.filter(pk__in=ids)
        .select_related("citizen", "decision")
        .order_by("reference", "pk")
    )
