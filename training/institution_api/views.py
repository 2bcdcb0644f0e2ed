"""The institutions' signed API: report attendance, completion or a dropout; list one's own
enrolments (docs/adr/0024). Thin: check the signature, call one service or selector."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from training.enrolment import selectors, services
from training.institution_api.keys import Refused, institution_verify


def _refused(refusal: Refused) -> JsonResponse:
    return JsonResponse(
        {
            "error": refusal.code,
            "message": "the request is not validly signed"
            if refusal.status == 401
            else "this institution may not use the API",
        },
        status=refusal.status,
    )


@csrf_exempt  # a machine's signed POST (HMAC + timestamp), not a browser form
@require_POST
def reports(request: HttpRequest) -> HttpResponse:
    try:
        institution = institution_verify(headers=request.headers, body=request.body)
    except Refused as refusal:
        return _refused(refusal)
    answer = services.report_receive(institution=institution, body=request.body)
    return JsonResponse(answer.body, status=answer.status)


@require_GET
def enrolments(request: HttpRequest) -> HttpResponse:
    """The institution's own enrolments (signed GET: the signature is over the empty body)."""
    try:
        institution = institution_verify(headers=request.headers, body=b"")
    except Refused as refusal:
        return _refused(refusal)
    return JsonResponse({"enrolments": selectors.enrolments_for_institution(institution)})
