"""Job offers' pages: the worker's (their offers, one offer, accept, decline with the warning)
and the center's (offer from a recipient's matches, the offers awaiting a judgement, one offer
with the judgement; access-logged)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.core.access_log import staff_view_record
from claims.core.exceptions import ClaimError
from claims.core.permissions import claim_for_staff
from identity.decorators import citizen_level2_required, staff_role_required
from identity.http import AuthedRequest
from identity.models import User
from jobs.catalogue.models import Vacancy
from jobs.offers import forms, selectors, services
from jobs.offers.models import JobOffer

OFFICER, SIGNER = User.Role.OFFICER, User.Role.SIGNER


def _errors_into(form: Any, exc: services.OfferInvalid) -> None:
    for name, texts in exc.errors.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


@never_cache
@require_GET
@citizen_level2_required
def mine(request: AuthedRequest) -> HttpResponse:
    offers = list(selectors.offers_of_worker(request.user)[:50])
    return render(request, "jobs/offers/mine.html", {"offers": offers})


@never_cache
@require_GET
@citizen_level2_required
def offer(request: AuthedRequest, offer_id: int) -> HttpResponse:
    found = selectors.offer_for_worker(request.user, offer_id)
    return render(
        request,
        "jobs/offers/offer.html",
        {"offer": found, "standing": selectors.refusal_standing(found.claim)},
    )


@require_POST
@citizen_level2_required
def accept(request: AuthedRequest, offer_id: int) -> HttpResponse:
    found = selectors.offer_for_worker(request.user, offer_id)
    try:
        services.offer_accept(offer=found, by=request.user)
    except ClaimError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Bạn đã nhận lời. Trung tâm sẽ liên hệ để hẹn bạn gặp nhà tuyển dụng.")
        )
    return redirect("jobs:offer", offer_id=found.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_level2_required
def decline(request: AuthedRequest, offer_id: int) -> HttpResponse:
    found = selectors.offer_for_worker(request.user, offer_id)
    if found.state != JobOffer.State.OFFERED:
        return redirect("jobs:offer", offer_id=found.pk)
    form = forms.DeclineForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.offer_decline(
                    offer=found,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except services.OfferInvalid as exc:
                _errors_into(form, exc)
            except ClaimError as exc:
                messages.error(request, str(exc))
                return redirect("jobs:offer", offer_id=found.pk)
            else:
                messages.success(request, _("Đã ghi nhận việc bạn từ chối và lý do."))
                return redirect("jobs:offer", offer_id=found.pk)
        status = 400
    context = {"offer": found, "form": form, "standing": selectors.refusal_standing(found.claim)}
    return render(request, "jobs/offers/decline.html", context, status=status)


@require_POST
@staff_role_required(OFFICER)
def make(request: AuthedRequest, public_id: str) -> HttpResponse:
    """From the recipient's matches page: offer one of the vacancies."""
    claim = claim_for_staff(
        user=request.user, public_id=public_id, request=request, page="jobs_offer_make"
    )
    form = forms.OfferForm(request.POST)
    vacancy = (
        Vacancy.objects.filter(pk=form.data.get("vacancy") or 0).first()
        if form.is_valid()
        else None
    )
    if vacancy is None:
        messages.error(request, _("Hãy chọn một việc làm còn nhận hồ sơ."))
        return redirect("jobs:staff_matches", public_id=claim.public_id)
    try:
        made = services.offer_make(
            claim=claim, vacancy=vacancy, by=request.user, message=form.cleaned_data["message"]
        )
    except services.OfferInvalid as exc:
        messages.error(request, " ".join(t for texts in exc.errors.values() for t in texts))
    except ClaimError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã giới thiệu việc làm; người lao động được thông báo."))
        return redirect("jobs:staff_offer", offer_id=made.pk)
    return redirect("jobs:staff_matches", public_id=claim.public_id)


@never_cache
@require_GET
@staff_role_required(OFFICER, SIGNER)
def staff_list(request: AuthedRequest) -> HttpResponse:
    qs = selectors.offers_of_center(request.user.center_id or 0)
    pending = list(qs.filter(state=JobOffer.State.DECLINED_PENDING)[:100])
    recent = list(qs.exclude(state=JobOffer.State.DECLINED_PENDING)[:50])
    staff_view_record(request=request, claim=None, page="jobs_offers")
    return render(request, "jobs/offers/staff_list.html", {"pending": pending, "recent": recent})


@never_cache
@require_http_methods(["GET", "POST"])
@staff_role_required(OFFICER, SIGNER)
def staff_offer(request: AuthedRequest, offer_id: int) -> HttpResponse:
    found = selectors.offer_for_staff(request.user, offer_id)
    staff_view_record(request=request, claim=found.claim, page="jobs_offer")
    can_judge = request.user.role == OFFICER and found.state == JobOffer.State.DECLINED_PENDING
    form = forms.JudgeForm(request.POST or None) if can_judge else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Lời giới thiệu này không còn chờ xem xét."))
            return redirect("jobs:staff_offer", offer_id=found.pk)
        if form.is_valid():
            try:
                services.offer_judge(
                    offer=found,
                    by=request.user,
                    good=form.cleaned_data["good"] == forms.YES,
                    note=form.cleaned_data["note"],
                )
            except services.OfferInvalid as exc:
                _errors_into(form, exc)
            except ClaimError as exc:
                messages.error(request, str(exc))
                return redirect("jobs:staff_offer", offer_id=found.pk)
            else:
                messages.success(request, _("Đã ghi nhận nhận xét về lý do từ chối."))
                return redirect("jobs:staff_offer", offer_id=found.pk)
        status = 400
    context = {
        "offer": found,
        "form": form,
        "events": list(found.events.select_related("actor")),
        "standing": selectors.refusal_standing(found.claim),
    }
    return render(request, "jobs/offers/staff_offer.html", context, status=status)
