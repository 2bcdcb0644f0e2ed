"""Staff pages of the mass-layoff fast track: layoffs, one batch with its sample, a run's progress.

Signers only: the fast track approves claims, which is a signer's act; an officer who is not a
signer gets the staff 403 page (issue 13), not a page whose only button they may not press.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

import claims.review.fasttrack as fasttrack
import claims.review.fasttrack_lists as fasttrack_lists
from claims.core.access_log import staff_view_record
from claims.models import BatchApproval
from common.csv_export import SafeCsvWriter
from common.forms import AccessibleFormMixin
from common.progress import REFRESH_SECONDS, time_left, time_left_text
from identity.decorators import staff_role_required
from identity.http import AuthedRequest
from identity.models import User

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
@staff_role_required(User.Role.SIGNER)
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
@staff_role_required(User.Role.SIGNER)
def batch(request: AuthedRequest, tax_code: str, day: str) -> HttpResponse:
    employer_tax_code, termination_date = _layoff_key(tax_code, day)
    center = request.user.center
    if center is None:  # staff_role_required lets only staff with a center through
        raise PermissionDenied
    form = BatchApproveForm(request.POST or None)
    status = 200
    if request.method == "POST":
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
    claims = fasttrack_lists.batch_claims(layoff)
    return render(
        request,
        "claims/staff/batch.html",
        {
            "layoff": layoff,
            "form": form,
            "claims": claims,
            "totals": fasttrack_lists.batch_totals(claims),
        },
        status=status,
    )


def _batch_csv(request: AuthedRequest, tax_code: str, day: str) -> StreamingHttpResponse:
    """Every claim of the batch as the page lists it, for a spreadsheet (formula-safe cells)."""
    employer_tax_code, termination_date = _layoff_key(tax_code, day)
    center = request.user.center
    if center is None:  # staff_role_required lets only staff with a center through
        raise PermissionDenied
    layoff = fasttrack.layoff_batch(
        center=center, employer_tax_code=employer_tax_code, termination_date=termination_date
    )
    claims = fasttrack_lists.batch_claims(layoff)
    staff_view_record(request=request, claim=None, page="batch_csv")

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = SafeCsvWriter(Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"  # BOM: spreadsheets then read the file as UTF-8
        yield writer.writerow(
            [
                _("Số hồ sơ"),
                _("Họ và tên"),
                _("Số định danh cá nhân"),
                _("Mức hưởng hằng tháng (đồng)"),
                _("Số tháng hưởng"),
                _("Tổng số tiền (đồng)"),
                _("Hạn giải quyết"),
            ]
        )
        for row in fasttrack_lists.batch_csv_rows(claims):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="lo-{employer_tax_code}-{termination_date.isoformat()}.csv"'
    )
    return response


# The role decorator is typed for HttpResponse views; a streaming response is just as good to it.
batch_csv = never_cache(
    require_GET(
        staff_role_required(User.Role.SIGNER)(cast("Callable[..., HttpResponse]", _batch_csv))
    )
)


def _own_batch(request: AuthedRequest, pk: int) -> BatchApproval:
    return get_object_or_404(
        BatchApproval.objects.select_related("requested_by"), pk=pk, center=request.user.center
    )


@never_cache
@require_GET
@staff_role_required(User.Role.SIGNER)
def batch_run(request: AuthedRequest, pk: int) -> HttpResponse:
    run = _own_batch(request, pk)
    progress = _progress(run)
    outcomes = fasttrack.batch_outcomes(run) if progress["finished"] else {}
    approved = fasttrack_lists.run_approved_claims(run) if progress["finished"] else []
    if approved or outcomes.get("skipped") or outcomes.get("failed"):
        # The results name the claimants: a staff view of personal data.
        staff_view_record(request=request, claim=None, page="batch_run")
    return render(
        request,
        "claims/staff/batch_run.html",
        {
            "run": run,
            "progress": progress,
            "outcomes": outcomes,
            "approved_claims": approved,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


def _progress(run: BatchApproval) -> dict[str, Any]:
    """The run's progress with the time still needed, in words, at the pace so far."""
    progress = fasttrack.batch_progress(run)
    left = time_left(done=run.done, total=run.total, started_at=run.created_at, now=timezone.now())
    return {**progress, "time_left": "" if progress["finished"] else time_left_text(left)}


@never_cache
@require_GET
@staff_role_required(User.Role.SIGNER)
def batch_status(request: AuthedRequest, pk: int) -> JsonResponse:
    return JsonResponse(_progress(_own_batch(request, pk)))
