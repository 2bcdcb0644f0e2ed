"""Staff pages of the mass-layoff fast track: layoffs, one batch with its sample, a run's progress."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from claims import fasttrack
from claims.access_log import staff_view_record
from claims.models import BatchApproval
from identity.decorators import staff_role_required
from identity.models import User
from portal.forms import AccessibleFormMixin
from portal.http import AuthedRequest

_TAX_CODE = re.compile(r"^[0-9]{10}(-[0-9]{3})?$")


class BatchApproveForm(AccessibleFormMixin, forms.Form):
    #: The digest of the claims (and their versions) the page showed.
    seen = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Tôi đã xem mẫu hồ sơ và đồng ý duyệt hưởng toàn bộ hồ sơ sạch của lô này."
        ),
        error_messages={
            "required": gettext_lazy("Hãy xác nhận bạn đã xem mẫu hồ sơ trước khi duyệt lô.")
        },
    )


def _layoff_key(tax_code: str, day: str) -> tuple[str, date]:
    """The URL's employer and date, or 404: a hand-edited URL is not a server error."""
    if not _TAX_CODE.match(tax_code):
        raise Http404
    try:
        return tax_code, date.fromisoformat(day)
    except ValueError as error:
        raise Http404 from error


@never_cache
@require_GET
@staff_role_required(User.Role.OFFICER, User.Role.SIGNER)
def batches(request: AuthedRequest) -> HttpResponse:
    center = request.user.center
    if center is None:  # staff_role_required lets only staff with a center through
        raise PermissionDenied
    return render(
        request,
        "claims/staff/batches.html",
        {
            "layoffs": fasttrack.layoffs_for_center(center=center),
            "runs": fasttrack.batches_for_center(center=center),
            "center": center,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_role_required(User.Role.OFFICER, User.Role.SIGNER)
def batch(request: AuthedRequest, tax_code: str, day: str) -> HttpResponse:
    employer_tax_code, termination_date = _layoff_key(tax_code, day)
    center = request.user.center
    if center is None:  # staff_role_required lets only staff with a center through
        raise PermissionDenied
    is_signer = request.user.role == User.Role.SIGNER
    form = BatchApproveForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not is_signer:
            messages.error(request, _("Chỉ lãnh đạo trung tâm mới được duyệt theo lô."))
            return redirect(request.path)
        if form.is_valid():
            try:
                run = fasttrack.batch_start(
                    signer=request.user,
                    employer_tax_code=employer_tax_code,
                    termination_date=termination_date,
                    seen_fingerprint=form.cleaned_data["seen"],
                )
            except fasttrack.BatchError as error:
                # A stale page, an empty batch or one already running: say so and show the
                # batch as it is now (a fresh form carries the new digest).
                messages.error(request, str(error))
                form = BatchApproveForm()
                status = 409
            else:
                messages.success(
                    request,
                    _("Đã bắt đầu duyệt %(n)s hồ sơ của lô.") % {"n": run.total},
                )
                return redirect("staff:batch_run", pk=run.pk)
        else:
            status = 400
    layoff = fasttrack.layoff_batch(
        center=center, employer_tax_code=employer_tax_code, termination_date=termination_date
    )
    if not layoff.count and layoff.active is None and request.method == "GET":
        messages.info(request, _("Lô này không còn hồ sơ sạch nào chờ duyệt."))
    # The sample shows claimants' names and figures: a staff view of personal data.
    staff_view_record(request=request, claim=None, page="batch")
    form.initial["seen"] = layoff.fingerprint
    if form.is_bound and "seen" in form.errors:
        form = BatchApproveForm(initial={"seen": layoff.fingerprint})
    return render(
        request,
        "claims/staff/batch.html",
        {"layoff": layoff, "form": form, "is_signer": is_signer},
        status=status,
    )


def _own_batch(request: AuthedRequest, pk: int) -> BatchApproval:
    return get_object_or_404(
        BatchApproval.objects.select_related("requested_by"), pk=pk, center=request.user.center
    )


@never_cache
@require_GET
@staff_role_required(User.Role.OFFICER, User.Role.SIGNER)
def batch_run(request: AuthedRequest, pk: int) -> HttpResponse:
    run = _own_batch(request, pk)
    progress = fasttrack.batch_progress(run)
    outcomes = fasttrack.batch_outcomes(run) if progress["finished"] else {}
    if outcomes.get("skipped") or outcomes.get("failed"):
        staff_view_record(request=request, claim=None, page="batch_run")
    return render(
        request,
        "claims/staff/batch_run.html",
        {"run": run, "progress": progress, "outcomes": outcomes},
    )


@never_cache
@require_GET
@staff_role_required(User.Role.OFFICER, User.Role.SIGNER)
def batch_status(request: AuthedRequest, pk: int) -> JsonResponse:
    return JsonResponse(fasttrack.batch_progress(_own_batch(request, pk)))
