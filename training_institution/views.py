"""HTTP endpoints of the stand-in: the enrolment API (signed), health, and the clerk's page."""

from __future__ import annotations

import logging
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common import signed_http
from settlement_office import faults
from training_institution import conf, selectors, services
from training_institution.forms import (
    AttendanceForm,
    CompletionForm,
    DropoutForm,
    StandinSettingsForm,
)
from training_institution.models import Enrolment, Report
from training_institution.wire import EnrolmentInvalid, enrolment_parse, signer_verify

log = logging.getLogger("training_institution")
PAGE_SIZE = 30
REPORT_FORMS: dict[str, Any] = {
    Report.Kind.ATTENDANCE: AttendanceForm,
    Report.Kind.COMPLETION: CompletionForm,
    Report.Kind.DROPOUT: DropoutForm,
}


def _error(status: int, code: str, message: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": code, "message": message, **extra}, status=status)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@csrf_exempt  # a machine's signed POST (HMAC + timestamp), not a browser form
@require_http_methods(["GET", "POST"])
def enrolments(request: HttpRequest) -> JsonResponse:
    if request.method == "GET":
        rows = selectors.enrolments_with_reports().order_by("pk")
        return JsonResponse({"enrolments": [selectors.enrolment_json(e) for e in rows]})
    body = request.body
    try:
        signer = signer_verify(
            master=conf.get("TRAINING_INSTITUTION_SECRET"),
            headers=request.headers,
            body=body,
            tolerance=conf.get("SIGNATURE_TOLERANCE"),
        )
        enrolment_in = enrolment_parse(body, signer=signer)
    except signed_http.SignatureError as exc:
        return _error(401, f"signature_{exc.reason}", "the request is not validly signed")
    except EnrolmentInvalid as exc:
        return _error(400, exc.code, exc.message, field=exc.field)
    if faults.roll(services.standin_settings_get().fail_5xx):
        response = _error(503, "injected_fault", "service unavailable (injected, nothing stored)")
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
    try:
        received = services.enrolment_receive(enrolment_in=enrolment_in)
    except services.EnrolmentConflict:
        return _error(409, "conflict", "this enrolment id was pushed with a different body")
    return JsonResponse(
        {"status": "accepted", "duplicate": received.duplicate},
        status=200 if received.duplicate else 202,
    )


def _language(request: HttpRequest) -> str:
    return "en" if request.GET.get("lang") == "en" else "vi"


def _page(
    request: HttpRequest,
    *,
    language: str,
    settings_form: StandinSettingsForm | None = None,
    failed: tuple[int, str, Any] | None = None,
) -> HttpResponse:
    page = Paginator(selectors.enrolments_with_reports().order_by("-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = []
    for enrolment in page.object_list:
        forms = {
            kind: form_class(prefix=f"{kind}-{enrolment.pk}")
            for kind, form_class in REPORT_FORMS.items()
        }
        if failed is not None and failed[0] == enrolment.pk:
            forms[failed[1]] = failed[2]
        rows.append({"enrolment": enrolment, "forms": forms})
    form = settings_form or StandinSettingsForm(instance=services.standin_settings_get())
    bad = bool(form.errors) or failed is not None
    return render(
        request,
        "training_institution/index.html",
        {
            "rows": rows,
            "page": page,
            "settings_form": form,
            "failed": failed,
            "saved": request.GET.get("saved") == "1" and request.method == "GET",
            "sent": request.GET.get("sent") == "1" and request.method == "GET",
            "language": language,
            "lang_query": "&lang=en" if language == "en" else "",
        },
        status=400 if bad else 200,
    )


def _back(language: str, flag: str) -> HttpResponseRedirect:
    suffix = "&lang=en" if language == "en" else ""
    return HttpResponseRedirect(reverse("index") + f"?{flag}=1" + suffix)


@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        if request.method == "POST":
            form = StandinSettingsForm(request.POST, instance=services.standin_settings_get())
            if form.is_valid():
                services.standin_settings_update(**form.cleaned_data)
                return _back(language, "saved")
            return _page(request, language=language, settings_form=form)
        return _page(request, language=language)


@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk reports attendance, completion or a dropout for one enrolment."""
    language = _language(request)
    enrolment = get_object_or_404(Enrolment, pk=pk)
    kind = request.POST.get("kind", "")
    with translation.override(language):
        form_class = REPORT_FORMS.get(kind)
        if form_class is None:
            return _page(request, language=language)
        form = form_class(request.POST, prefix=f"{kind}-{enrolment.pk}")
        if not form.is_valid():
            return _page(request, language=language, failed=(enrolment.pk, kind, form))
        services.report_create(enrolment=enrolment, kind=kind, **form.cleaned_data)
        return _back(language, "sent")


@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a report once more, unchanged (a duplicate, as an institution's system may)."""
    get_object_or_404(Report, pk=pk)
    services.report_resend(report_id=pk)
    return _back(_language(request), "sent")
