"""Downloading one decision of a claim by its id (the benefit period's decisions, which a claim
has several of): the worker for their own claim, staff for their center's."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache

from claims.core.access_log import staff_view_record
from claims.core.permissions import claim_for_citizen, claim_for_staff
from claims.decisions.models import Decision
from claims.decisions.views import decision_file_response
from identity.decorators import citizen_level2_required, staff_role_required
from identity.http import AuthedRequest
from identity.models import User


def _of_claim(claim_id: int, decision_id: int) -> Decision:
    decision = Decision.objects.filter(case_id=claim_id, pk=decision_id).first()
    if decision is None:
        raise Http404
    return decision


@never_cache
@citizen_level2_required
def citizen_download(request: AuthedRequest, public_id: str, decision_id: int) -> HttpResponse:
    claim = claim_for_citizen(citizen=request.user, public_id=public_id)
    return cast(HttpResponse, decision_file_response(_of_claim(claim.pk, decision_id)))


@never_cache
@staff_role_required(User.Role.OFFICER, User.Role.SIGNER)
def staff_download(request: AuthedRequest, public_id: Any, decision_id: int) -> HttpResponse:
    claim = claim_for_staff(
        user=request.user, public_id=public_id, request=request, page="decision"
    )
    response = decision_file_response(_of_claim(claim.pk, decision_id))
    staff_view_record(request=request, claim=claim, page="decision")
    return cast(HttpResponse, response)
