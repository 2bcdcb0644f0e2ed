"""Citizen pages of eligibility: the social-insurance record."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from eligibility.record_page import build_record_page
from eligibility.registry import get_registry
from identity.decorators import citizen_level2_required
from identity.http import AuthedRequest


@never_cache
@citizen_level2_required
def record(request: AuthedRequest) -> HttpResponse:
    """The logged-in citizen's own record, matched by the personal ID VNeID asserted."""
    person = get_registry().person_record(request.user.personal_id or "")
    if person is None:
        return render(request, "eligibility/record_missing.html")
    page = build_record_page(person, today=timezone.localdate())
    return render(request, "eligibility/record.html", {"page": page, "person": person})
