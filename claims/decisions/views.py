"""Decision pages: the citizen's and the staff's download, staff "render again", and the
public verification page /verify/ (no login, rate-limited, no personal data beyond a mask)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from claims.core import permissions
from claims.core.access_log import staff_view_record
from claims.core.permissions import claim_for_staff
from claims.decisions.forms import VerifyForm
from claims.decisions.lookups import verifiable_lookup
from claims.decisions.models import Decision
from claims.decisions.selectors import decision_for_claim
from claims.decisions.services import (
    decision_file_check,
    decision_lookup,
    decision_render_again,
    name_masked,
)
from claims.models import Claim
from common.throttles import verify_allowed
from identity.decorators import citizen_level2_required, staff_role_required
from identity.http import AuthedRequest
from identity.models import User

OFFICER, SIGNER = User.Role.OFFICER, User.Role.SIGNER


def decision_file_response(decision: Decision) -> FileResponse:
    """The signed PDF as an attachment (the browser download and the API share it)."""
    if decision.state != Decision.State.ISSUED or not decision.file:
        raise Http404
    try:
        handle = decision.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    safe_number = "".join(c if c.isalnum() else "-" for c in decision.number.replace("Đ", "D"))
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"quyet-dinh-{safe_number}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _citizen_of(decision: Decision) -> User:
    """The person a decision is about (any kind: its case, else the approval's claim)."""
    claim = decision.case or decision.claim
    if claim is None:
        raise Http404
    return claim.citizen


def _decision_or_404(claim: Claim) -> Decision:
    decision = decision_for_claim(claim=claim).decision
    if decision is None:
        raise Http404
    return decision


@never_cache
@citizen_level2_required
def citizen_download(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = permissions.claim_for_citizen(citizen=request.user, public_id=public_id)
    decision = _decision_or_404(claim)
    # A streamed file, not an HttpResponse: cast so the role decorator's typing accepts it.
    return cast(HttpResponse, decision_file_response(decision))


@never_cache
@staff_role_required(OFFICER, SIGNER)
def staff_download(request: AuthedRequest, public_id: Any) -> HttpResponse:
    claim = claim_for_staff(
        user=request.user, public_id=public_id, request=request, page="decision"
    )
    decision = _decision_or_404(claim)
    response = decision_file_response(decision)
    staff_view_record(request=request, claim=claim, page="decision")
    return cast(HttpResponse, response)


@require_POST
@staff_role_required(OFFICER, SIGNER)
def staff_render_again(request: AuthedRequest, public_id: Any) -> HttpResponse:
    claim = claim_for_staff(
        user=request.user, public_id=public_id, request=request, page="decision_render"
    )
    decision = _decision_or_404(claim)
    if decision.state == Decision.State.FAILED:
        decision_render_again(decision_id=decision.pk, actor=request.user)
        messages.success(request, _("Đã yêu cầu lập lại quyết định."))
    else:
        messages.info(request, _("Quyết định không ở trạng thái lỗi: không cần lập lại."))
    return HttpResponseRedirect(reverse("staff:claim", kwargs={"public_id": claim.public_id}))


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Public: does a decision with this number and code exist, who signed it, and is an
    uploaded file the issued one, validly signed?"""
    status, retry_after = 200, 0
    result: dict[str, Any] | None = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
    elif "so" in request.GET or "ma" in request.GET:  # opened from the QR code
        form = VerifyForm(request.GET)
    else:
        form = VerifyForm()
    if form.is_bound:
        if not form.is_valid():
            status = 400
        elif not (allowed := verify_allowed(request))[0]:
            status, retry_after = 429, allowed[1]
            form.add_error(
                None, _("Bạn đã tra cứu quá nhiều lần trong một phút. Hãy thử lại sau ít phút.")
            )
        else:
            number, code = form.cleaned_data["so"], form.cleaned_data["ma"]
            decision: Any = decision_lookup(number=number, code=code)
            full_name = _citizen_of(decision).full_name if decision is not None else ""
            if decision is None and (other := verifiable_lookup(number, code)) is not None:
                # Another app's decision (a training-support decision, claims.decisions.lookups).
                decision, full_name = other.decision, other.full_name
            if decision is None:
                status = 404
                result = {"found": False}
            else:
                result = {"found": True, "decision": decision, "name": name_masked(full_name)}
                upload = form.cleaned_data.get("tep")
                if upload is not None:
                    result["check"] = decision_file_check(decision=decision, data=upload.read())
    response = render(
        request, "claims/decisions/verify.html", {"form": form, "result": result}, status=status
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
