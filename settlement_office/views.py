"""HTTP endpoints of the simulator: the order API (signed), health, and the page."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from common import signed_http
from common.formatting import ascii_digits
from settlement_office import conf, faults, selectors, services
from settlement_office.forms import OfficeSettingsForm
from settlement_office.wire import OrderInvalid, batch_parse, order_parse

log = logging.getLogger("settlement_office")


def _error(status: int, code: str, message: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": code, "message": message, **extra}, status=status)


def _injected(message: str) -> JsonResponse:
    response = _error(503, "injected_fault", message)
    # An injected fault is not a server error: keep django.request's ERROR log for real ones.
    response._has_been_logged = True  # type: ignore[attr-defined]
    log.info("injected 503: %s", message)
    return response


def _slow_then_verify(request: HttpRequest, cfg: Any) -> JsonResponse | None:
    """The `slow` fault, then the signature: a 401 answer, or None when the request is signed."""
    if cfg.slow > 0:
        time.sleep(cfg.slow)
    try:
        signed_http.verify(
            secret=conf.get("SETTLEMENT_OFFICE_SECRET"),
            headers=request.headers,
            body=request.body,
            tolerance=conf.get("SIGNATURE_TOLERANCE"),
        )
    except signed_http.SignatureError as exc:
        return _error(401, f"signature_{exc.reason}", "the request is not validly signed")
    return None


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def orders(request: HttpRequest) -> JsonResponse:
    if request.method == "GET":
        return _orders_list(request)
    cfg = services.office_settings_get()
    refused = _slow_then_verify(request, cfg)
    if refused is not None:
        return refused
    body = request.body
    if faults.roll(cfg.fail_5xx):
        return _injected("service unavailable (injected, nothing stored)")
    try:
        order_in = order_parse(body)
    except OrderInvalid as exc:
        return _error(400, exc.code, exc.message, field=exc.field)
    try:
        received = services.order_receive(order_in=order_in, cfg=cfg)
    except services.OrderConflict as exc:
        return _error(
            409,
            "idempotency_conflict",
            "this idempotency key was used with a different order",
            office_order_id=str(exc),
        )
    if faults.roll(cfg.store_then_5xx):
        return _injected("service unavailable (injected, order stored)")
    return JsonResponse(
        {
            "status": "accepted",
            "office_order_id": received.order.office_order_id,
            "duplicate": received.duplicate,
        },
        status=200 if received.duplicate else 202,
    )


@csrf_exempt
@require_http_methods(["POST"])
def orders_batch(request: HttpRequest) -> JsonResponse:
    """Several orders in one signed request; the outcome of each in the answer (ADR 0026).

    The whole request is refused only for what concerns all of it (its signature, a body that
    is not a list of orders: 401, 400); otherwise it is 200 with one result per order, in the
    order sent, each what a single request would have said (accepted, duplicate, conflict,
    invalid, or unavailable: the injected 5xx, drawn per order).
    """
    cfg = services.office_settings_get()
    refused = _slow_then_verify(request, cfg)
    if refused is not None:
        return refused
    body = request.body
    try:
        items = batch_parse(body)
    except OrderInvalid as exc:
        return _error(400, exc.code, exc.message, field=exc.field)
    return JsonResponse({"results": services.orders_receive_batch(items=items, cfg=cfg)})


def _orders_list(request: HttpRequest) -> JsonResponse:
    raw = request.GET.get("since_id", "0")
    if not ascii_digits(raw) or len(raw) > 18:
        return _error(400, "invalid_field", "since_id must be a whole number", field="since_id")
    rows = selectors.orders_with_callbacks().filter(pk__gt=int(raw)).order_by("pk")
    return JsonResponse(
        {
            "summary": selectors.orders_summary(),
            "orders": [selectors.order_json(o) for o in rows],
        }
    )


PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    language = "en" if request.GET.get("lang") == "en" else "vi"
    with translation.override(language):
        if request.method == "POST":
            form = OfficeSettingsForm(request.POST, instance=services.office_settings_get())
            if form.is_valid():
                services.office_settings_update(**form.cleaned_data)
                log.info("settings changed on the page: %s", form.cleaned_data)
                suffix = "&lang=en" if language == "en" else ""
                return HttpResponseRedirect(reverse("index") + "?saved=1" + suffix)
        else:
            form = OfficeSettingsForm(instance=services.office_settings_get())
        page = Paginator(selectors.orders_with_callbacks().order_by("-pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        response = render(
            request,
            "settlement_office/index.html",
            {
                "form": form,
                "page": page,
                "summary": selectors.orders_summary(),
                "saved": request.GET.get("saved") == "1" and request.method == "GET",
                "language": language,
                "lang_query": "&lang=en" if language == "en" else "",
            },
            status=400 if form.errors else 200,
        )
    return response
