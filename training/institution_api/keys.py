"""Which institution signed a request, and the key the portal signs with for it (ADR 0024).

An institution's key is its InstitutionLink's secret, or where none is stored (the stand-in,
development) the key derived from TRAINING_INSTITUTION_SECRET and the institution's code.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings

from common import institution_keys, signed_http
from training.catalogue.models import Institution
from training.institution_api.models import InstitutionLink


def institution_secret(institution: Institution) -> str:
    """The institution's key; "" when it has none (no stored secret and no master secret, as
    in production unless TRAINING_INSTITUTION_SECRET is set): nothing is signed or accepted."""
    link = InstitutionLink.objects.filter(institution=institution).first()
    if link is not None and link.secret:
        return link.secret
    if not settings.TRAINING_INSTITUTION_SECRET:
        return ""
    return institution_keys.derived_key(
        master=settings.TRAINING_INSTITUTION_SECRET, code=institution.code
    )


def institution_url(institution: Institution) -> str:
    link = InstitutionLink.objects.filter(institution=institution).first()
    return (link.api_url if link is not None and link.api_url else "") or (
        settings.TRAINING_INSTITUTION_URL
    )


class Refused(Exception):
    """Not a request the portal takes from anyone: `status` is 401 or 403, `code` says why."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status, self.code = status, code


def institution_verify(*, headers: Mapping[str, str], body: bytes) -> Institution:
    """The institution whose key signed this request; Refused otherwise (never a 500)."""
    code = str(headers.get(institution_keys.INSTITUTION_HEADER) or "")
    if not code or len(code) > 40:
        raise Refused(401, "signature_missing")
    institution = Institution.objects.filter(code=code).first()
    if institution is None:
        raise Refused(401, "unknown_institution")
    secret = institution_secret(institution)
    if not secret:
        raise Refused(403, "institution_without_key")
    try:
        signed_http.verify(
            secret=secret,
            headers=headers,
            body=body,
            tolerance=int(settings.TRAINING_INSTITUTION_TOLERANCE),
        )
    except signed_http.SignatureError as error:
        raise Refused(401, f"signature_{error.reason}") from None
    link_active = InstitutionLink.objects.filter(institution=institution).values_list(
        "active", flat=True
    )
    if not institution.active or False in link_active:
        raise Refused(403, "institution_inactive")
    return institution
