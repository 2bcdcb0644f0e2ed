"""The citizen's claims: the list, one claim with its timeline, receipt, withdrawal, replies."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

import claims.filing.services as filing
import claims.tracking.next_steps as next_steps
import claims.tracking.selectors as selectors
from claims.core import permissions
from claims.core.documents import DocumentRejected
from claims.core.exceptions import ClaimError, ClaimStateError
from claims.core.transitions import WITHDRAWABLE, Status
from claims.decisions.selectors import decision_for_claim
from claims.filing.forms import InfoReplyForm, WithdrawForm
from claims.payments.selectors import payments_for_claim
from eligibility.assessment import assessment_from_json
from identity.decorators import citizen_level2_required
from identity.http import AuthedRequest


@never_cache
@citizen_level2_required
def my_claims(request: AuthedRequest) -> HttpResponse:
    claims = list(permissions.claims_for_citizen(citizen=request.user))
    return render(request, "claims/my_claims.html", {"claims": claims})


@never_cache
@citizen_level2_required
def claim_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = permissions.claim_for_citizen(citizen=request.user, public_id=public_id)
    if claim.status == Status.DRAFT:
        return redirect("claims:filing_start")
    assessment = assessment_from_json(claim.eligibility) if claim.eligibility else None
    payments = payments_for_claim(claim=claim)
    return render(
        request,
        "claims/detail.html",
        {
            "claim": claim,
            "timeline": selectors.claim_timeline(claim=claim),
            "next_action": selectors.next_action(
                claim=claim, payment_failed=bool(payments.failures)
            ),
            "info_request": selectors.info_request_message(claim=claim),
            "info_deadline": next_steps.info_request_deadline(claim=claim),
            "refusal": next_steps.claim_refusal(claim=claim),
            "approval": next_steps.claim_approval(claim=claim),
            "can_withdraw": claim.status in WITHDRAWABLE,
            "documents": list(claim.documents.all()),
            "assessment": assessment,
            "decision_deadline": claim.decision_due,
            "decision": decision_for_claim(claim=claim),
            "payments": payments,
        },
    )


@never_cache
@citizen_level2_required
def claim_receipt(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = permissions.claim_for_citizen(citizen=request.user, public_id=public_id)
    if not claim.reference:
        return redirect("claims:filing_start")
    assessment = assessment_from_json(claim.eligibility) if claim.eligibility else None
    return render(
        request,
        "claims/receipt.html",
        {
            "claim": claim,
            "assessment": assessment,
            "decision_deadline": claim.decision_due,
        },
    )


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def claim_withdraw(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = permissions.claim_for_citizen(citizen=request.user, public_id=public_id)
    if claim.status not in WITHDRAWABLE or claim.status == Status.DRAFT:
        messages.error(request, _("Hồ sơ này không thể rút nữa."))
        return redirect("claims:claim_detail", public_id=claim.public_id)
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                filing.claim_withdraw(
                    claim_id=claim.pk,
                    citizen=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data.get("version"),
                )
            except ClaimError as error:
                messages.error(request, str(error))
                return redirect("claims:claim_detail", public_id=claim.public_id)
            messages.success(
                request, _("Bạn đã rút hồ sơ %(reference)s.") % {"reference": claim.reference}
            )
            return redirect("claims:claim_detail", public_id=claim.public_id)
        status = 400
    else:
        form = WithdrawForm(initial={"version": claim.version})
        status = 200
    return render(request, "claims/withdraw.html", {"claim": claim, "form": form}, status=status)


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def claim_info_reply(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = permissions.claim_for_citizen(citizen=request.user, public_id=public_id)
    if claim.status != Status.INFO_REQUESTED:
        messages.info(request, _("Trung tâm hiện không yêu cầu bổ sung thông tin cho hồ sơ này."))
        return redirect("claims:claim_detail", public_id=claim.public_id)
    status = 200
    if request.method == "POST":
        form = InfoReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                filing.info_reply(
                    claim_id=claim.pk,
                    citizen=request.user,
                    message=form.cleaned_data["message"],
                    uploads=form.cleaned_data["attachments"],
                )
            except DocumentRejected as error:
                form.add_error("attachments", str(error))
            except ClaimStateError as error:
                messages.error(request, str(error))
                return redirect("claims:claim_detail", public_id=claim.public_id)
            except ClaimError as error:
                form.add_error("message", str(error))
            else:
                messages.success(request, _("Đã gửi thông tin bổ sung cho trung tâm."))
                return redirect("claims:claim_detail", public_id=claim.public_id)
        status = 400
    else:
        form = InfoReplyForm()
    return render(
        request,
        "claims/info_reply.html",
        {
            "claim": claim,
            "form": form,
            "info_request": selectors.info_request_message(claim=claim),
            "info_deadline": next_steps.info_request_deadline(claim=claim),
        },
        status=status,
    )
