"""The worker's pages of a claim prefilled from the employer's notice: what the employer
reported and the agency confirmed, the estimate, and (before the last day) job counselling."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

import claims.prefill.services as prefill
from claims.core.exceptions import ClaimError
from claims.core.transitions import Status
from claims.models import CounsellingBooking, EmployerReport
from common.formatting import day_label
from common.forms import AccessibleFormMixin
from eligibility.assessment import Assessment, Declared, assess
from eligibility.calculator.reasons import reason_label
from identity.decorators import citizen_level2_required
from identity.http import AuthedRequest


class CounsellingForm(AccessibleFormMixin, forms.Form):
    day = forms.TypedChoiceField(
        label=gettext_lazy("Bạn muốn đến tư vấn vào ngày nào?"),
        coerce=date.fromisoformat,
        error_messages={"required": gettext_lazy("Hãy chọn một ngày.")},
    )
    slot = forms.ChoiceField(
        label=gettext_lazy("Buổi nào?"),
        choices=prefill.SLOTS,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Hãy chọn buổi sáng hoặc buổi chiều.")},
    )

    def __init__(self, *args: object, days: list[date], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        day_field: forms.TypedChoiceField = self.fields["day"]  # type: ignore[assignment]
        day_field.choices = [(d.isoformat(), day_label(d)) for d in days]


def _estimate(report: EmployerReport, today: date) -> Assessment:
    """The calculator's estimate as of the day the claim would be filed (today, or the last day)."""
    return assess(
        personal_id=report.personal_id,
        filing_date=max(today, report.termination_date),
        declared=Declared(
            employer_tax_code=report.employer_tax_code,
            contract_type=report.contract_type,
            termination_date=report.termination_date,
            termination_reason=report.termination_reason,
        ),
    )


@never_cache
@citizen_level2_required
def prefilled(request: AuthedRequest, report_id: int) -> HttpResponse:
    try:
        report = prefill.own_report(report_id=report_id, citizen=request.user)
    except ClaimError as error:
        messages.error(request, str(error))
        return redirect("claims:my_claims")
    today = timezone.localdate()
    claim = report.claim
    if claim is not None and claim.status not in (Status.DRAFT, Status.WITHDRAWN):
        return redirect("claims:claim_detail", public_id=claim.public_id)
    assessment = _estimate(report, today)
    booking = (
        CounsellingBooking.objects.filter(report=report, status=CounsellingBooking.Status.BOOKED)
        .order_by("-id")
        .first()
    )
    return render(
        request,
        "claims/prefill/prefilled.html",
        {
            "report": report,
            "claim": claim,
            "reason": reason_label(report.termination_reason, worker=True),
            "confirmation": prefill.confirmation_for(claim) if claim is not None else None,
            "assessment": assessment,
            "result": assessment.result,
            "opens_on": report.termination_date,
            "is_open": today >= report.termination_date,
            "booking": booking,
            "booking_slot": dict(prefill.SLOTS).get(booking.slot, "") if booking else "",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_level2_required
def counselling(request: AuthedRequest, report_id: int) -> HttpResponse:
    try:
        report = prefill.own_report(report_id=report_id, citizen=request.user)
    except ClaimError as error:
        messages.error(request, str(error))
        return redirect("claims:my_claims")
    days = prefill.booking_days(report=report)
    form = CounsellingForm(request.POST or None, days=days)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                booking = prefill.counselling_book(
                    report_id=report.pk,
                    citizen=request.user,
                    day=form.cleaned_data["day"],
                    slot=form.cleaned_data["slot"],
                )
            except prefill.BookingError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(
                    request,
                    _("Đã đặt lịch tư vấn việc làm ngày %(day)s tại %(center)s.")
                    % {"day": day_label(booking.day), "center": report.center.name},
                )
                return redirect("claims:prefilled", report_id=report.pk)
        else:
            status = 400
    return render(
        request,
        "claims/prefill/counselling.html",
        {"report": report, "form": form, "days": days},
        status=status,
    )


@require_POST
@citizen_level2_required
def counselling_cancel(request: AuthedRequest, booking_id: int) -> HttpResponse:
    try:
        booking = prefill.counselling_cancel(booking_id=booking_id, citizen=request.user)
    except ClaimError as error:
        messages.error(request, str(error))
        return redirect("claims:my_claims")
    messages.success(request, _("Đã hủy lịch tư vấn."))
    return redirect("claims:prefilled", report_id=booking.report_id)
