"""The admin's pages of personal data are logged, and what an administrator searches for stays
out of URLs.

`AccessLoggedAdmin` writes one access-log row for every change (detail), history and list page
of a model that holds claimants' data, naming the claim when the object belongs to one; a list
page with a search is logged as ``...:search``.

The admin's search is a GET form, so a national ID typed into it would land in the address
bar, the server's logs, the referrer and the access log's path. Here the search form posts
(templates/admin/search_form.html); the term is kept in the session under a short random token
and the list redirects to a URL carrying the token (``_tim``) instead, as the staff queue does
(docs/adr/0010). Every link of the list (pages, sorting, filters, "back to the list" of a
change page) keeps the token, never the term. A URL that still carries ``q=`` (an old bookmark)
is answered with a redirect to its token form before anything is logged.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR, ChangeList
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from claims.core.access_log import staff_view_record
from claims.core.models import Claim

SEARCH_KEY = "_tim"
SEARCH_SUBMIT = "_tim_search"  # the name of the search form's button: tells a search from an action
_SESSION_PREFIX = "admin_search:"
_MAX_TERM = 200


def _search_term(request: HttpRequest) -> str | None:
    token = request.GET.get(SEARCH_KEY)
    if not token:
        return ""
    return request.session.get(_SESSION_PREFIX + token)


def _redirect_with_term(request: HttpRequest, term: str) -> HttpResponseRedirect:
    params = request.GET.copy()
    for key in (SEARCH_VAR, SEARCH_KEY, PAGE_VAR):
        params.pop(key, None)
    term = term.strip()[:_MAX_TERM]
    if term:
        token = secrets.token_urlsafe(9)
        request.session[_SESSION_PREFIX + token] = term
        params[SEARCH_KEY] = token
    query = params.urlencode()
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))


class TokenSearchChangeList(ChangeList):
    """A change list whose search term comes from the session token, never the URL."""

    def get_filters_params(self, params: Any = None) -> dict[str, Any]:
        lookup = super().get_filters_params(params)
        lookup.pop(SEARCH_KEY, None)  # the token is not a field lookup
        return lookup

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> Any:
        self.query = _search_term(request) or ""
        return super().get_queryset(request, exclude_parameters)


class AccessLoggedAdmin(admin.ModelAdmin):
    """Mix into the ModelAdmin of every model with claimants' personal data."""

    def access_log_claim(self, obj: Any) -> Claim | None:
        """The claim an object belongs to (for the access log's claim column)."""
        if isinstance(obj, Claim):
            return obj
        claim = getattr(obj, "claim", None)
        if isinstance(claim, Claim):
            return claim
        order = getattr(obj, "order", None)  # a settlement callback belongs to an order's claim
        claim = getattr(order, "claim", None)
        return claim if isinstance(claim, Claim) else None

    def _page(self, view: str) -> str:
        return f"admin:{self.opts.app_label}.{self.opts.model_name}:{view}"

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return TokenSearchChangeList

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "POST" and SEARCH_SUBMIT in request.POST:
            return _redirect_with_term(request, request.POST.get(SEARCH_VAR, ""))
        if SEARCH_VAR in request.GET:  # a term in the URL: move it out before anything else
            return _redirect_with_term(request, request.GET.get(SEARCH_VAR, ""))
        term = _search_term(request)
        if term is None:
            messages.warning(
                request, _("Phiên tìm kiếm này đã hết hạn. Hãy nhập lại nội dung tìm kiếm.")
            )
            return _redirect_with_term(request, "")
        response = super().changelist_view(request, extra_context)
        staff_view_record(
            request=request, claim=None, page=self._page("search" if term else "changelist")
        )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_object(request, object_id, "change")
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        self._record_object(request, object_id, "history")
        return response

    def _record_object(self, request: HttpRequest, object_id: str, view: str) -> None:
        obj = self.get_object(request, object_id)
        if obj is None:  # an unknown or malformed id: the admin redirected, nothing was shown
            return
        staff_view_record(request=request, claim=self.access_log_claim(obj), page=self._page(view))
