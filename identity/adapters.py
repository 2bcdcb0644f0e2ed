"""allauth adapters: no self-registration; staff sign in with a password, citizens only through
VNeID, whose claims create and refresh the citizen account at every login."""

from __future__ import annotations

import functools
import html
import logging
from typing import Any

import requests
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount import app_settings as socialaccount_settings
from allauth.socialaccount.adapter import (
    DefaultSocialAccountAdapter,
    _build_apps_from_settings,  # private: see list_apps
)
from allauth.socialaccount.providers.base.constants import AuthError
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from requests import RequestException

from identity.models import User
from identity.oidc.http import EnvironmentOnceSession
from identity.oidc.logout import end_session_url, post_logout_redirect_uri
from identity.services import citizen_apply_identity, organisation_apply_identity
from identity.vneid import (
    VneidClaimsError,
    VneidIdentity,
    identity_from_claims,
    merged_claims,
    organisation_from_claims,
)

log = logging.getLogger(__name__)


class MfaAuthenticateStage(AuthenticateStage):
    """allauth's two-factor step of a login, without its query when the login made the account.

    An account created by this very login (a citizen's first VNeID login: signup is closed to
    everyone else) cannot have an authenticator yet, so allauth's look-up for one is skipped
    (one query per first login, issue 11). Every other login is asked as before.
    """

    def _should_handle(self, request: HttpRequest) -> bool:
        if self.login.signup:
            return False
        return super()._should_handle(request)


class AccountAdapter(DefaultAccountAdapter):
    # allauth ships no Vietnamese catalogue: the messages staff can meet, in the source language.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("Tài khoản này đang bị khóa. Hãy liên hệ quản trị viên."),
        "incorrect_code": _("Mã không đúng."),
        "incorrect_password": _("Mật khẩu không đúng."),
        "invalid_login": _("Đăng nhập không hợp lệ."),
        "too_many_login_attempts": _("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau."),
        "username_password_mismatch": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "rate_limited": _("Bạn gửi yêu cầu quá nhanh. Vui lòng đợi một lát rồi thử lại."),
    }

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # An administrator's work is the admin (rules, staff, centers), not the staff home
        # page of officers; a `next` in the login link still wins (allauth reads it first).
        if getattr(request.user, "role", None) == User.Role.ADMIN:
            return reverse("admin:index")
        # An analyst's work is the statistics (stats' pages), not a center's.
        if getattr(request.user, "role", None) == User.Role.ANALYST:
            return reverse("stats:dashboard")
        if getattr(request.user, "role", None) == User.Role.EMPLOYER:
            return reverse("employers:home")
        return super().get_login_redirect_url(request)

    def get_login_stages(self) -> list[str]:
        allauths = "allauth.mfa.stages.AuthenticateStage"
        ours = f"{MfaAuthenticateStage.__module__}.{MfaAuthenticateStage.__qualname__}"
        return [ours if path == allauths else path for path in super().get_login_stages()]

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        # allauth renders a message's template with the request, so every context processor of
        # the pages runs (the unread-notification count is a query) for one line that uses only
        # its own context (the user, an address): rendered without them (issue 11).
        if message is None and message_template:
            try:
                text = render_to_string(message_template, message_context or {}).strip()
            except TemplateDoesNotExist:
                return
            if not text:
                return
            message = html.unescape(text)
        super().add_message(request, level, extra_tags=extra_tags, message=message)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff accounts are created by administrators; citizens come only through VNeID.
        return False

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        # Called before the session ends: a VNeID login is ended at VNeID too, which sends
        # the browser back to the home page (OpenID Connect RP-Initiated Logout, issue 12).
        return end_session_url(
            request, post_logout_redirect_uri=post_logout_redirect_uri()
        ) or super().get_logout_redirect_url(request)

    def set_password(self, user: Any, password: str) -> None:
        # Whatever the route (set, change, a reset link), a citizen's account gets no password:
        # their sign-in is VNeID's (identity/password_views.py).
        if getattr(user, "is_citizen", False):
            log.warning("password refused for citizen account %s", user.pk)
            raise PermissionDenied
        super().set_password(user, password)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        # Citizens have no password; should one ever be set, it still must not open the portal.
        if user is not None and getattr(user, "is_citizen", False):
            log.warning("password login refused for citizen account %s", user.pk)
            return None
        return user


class MfaAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới trong ứng dụng."
        ),
        "cannot_delete_authenticator": _("Cán bộ không được tắt xác thực hai lớp."),
    }

    def can_delete_authenticator(self, authenticator: Any) -> bool:
        # Staff must keep two-factor authentication (identity.middleware enforces it too).
        return not getattr(authenticator.user, "is_staff_member", False)


def _refuse(request: HttpRequest, reason: str, status: int = 400) -> ImmediateHttpResponse:
    response = render(
        request, "socialaccount/authentication_error.html", {"reason": reason}, status=status
    )
    return ImmediateHttpResponse(response)


