"""The center's layoff event pages: every employer notice of the center, and one event's figures
with its listed workers (a staff view of personal data: access-logged)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import claims.prefill.selectors as selectors
from claims.core.access_log import staff_view_record
from claims.prefill.services import SLOTS
from identity.decorators import staff_role_required
from identity.http import AuthedRequest
from identity.models import User

STAFF = (User.Role.OFFICER, User.Role.SIGNER)


@never_cache
@require_GET
@staff_role_required(*STAFF)
def events(request: AuthedRequest) -> HttpResponse:
    center = request.user.center
    if center is None:  # staff_role_required lets only staff with a center through
        raise PermissionDenied
    return render(
        request,
        "claims/prefill/staff_events.html",
        {"events": selectors.events_for_center(center=center), "center": center},
    )


@never_cache
@require_GET
@staff_role_required(*STAFF)
def event(request: AuthedRequest, notice_id: int) -> HttpResponse:
    center = request.user.center
    if center is None:
        raise PermissionDenied
    layoff = selectors.layoff_event(center=center, notice_id=notice_id)
    if layoff is None:
        # Another center's notice (or none): not found, never "it exists elsewhere".
        raise Http404
    workers = selectors.event_workers(center=center, notice_id=notice_id)
    staff_view_record(request=request, claim=None, page="layoff_event")
    return render(
        request,
        "claims/prefill/staff_event.html",
        {
            "event": layoff,
            "workers": workers,
            "is_signer": request.user.role == User.Role.SIGNER,
            "center": center,
        },
    )


@never_cache
@require_GET
@staff_role_required(*STAFF)
def counselling_bookings(request: AuthedRequest) -> HttpResponse:
    center = request.user.center
    if center is None:
        raise PermissionDenied
    bookings = selectors.counselling_bookings(center=center)
    staff_view_record(request=request, claim=None, page="counselling_bookings")
    return render(
        request,
        "claims/prefill/staff_bookings.html",
        {"bookings": bookings, "center": center, "slots": dict(SLOTS)},
    )
