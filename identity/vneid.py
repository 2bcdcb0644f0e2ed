"""What VNeID asserted about a person, read from the ID token and userinfo claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from common.formatting import ascii_digits
from common.provinces import PROVINCES

_PROVINCE_CODES = {code for code, _name in PROVINCES}
_SEX = {"male": "M", "female": "F", "m": "M", "f": "F", "nam": "M", "nữ": "F"}


class VneidClaimsError(Exception):
    """The identity provider's answer cannot identify a citizen (e.g. no personal ID)."""


@dataclass(frozen=True)
class VneidIdentity:
    personal_id: str
    identity_level: int
    full_name: str
    birth_date: dt.date | None
    sex: str
    phone: str
    address: str
    province_code: str


@dataclass(frozen=True)
class OrganisationIdentity:
    """What VNeID asserted about an organisation account (the "organisation" scope)."""

    tax_code: str
    name: str
    representative_personal_id: str


def organisation_from_claims(claims: dict[str, Any]) -> OrganisationIdentity | None:
    """The organisation of an organisation login, or None for a person's login."""
    tax_code = claims.get("org_tax_code")
    if not isinstance(tax_code, str) or not tax_code:
        return None
    if not (ascii_digits(tax_code) and len(tax_code) in (10, 13)):
        raise VneidClaimsError("org_tax_code is not 10 or 13 digits")
    representative = claims.get("personal_id")
    return OrganisationIdentity(
        tax_code=tax_code,
        name=_text(claims.get("org_name"), 200) or tax_code,
        representative_personal_id=representative if isinstance(representative, str) else "",
    )


def merged_claims(extra_data: dict[str, Any]) -> dict[str, Any]:
    """ID token claims overlaid with userinfo (which may carry more), as allauth stores them."""
    claims: dict[str, Any] = {}
    if isinstance(extra_data.get("id_token"), dict):
        claims.update(extra_data["id_token"])
    if isinstance(extra_data.get("userinfo"), dict):
        claims.update(extra_data["userinfo"])
    if not claims:
        claims = dict(extra_data)
    return claims


def _text(value: Any, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def identity_from_claims(claims: dict[str, Any]) -> VneidIdentity:
    personal_id = claims.get("personal_id")
    if not isinstance(personal_id, str) or not (
        len(personal_id) == 12 and ascii_digits(personal_id)
    ):
        raise VneidClaimsError("personal_id missing or not 12 digits")
    try:
        level = int(claims.get("identity_level"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        level = 1  # unknown level: treat as the lower one
    if level not in (1, 2):
        level = 1
    try:
        birth_date = dt.date.fromisoformat(str(claims.get("birthdate", "")))
    except ValueError:
        birth_date = None
    address = claims.get("address")
    formatted, province = "", ""
    if isinstance(address, dict):
        formatted = _text(address.get("formatted"), 300)
        province = _text(address.get("province_code"), 2)
    elif isinstance(address, str):
        formatted = _text(address, 300)
    province = province or _text(claims.get("province_code"), 2)
    return VneidIdentity(
        personal_id=personal_id,
        identity_level=level,
        full_name=_text(claims.get("name"), 200),
        birth_date=birth_date,
        sex=_SEX.get(_text(claims.get("gender"), 10).lower(), ""),
        phone=_text(claims.get("phone_number"), 20),
        address=formatted,
        province_code=province if province in _PROVINCE_CODES else "",
    )
