"""The settlement office's callbacks for training orders (signed, machine to machine)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from training.enrolment import payments


@csrf_exempt  # a machine's signed POST (HMAC + timestamp), not a browser form
@require_POST
def payment_callback(request: HttpRequest) -> HttpResponse:
    answer = payments.training_callback_receive(headers=request.headers, body=request.body)
    return JsonResponse(answer.body, status=answer.status_code)
