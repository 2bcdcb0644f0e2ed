"""Site-wide views: home, health, error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.health import run_checks, run_warnings


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated and getattr(user, "is_staff_member", False):
        return redirect("identity:staff_home")
    return render(request, "portal/home.html")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    healthy = all(r["status"] == "up" for r in results.values())
    body: dict[str, object] = {"status": "ok" if healthy else "degraded", "checks": results}
    warnings = run_warnings()
    if warnings:  # something to do soon, not an outage: the status code stays
        body["warnings"] = warnings
    return JsonResponse(body, status=200 if healthy else 503)


def _api_error(request: HttpRequest, status: int) -> JsonResponse | None:
    """Under /api/ an error is the API's JSON ({detail, code}), never an HTML page: a request
    that matches no URL (a malformed id), a refusal outside DRF, or a crash (issue 12)."""
    if not request.path.startswith("/api/"):
        return None
    detail, code = {
        400: (_("Yêu cầu không hợp lệ."), "bad_request"),
        403: (_("Bạn không có quyền thực hiện thao tác này."), "permission_denied"),
        404: (_("Không tìm thấy."), "not_found"),
        500: (_("Đã có lỗi ở máy chủ. Vui lòng thử lại sau."), "server_error"),
    }[status]
    return JsonResponse({"detail": str(detail), "code": code}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_error(request, 400) or defaults.bad_request(request, exception or Exception())


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_error(request, 403) or render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_error(request, 404) or render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _api_error(request, 500) or render(request, "500.html", status=500)
