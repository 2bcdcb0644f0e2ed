"""Payment pages: the office's callback, the worker's bank-details fix, the staff's re-issue.

Thin: parse, call one service, turn its domain errors into a message or a status code.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from claims.core import permissions
from claims.core.exceptions import ClaimError, ClaimPermissionError, ClaimStateError
from claims.core.permissions import claim_for_staff
from claims.filing.forms import PaymentForm
from claims.filing.services import filing_context
from claims.payments import services
from claims.payments.models import PaymentOrder
from claims.payments.selectors import payments_for_claim
from common.forms import AccessibleFormMixin
from identity.decorators import citizen_level2_required, staff_role_required
from identity.http import AuthedRequest
from identity.models import User
from identity.reauth import reauthentication_page, vneid_signed_in_recently


@csrf_exempt  # a machine's signed POST (HMAC + timestamp), not a browser form
@require_POST
def payment_callback(request: HttpRequest) -> HttpResponse:
    answer = services.payment_callback_receive(headers=request.headers, body=request.body)
    return JsonResponse(answer.body, status=answer.status_code)


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def payment_details(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The worker changes where the benefit is paid (after a failed payment, or any time)."""
    claim = permissions.claim_for_citizen(citizen=request.user, public_id=public_id)
    detail_url = reverse("claims:claim_detail", kwargs={"public_id": claim.public_id})
    if claim.status not in services.DETAILS_EDITABLE:
        messages.info(request, _("Hồ sơ này hiện không cần thông tin nhận tiền."))
        return redirect(detail_url)
    if not vneid_signed_in_recently(request):
        # Where the money goes changes only after a fresh VNeID sign-in (identity.reauth).
        return reauthentication_page(request)
    context = filing_context(claim=claim, citizen=request.user)
    status = 200
    if request.method == "POST":
        form = PaymentForm(data=request.POST, context=context)
        if form.is_valid():
            try:
                changed = services.payment_details_change(
                    claim_id=claim.pk, citizen=request.user, details=form.answers()
                )
            except ClaimError as error:
                messages.error(request, str(error))
                return redirect(detail_url)
            if changed:
                messages.success(
                    request,
                    _(
                        "Đã lưu thông tin nhận tiền mới. Trung tâm sẽ chuyển lại khoản tiền "
                        "chưa chuyển được."
                    ),
                )
            else:
                messages.info(request, _("Thông tin nhận tiền không thay đổi."))
            return redirect(f"{detail_url}#payments")
        status = 400
    else:
        form = PaymentForm(initial=(claim.answers or {}).get("payment") or {}, context=context)
    overview = payments_for_claim(claim=claim)
    return render(
        request,
        "claims/payments/details.html",
        {"claim": claim, "form": form, "failures": overview.failures},
        status=status,
    )


class ReissueForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do phát lại (bắt buộc nếu người lao động chưa sửa thông tin)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


@require_POST
@staff_role_required(User.Role.OFFICER, User.Role.SIGNER)
def payment_reissue(request: AuthedRequest, public_id: Any, order_id: int) -> HttpResponse:
    """Staff: send a failed installment again, as a new order, to the worker's current details."""
    claim = claim_for_staff(
        user=request.user, public_id=public_id, request=request, page="payment_reissue"
    )
    if not PaymentOrder.objects.filter(pk=order_id, claim=claim).exists():
        raise Http404
    page_url = reverse("staff:claim", args=[claim.public_id]) + "#payments"
    form = ReissueForm(request.POST, prefix=f"reissue-{order_id}")
    if not form.is_valid():
        for message in form.errors.get(f"reissue-{order_id}-reason", []) or form.errors.get(
            "reason", []
        ):
            messages.error(request, str(message))
        return HttpResponseRedirect(page_url)
    try:
        order = services.payment_order_reissue(
            order_id=order_id, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except services.PaymentInvalid as error:
        for field_errors in error.errors.values():
            for text in field_errors:
                messages.error(request, text)
    except ClaimPermissionError as error:
        messages.error(request, str(error))
        return HttpResponse(status=403)
    except ClaimStateError as error:
        messages.warning(request, str(error))
    else:
        messages.success(
            request,
            _("Đã phát lại lệnh chi %(reference)s.") % {"reference": order.reference},
        )
    return HttpResponseRedirect(page_url)
