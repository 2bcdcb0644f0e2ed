"""The mock VNeID's pages: sign in with a personal ID and password, consent, sign out."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from oauth2_provider.http import OAuth2ResponseRedirect
from oauth2_provider.models import get_application_model
from oauth2_provider.views import AuthorizationView, RPInitiatedLogoutView
from oauthlib.common import add_params_to_uri

from common.provinces import PROVINCES
from identity.mock_vneid.forms import MockLoginForm
from identity.mock_vneid.middleware import MOCK_PATH, mock_sign_in, mock_sign_out
from identity.mock_vneid.models import PopulationRecord
from identity.mock_vneid.organisations import (
    ORGANISATION_SCOPE,
    OrganisationLoginForm,
    acting_organisation,
    organisation_sign_in,
    organisation_sign_out,
)
from identity.mock_vneid.services import person_tokens_revoke
from identity.throttling import retry_after_seconds


def _too_many() -> str:
    return _("Bạn đã nhập sai quá nhiều lần. Hãy đợi %(minutes)s phút rồi thử lại.") % {
        "minutes": retry_after_seconds() // 60
    }


def _mock_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    # The portal's header must not show the mock's person as if signed in to the portal.
    person = request.user if isinstance(request.user, PopulationRecord) else None
    return {"user": AnonymousUser(), "mock_person": person, **extra}


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if (
        value
        and value.startswith(MOCK_PATH)
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return reverse("oauth2_provider:mock_index")


def _credentials(personal_id: str) -> dict[str, str]:
    # Failed sign-ins are throttled like the portal's (django-axes, identity/throttling.py): by
    # personal ID and address, and by address alone. The prefix keeps a personal ID apart
    # from a staff username.
    return {"username": f"vneid:{personal_id or '-'}"}


def _rate_limited(request: HttpRequest, personal_id: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, _credentials(personal_id))


def _record_failure(request: HttpRequest, personal_id: str) -> None:
    user_login_failed.send(sender=__name__, credentials=_credentials(personal_id), request=request)


@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    status = 200
    if request.method == "POST":
        form = MockLoginForm(request.POST)
        typed_id = "".join(str(request.POST.get("personal_id", "")).split())[:12]
        if _rate_limited(request, typed_id):
            form.is_valid()
            form.errors.clear()
            form.add_error(None, _too_many())
            status = 429
        elif form.is_valid() and form.person is not None:
            person = form.person
            PopulationRecord.objects.filter(pk=person.pk).update(last_login=timezone.now())
            response = HttpResponseRedirect(next_url)
            mock_sign_in(response, person)
            return response
        else:
            if form.non_field_errors():
                _record_failure(request, typed_id)
    else:
        form = MockLoginForm()
    return render(
        request,
        "mock_vneid/login.html",
        _mock_context(request, form=form, next=next_url),
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def organisation_login(request: HttpRequest) -> HttpResponse:
    """Sign in as an organisation: its tax code and password (its representative signs in)."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    status = 200
    if request.method == "POST":
        form = OrganisationLoginForm(request.POST)
        key = "org-" + "".join(str(request.POST.get("tax_code", "")).split())[:13]
        if _rate_limited(request, key):
            form.is_valid()
            form.errors.clear()
            form.add_error(None, _too_many())
            status = 429
        elif form.is_valid() and form.organisation is not None:
            PopulationRecord.objects.filter(pk=form.organisation.representative_id).update(
                last_login=timezone.now()
            )
            response = HttpResponseRedirect(next_url)
            organisation_sign_in(response, form.organisation)
            return response
        elif form.non_field_errors():
            _record_failure(request, key)
    else:
        form = OrganisationLoginForm()
    return render(
        request,
        "mock_vneid/organisation_login.html",
        _mock_context(request, form=form, next=next_url),
        status=status,
    )


@never_cache
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "mock_vneid/index.html", _mock_context(request))


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    response = HttpResponseRedirect(reverse("oauth2_provider:mock_index"))
    mock_sign_out(response)
    organisation_sign_out(response)
    return response


_PROVINCE_NAMES = dict(PROVINCES)


