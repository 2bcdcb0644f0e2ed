"""'Stay signed in': renews the session (claims.session.timeout), for the script or a plain form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from claims.session.timeout import session_renew


@never_cache
@require_POST
@login_required
def session_keepalive(request: HttpRequest) -> HttpResponse:
    seconds = session_renew(request)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"seconds_left": seconds})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return redirect(target)
