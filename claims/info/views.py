"""The worker's information pages: help and contact, the privacy notice, accessibility."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.models import Claim
from identity.models import EmploymentServiceCenter


@require_GET
def help_contact(request: HttpRequest) -> HttpResponse:
    """Every center's telephone, address and hours; the worker's own center first."""
    centers = list(EmploymentServiceCenter.objects.order_by("province_code"))
    own = None
    user = request.user
    if user.is_authenticated and getattr(user, "is_citizen", False):
        claim = (
            Claim.objects.filter(citizen=user, center__isnull=False)
            .select_related("center")
            .order_by("-created_at")
            .first()
        )
        own = claim.center if claim else None
    if own is not None:
        centers = [own, *[c for c in centers if c.pk != own.pk]]
    return render(request, "claims/info/help.html", {"centers": centers, "own": own})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/info/privacy.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/info/accessibility.html")
