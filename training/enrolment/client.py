"""The one narrow client of the institutions' systems: POST a signed enrolment, classify the
answer as claims.payments.client does for the settlement office (accepted / rejected / retry)."""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings

from claims.payments.client import ACCEPTED, REJECTED, RETRY, OfficeAnswer
from common import institution_keys, signed_http
from training.catalogue.models import Institution
from training.institution_api.keys import institution_secret, institution_url

#: 4xx answers that say nothing against the enrolment itself (as for the office).
_TRANSIENT_4XX = frozenset({401, 403, 408, 409, 425, 429})

_session = requests.Session()


def enrolment_post(*, institution: Institution, payload: dict[str, Any]) -> OfficeAnswer:
    """Send one enrolment to its institution; never raises for network trouble."""
    secret = institution_secret(institution)
    if not secret:  # configuration to fix: staff see it as the push's last error
        return OfficeAnswer(RETRY, message="no key for this institution (InstitutionLink.secret)")
    body = signed_http.dumps(payload)
    headers = {
        **signed_http.sign(secret=secret, body=body),
        institution_keys.INSTITUTION_HEADER: institution.code,
        "Content-Type": "application/json",
    }
    url = f"{institution_url(institution).rstrip('/')}/api/enrolments"
    try:
        response = _session.post(
            url, data=body, headers=headers, timeout=settings.TRAINING_INSTITUTION_TIMEOUT
        )
    except requests.RequestException as exc:
        return OfficeAnswer(RETRY, message=f"connection: {type(exc).__name__}")
    code = response.status_code
    if 200 <= code < 300:
        return OfficeAnswer(ACCEPTED, status_code=code)
    message = f"HTTP {code}: {response.text[:200]}"
    if 400 <= code < 500 and code not in _TRANSIENT_4XX:
        return OfficeAnswer(REJECTED, status_code=code, message=message)
    return OfficeAnswer(RETRY, status_code=code, message=message)
