"""Center staff: the worklist of failed payments, and the re-issue offered from it.

A failed payment the worker has fixed (new bank details since the failure) is ready to go
again: the list puts those first, and one press sends it. It is not sent by itself: the new
details are the worker's word, checked by nobody before money leaves (ADR 0008, follow-up).
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from claims.core.access_log import staff_view_record
from claims.core.exceptions import ClaimPermissionError, ClaimStateError
from claims.payments import services
from claims.payments.models import PaymentOrder
from claims.payments.selectors import payment_failures_for_center
from claims.payments.views import ReissueForm
from identity.decorators import staff_role_required
from identity.http import AuthedRequest
from identity.models import EmploymentServiceCenter, User


@never_cache
@require_GET
@staff_role_required(User.Role.OFFICER, User.Role.SIGNER)
def payment_failures(request: AuthedRequest) -> HttpResponse:
    center = cast(EmploymentServiceCenter, request.user.center)
    rows = payment_failures_for_center(center=center)
    # The list names claimants and their failed accounts: a staff view of personal data.
    staff_view_record(request=request, claim=None, page="payment_failures")
    return render(
        request,
        "claims/staff/payment_failures.html",
        {
            "rows": rows,
            "fixed": sum(1 for r in rows if r.details_changed),
            "center": center,
        },
    )


@require_POST
@staff_role_required(User.Role.OFFICER, User.Role.SIGNER)
def payment_failure_reissue(request: AuthedRequest, order_id: int) -> HttpResponse:
    """Re-issue one failed order from the worklist, then back to the worklist."""
    order = (
        PaymentOrder.objects.select_related("claim")
        .filter(pk=order_id, claim__center_id=request.user.center_id)
        .first()
    )
    if order is None:  # unknown, or another center's: the same answer, nothing revealed
        raise Http404
    staff_view_record(request=request, claim=order.claim, page="payment_reissue")
    back = HttpResponseRedirect(reverse("staff:payment_failures") + f"#order-{order_id}")
    form = ReissueForm(request.POST, prefix=f"reissue-{order_id}")
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, f"{order.reference}: {text}")
        return back
    try:
        new = services.payment_order_reissue(
            order_id=order_id, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except services.PaymentInvalid as error:
        for texts in error.errors.values():
            for text in texts:
                messages.error(request, f"{order.reference}: {text}")
    except ClaimPermissionError as error:
        messages.error(request, str(error))
        return HttpResponse(status=403)
    except ClaimStateError as error:
        messages.warning(request, f"{order.reference}: {error}")
    else:
        messages.success(
            request,
            _("Đã phát lại lệnh chi %(old)s thành lệnh %(new)s (hồ sơ %(claim)s).")
            % {"old": order.reference, "new": new.reference, "claim": order.claim.reference},
        )
        return HttpResponseRedirect(reverse("staff:payment_failures"))
    return back