def _shared_details(person: PopulationRecord, scopes: list[str]) -> list[tuple[str, str]]:
    """What the citizen is asked to share, with the values that will be sent."""
    rows: list[tuple[str, str]] = []
    if "vneid" in scopes:
        rows.append((str(_("Số định danh cá nhân")), person.personal_id))
        rows.append(
            (str(_("Mức độ định danh")), str(_("Mức %(level)s") % {"level": person.identity_level}))
        )
    if "profile" in scopes:
        rows.append((str(_("Họ và tên")), person.full_name))
        rows.append((str(_("Ngày sinh")), person.birth_date.strftime("%d/%m/%Y")))
        rows.append((str(_("Giới tính")), str(_("Nam") if person.sex == "M" else _("Nữ"))))
        address = f"{person.address}, {_PROVINCE_NAMES.get(person.province_code, '')}".strip(", ")
        rows.append((str(_("Địa chỉ thường trú")), address))
    if "phone" in scopes:
        rows.append((str(_("Số điện thoại")), person.phone or "—"))
    return rows


class ConsentView(AuthorizationView):
    """DOT's authorization endpoint, with the mock's sign-in page and a Vietnamese consent page."""

    template_name = "mock_vneid/consent.html"
    redirect_field_name = "next"

    def _wants_organisation(self) -> bool:
        scope = self.request.GET.get("scope") or self.request.POST.get("scope") or ""
        return ORGANISATION_SCOPE in scope.split()

    def get_login_url(self) -> str:
        if self._wants_organisation():
            return reverse("oauth2_provider:mock_organisation_login")
        return reverse("oauth2_provider:mock_login")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The "organisation" scope needs a sign-in as an organisation (docs/adr/0017): the
        # grant is then issued for it (MockVneidValidator._create_authorization_code).
        person = request.user
        if isinstance(person, PopulationRecord) and self._wants_organisation():
            organisation = acting_organisation(request)
            if organisation is None:
                return redirect_to_login(
                    request.get_full_path(), self.get_login_url(), self.redirect_field_name
                )
            person.acting_organisation = organisation  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = self.request.user
        if isinstance(person, PopulationRecord):
            scopes = list(kwargs.get("scopes") or [])
            details = _shared_details(person, scopes)
            organisation = getattr(person, "acting_organisation", None)
            if organisation is not None and ORGANISATION_SCOPE in scopes:
                details = [
                    (str(_("Tổ chức")), organisation.name),
                    (str(_("Mã số thuế")), organisation.tax_code),
                    *details,
                ]
            context["shared_details"] = details
        return context

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        context = {**_mock_context(self.request), **context}
        return super().render_to_response(context, **response_kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        # The hidden fields come back from the browser: a client_id changed on the way must
        # give the error page, not a 500.
        client_id = form.cleaned_data.get("client_id")
        if not get_application_model().objects.filter(client_id=client_id).exists():
            return self.render_to_response({"error": {"error": "invalid_client"}}, status=400)
        return super().form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response({"error": {"error": "invalid_request"}}, status=400)


class EndSessionView(RPInitiatedLogoutView):
    """OpenID Connect RP-Initiated Logout (the discovery document's end_session_endpoint).

    The portal sends the browser here at logout with the ID token it received (id_token_hint)
    and where to come back (post_logout_redirect_uri, registered with the client). The mock
    ends its own sign-in (its cookie) and revokes what it issued to that person for the
    portal, so a shared phone does not stay signed in at VNeID. DOT would call Django's
    logout(), which is the portal's session, not the mock's: the mock's person is not a portal
    user (docs/adr/0002).
    """

    template_name = "mock_vneid/logout_confirm.html"

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        context = {**_mock_context(self.request), **context}
        return super().render_to_response(context, **response_kwargs)

    def do_logout(
        self,
        application: Any = None,
        post_logout_redirect_uri: str | None = None,
        state: str | None = None,
        token_user: Any = None,
    ) -> HttpResponse:
        person = token_user or self.request.user
        if isinstance(person, PopulationRecord):
            person_tokens_revoke(person=person, application=application)
        response: HttpResponse
        if post_logout_redirect_uri and application is not None:
            target = post_logout_redirect_uri
            if state:
                target = add_params_to_uri(target, [("state", state)])
            response = OAuth2ResponseRedirect(target, application.get_allowed_schemes())
        else:
            response = HttpResponseRedirect(reverse("oauth2_provider:mock_index"))
        mock_sign_out(response)
        organisation_sign_out(response)
        return response
