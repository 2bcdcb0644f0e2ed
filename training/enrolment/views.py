"""The settlement office's callbacks for training orders (signed, machine to machine), and the
center's re-issue of a failed order."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from identity.decorators import staff_role_required
from identity.http import AuthedRequest
from identity.models import User
from training.enrolment import payments
from training.enrolment.models import TrainingPaymentOrder


@csrf_exempt  # a machine's signed POST (HMAC + timestamp), not a browser form
@require_POST
def payment_callback(request: HttpRequest) -> HttpResponse:
    answer = payments.training_callback_receive(headers=request.headers, body=request.body)
    return JsonResponse(answer.body, status=answer.status_code)


@never_cache
@staff_role_required(User.Role.OFFICER, User.Role.SIGNER)
@require_POST
def order_reissue(request: AuthedRequest, order_id: int) -> HttpResponse:
    """Staff of the application's center send a failed order again (another center's: 404)."""
    order = (
        TrainingPaymentOrder.objects.select_related("enrolment__application")
        .filter(pk=order_id, enrolment__application__center_id=request.user.center_id)
        .first()
    )
    if order is None:
        raise Http404
    try:
        payments.training_order_reissue(order_id=order.pk, actor=request.user)
    except payments.ReissueRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã phát lại lệnh chi; nơi chi trả sẽ chuyển tiền lại."))
    public_id = order.enrolment.application.public_id
    return redirect("training:staff_application", public_id=public_id)
