"""Reads for job offers: the worker's own, the center's, and what a refusal would mean."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from claims.models import Claim
from claims.period.models import PeriodEvent
from claims.period.selectors import period_rules
from identity.models import User
from jobs.offers.models import JobOffer

OPEN = JobOffer.State.OFFERED


def offers_of_worker(user: User) -> QuerySet[JobOffer]:
    return (
        JobOffer.objects.filter(claim__citizen=user)
        .select_related("vacancy", "claim")
        .order_by("-created_at", "-id")
    )


def offer_for_worker(user: User, offer_id: int) -> JobOffer:
    """The worker's own offer; Http404 for anyone else's."""
    try:
        return offers_of_worker(user).get(pk=offer_id)
    except JobOffer.DoesNotExist as exc:
        raise Http404 from exc


def offers_of_center(center_id: int) -> QuerySet[JobOffer]:
    return (
        JobOffer.objects.filter(center_id=center_id)
        .select_related("vacancy", "claim", "claim__citizen")
        .order_by("-created_at", "-id")
    )


def offer_for_staff(user: User, offer_id: int) -> JobOffer:
    """An offer of the staff member's center; Http404 otherwise."""
    try:
        return offers_of_center(user.center_id or 0).get(pk=offer_id)
    except JobOffer.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class RefusalStanding:
    """What the worker is told before declining."""

    refused_without_reason: int  # offers judged refused without good reason so far
    refusals_to_end: int  # Art. 41.4.d: 2

    @property
    def next_ends(self) -> bool:
        return self.refused_without_reason + 1 >= self.refusals_to_end


def refusal_standing(claim: Claim) -> RefusalStanding:
    # The period's own count (event_report's rule): refusals an officer recorded there count too.
    count = PeriodEvent.objects.filter(claim=claim, kind="job_offer_refused").count()
    return RefusalStanding(
        refused_without_reason=count, refusals_to_end=period_rules(claim).refusals_to_end
    )


def offers_by_vacancy(claim: Claim) -> dict[int, JobOffer]:
    """The claim's latest offer of each vacancy (the matches page shows it instead of the
    button), one query."""
    latest: dict[int, JobOffer] = {}
    for offer in JobOffer.objects.filter(claim=claim).order_by("created_at", "id"):
        latest[offer.vacancy_id] = offer
    return latest


def open_offers_count(claim: Claim) -> int:
    return JobOffer.objects.filter(claim=claim, state=OPEN).count()
