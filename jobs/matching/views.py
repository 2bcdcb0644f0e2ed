"""The worker's "Việc làm và khóa học phù hợp" page and the officer's view of a recipient's
matches (access-logged)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from claims.core.access_log import staff_view_record
from claims.core.permissions import claim_for_citizen, claim_for_staff
from claims.models import Claim
from identity.decorators import citizen_level2_required, staff_role_required
from identity.http import AuthedRequest
from identity.models import User
from jobs.matching import selectors
from jobs.offers.selectors import offers_by_vacancy


def _context(claim: Claim) -> dict[str, object]:
    matches = selectors.matches_for(claim)
    return {
        "claim": claim,
        "matches": matches,
        "in_period": claim.status in selectors.IN_PERIOD,
    }


@never_cache
@require_GET
@citizen_level2_required
def worker_matches(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = claim_for_citizen(citizen=request.user, public_id=public_id)
    return render(request, "jobs/matching/worker.html", _context(claim))


@never_cache
@require_GET
@staff_role_required(User.Role.OFFICER, User.Role.SIGNER)
def staff_matches(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = claim_for_staff(
        user=request.user, public_id=public_id, request=request, page="jobs_matches"
    )
    staff_view_record(request=request, claim=claim, page="jobs_matches")
    context = _context(claim)
    context["can_offer"] = request.user.role == User.Role.OFFICER and context["in_period"]
    offered = offers_by_vacancy(claim)
    for shown in context["matches"].vacancies:  # type: ignore[attr-defined]
        # The page shows a vacancy already offered with its answer instead of the button.
        shown.item.offer = offered.get(shown.item.pk)
    return render(request, "jobs/matching/staff.html", context)
