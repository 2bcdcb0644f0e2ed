"""What the mock VNeID asserts about a person: standard OIDC claims plus VNeID's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from common.provinces import PROVINCES

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


class MockVneidValidator(OAuth2Validator):
    # Which scope releases which claim (see settings.OAUTH2_PROVIDER["SCOPES"]).
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "address": "profile",
        "personal_id": "vneid",
        "identity_level": "vneid",
    }

    def get_claim_dict(self, request: Any) -> dict[str, Any]:
        claims = super().get_claim_dict(request)
        # The subject is the 12-digit personal ID: stable for a person for life, and the key
        # the portal and the social-security records share.
        claims["sub"] = lambda r: r.user.personal_id
        return claims

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
        }
