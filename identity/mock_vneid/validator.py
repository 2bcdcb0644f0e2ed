"""What the mock VNeID asserts about a person: standard OIDC claims plus VNeID's own."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.oauth2.rfc6749 import utils

from common.provinces import PROVINCES
from identity.mock_vneid.models import Grant, OrganisationRecord

ORGANISATION_SCOPE = "organisation"

_PROVINCE_NAMES = dict(PROVINCES)
_GENDER = {"M": "male", "F": "female"}


def _address(person: Any) -> dict[str, str]:
    # OIDC's address claim is a JSON object; the province code rides along for the portal.
    return {
        "formatted": person.address,
        "region": _PROVINCE_NAMES.get(person.province_code, ""),
        "country": "VN",
        "province_code": person.province_code,
    }


def _organisation(request: Any) -> OrganisationRecord | None:
    """The organisation of this grant or token (set at the code exchange, or the token's)."""
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        organisation = getattr(getattr(request, "access_token", None), "organisation", None)
    return organisation if isinstance(organisation, OrganisationRecord) else None


def _subject(request: Any) -> str:
    # An organisation is its own subject: the portal never confuses it with the person
    # (its representative) who signed in for it (docs/adr/0017).
    organisation = _organisation(request)
    return f"org-{organisation.tax_code}" if organisation else request.user.personal_id


class MockVneidValidator(OAuth2Validator):
    # Which scope releases which claim (see settings.OAUTH2_PROVIDER["SCOPES"]).
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "address": "profile",
        "personal_id": "vneid",
        "identity_level": "vneid",
        "org_tax_code": ORGANISATION_SCOPE,
        "org_name": ORGANISATION_SCOPE,
    }

    def get_claim_dict(self, request: Any) -> dict[str, Any]:
        claims = super().get_claim_dict(request)
        # The subject is the 12-digit personal ID: stable for a person for life, and the key
        # the portal and the social-security records share.
        claims["sub"] = _subject
        return claims

    def _create_authorization_code(self, request: Any, code: Any, expires: Any = None) -> Any:
        grant = super()._create_authorization_code(request, code, expires)
        organisation = getattr(request.user, "acting_organisation", None)
        if organisation is not None and ORGANISATION_SCOPE in (request.scopes or []):
            grant.organisation = organisation
            grant.save(update_fields=["organisation"])
        return grant

    # The code exchange asks for its grant seven times (the scopes, the client's grant, the
    # redirect URI, the PKCE challenge and method, the nonce; django-oauth-toolkit reads the
    # row each time): one token request reads it once, with its person and organisation.
    # Each question still sees only what DOT's own query would: a grant of another client is
    # DoesNotExist where DOT filters on request.client.
    @staticmethod
    def _grant(code: Any, request: Any, *, client: Any = None) -> Grant:
        cached = getattr(request, "_mock_vneid_grant", None)
        if cached is None or cached[0] != code:
            grant = Grant.objects.select_related("user", "organisation").filter(code=code).first()
            cached = (code, grant)
            request._mock_vneid_grant = cached
        grant = cached[1]
        if grant is None or (client is not None and grant.application_id != client.pk):
            raise Grant.DoesNotExist
        return grant

    def validate_code(
        self, client_id: Any, code: Any, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        # DOT's validate_code, on the request's one read of the grant.
        try:
            grant = self._grant(code, request, client=client)
        except Grant.DoesNotExist:
            return False
        if grant.is_expired():
            return False
        request.scopes = grant.scope.split(" ")
        request.user = grant.user
        if grant.nonce:
            request.nonce = grant.nonce
        if grant.claims:
            request.claims = json.loads(grant.claims)
        request.organisation = grant.organisation
        return True

    def confirm_redirect_uri(
        self,
        client_id: Any,
        code: Any,
        redirect_uri: Any,
        client: Any,
        request: Any,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        return self._grant(code, request, client=client).redirect_uri_allowed(redirect_uri)

    def get_code_challenge(self, code: Any, request: Any) -> Any:
        return self._grant(code, request, client=request.client).code_challenge or None

    def get_code_challenge_method(self, code: Any, request: Any) -> Any:
        return self._grant(code, request, client=request.client).code_challenge_method or None

    def get_authorization_code_scopes(
        self, client_id: Any, code: Any, redirect_uri: Any, request: Any
    ) -> list[str]:
        try:
            scopes = self._grant(code, request).scope
        except Grant.DoesNotExist:
            return []
        return utils.scope_to_list(scopes) if scopes else []

    def get_authorization_code_nonce(
        self, client_id: Any, code: Any, redirect_uri: Any, request: Any
    ) -> Any:
        try:
            return self._grant(code, request).nonce or None
        except Grant.DoesNotExist:
            return None

    def _create_access_token(
        self, expires: Any, request: Any, token: Any, source_refresh_token: Any = None
    ) -> Any:
        access = super()._create_access_token(expires, request, token, source_refresh_token)
        organisation = getattr(request, "organisation", None)
        if organisation is not None:
            access.organisation = organisation
            access.save(update_fields=["organisation"])
        return access

    def get_additional_claims(self) -> dict[str, Callable[[Any], Any]]:  # type: ignore[override]
        # Callables without a request argument: DOT lists them in discovery and filters
        # them by the granted scopes (oidc_claim_scope).
        return {
            "name": lambda r: r.user.full_name,
            "birthdate": lambda r: r.user.birth_date.isoformat(),
            "gender": lambda r: _GENDER.get(r.user.sex, ""),
            "address": lambda r: _address(r.user),
            "phone_number": lambda r: r.user.phone,
            "personal_id": lambda r: r.user.personal_id,
            "identity_level": lambda r: r.user.identity_level,
            "org_tax_code": lambda r: o.tax_code if (o := _organisation(r)) else "",
            "org_name": lambda r: o.name if (o := _organisation(r)) else "",
        }