#: Seconds a person is asked to wait before trying again when VNeID did not answer.
VNEID_UNREACHABLE_RETRY_AFTER = 30


def _failed_url(exc: BaseException) -> str:
    # Where the call went, without the query string (it may carry a code or a token).
    request = getattr(exc, "request", None)
    url = str(getattr(request, "url", "") or "")
    return url.split("?", 1)[0]


class VneidSocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request: HttpRequest, provider: Any = None, client_id: Any = None) -> list:
        # The identity provider is configuration (SOCIALACCOUNT_PROVIDERS, docs/adr/0002), never
        # a SocialApp row: allauth's own list_apps queries that table at every get_provider,
        # several times per login request, for rows that are never there (issue 11).
        # _build_apps_from_settings is private: allauth (65.x) has no public way to build the
        # apps from SOCIALACCOUNT_PROVIDERS alone; it is the function its own list_apps calls
        # for that half, so a change of it shows in tests/identity/test_adapters.py.
        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]

    def get_requests_session(self) -> requests.Session:
        # allauth's session (its timeout on every call) without reading the environment at
        # every call (identity/oidc/http.py).
        session = EnvironmentOnceSession()
        session.request = functools.partial(  # type: ignore[method-assign]
            session.request, timeout=socialaccount_settings.REQUESTS_TIMEOUT
        )
        return session

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: BaseException | None = None,
        extra_context: Any = None,
    ) -> None:
        if isinstance(exception, RequestException):
            # A timeout or a dropped connection at any step (discovery, token, userinfo,
            # JWKS): VNeID did not answer. Nothing was logged in; the page offers a retry.
            log.warning(
                "VNeID login: the identity provider did not answer (%s %s)",
                type(exception).__name__,
                _failed_url(exception),
            )
            refusal = _refuse(request, "unreachable", status=503)
            refusal.response["Retry-After"] = str(VNEID_UNREACHABLE_RETRY_AFTER)
            raise refusal
        log.log(
            logging.INFO if error == AuthError.CANCELLED else logging.WARNING,
            "VNeID login failed: %s %s",
            error,
            f"{type(exception).__name__}: {exception}" if exception is not None else "",
        )

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return True

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        # allauth's save_user without its second set_unusable_password: the account allauth
        # built from VNeID's answer (sociallogin_from_response) already holds an unusable
        # password, a random "!" hash, and making another (make_password: 40 random
        # characters) was ~360 of the first login's 21,400 function calls (issue 11, bench/
        # filing_profile.py --profile callback). A form, or a password that is usable for any
        # reason, takes allauth's own path, so no account leaves here with a usable password.
        user = sociallogin.user
        if form is not None or user.has_usable_password():
            return super().save_user(request, sociallogin, form)
        get_account_adapter(request).populate_username(request, user)
        sociallogin.save(request)
        return user

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: Any) -> bool:
        # VNeID tells us who the person is: no signup form, no e-mail step.
        return True

    @staticmethod
    def _identity(sociallogin: Any) -> VneidIdentity:
        return identity_from_claims(merged_claims(sociallogin.account.extra_data or {}))

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = sociallogin.user
        try:
            organisation = organisation_from_claims(
                merged_claims(sociallogin.account.extra_data or {})
            )
            if organisation is not None:
                return organisation_apply_identity(user=user, identity=organisation, save=False)
        except VneidClaimsError:
            pass  # refused in pre_social_login, with a message
        try:
            citizen_apply_identity(user=user, identity=self._identity(sociallogin), save=False)
        except VneidClaimsError:
            pass  # refused in pre_social_login, with a message
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        # An organisation account (the "organisation" scope, docs/adr/0017) is its own
        # account, never attached to the representative's citizen account.
        try:
            organisation = organisation_from_claims(
                merged_claims(sociallogin.account.extra_data or {})
            )
        except VneidClaimsError as exc:
            log.warning("VNeID organisation login refused: %s", exc)
            raise _refuse(request, "missing_personal_id") from exc
        if organisation is not None:
            if sociallogin.is_existing:
                if getattr(sociallogin.user, "role", None) != User.Role.EMPLOYER:
                    raise _refuse(request, "not_a_citizen")
                organisation_apply_identity(user=sociallogin.user, identity=organisation)
            return
        try:
            identity = self._identity(sociallogin)
        except VneidClaimsError as exc:
            log.warning("VNeID login refused: %s", exc)
            raise _refuse(request, "missing_personal_id") from exc
        if sociallogin.is_existing:
            user = sociallogin.user
            if not getattr(user, "is_citizen", False):
                raise _refuse(request, "not_a_citizen")
            citizen_apply_identity(user=user, identity=identity)
            return
        existing = User.objects.filter(personal_id=identity.personal_id).first()
        if existing is not None:
            # The citizen already has an account (created earlier, or under another subject
            # identifier): attach this VNeID login to it rather than making a second one.
            citizen_apply_identity(user=existing, identity=identity)
            sociallogin.connect(request, existing)
