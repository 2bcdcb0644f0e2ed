"""The mock VNeID's own sign-in state, separate from the portal's session (docs/adr/0002).

Under /mock-vneid/ `request.user` is the PopulationRecord signed in at the mock (a signed,
short-lived, HttpOnly cookie scoped to /mock-vneid/) or AnonymousUser: the identity provider
never sees the portal's account, as it would not if it ran on its own server.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.http import HttpRequest, HttpResponse

from common.formatting import ascii_digits
from identity.mock_vneid.models import PopulationRecord

MOCK_PATH = "/mock-vneid/"
COOKIE_NAME = "mock_vneid_session"
COOKIE_SALT = "identity.mock_vneid.session"
#: A sign-in at the mock lasts ten minutes: long enough to consent, short like a real IdP's.
COOKIE_MAX_AGE = 10 * 60


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=COOKIE_SALT)


def mock_signed_in_person(request: HttpRequest) -> PopulationRecord | None:
    value = request.COOKIES.get(COOKIE_NAME)
    if not value:
        return None
    try:
        pk = _signer().unsign(value, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not ascii_digits(pk):
        return None
    return PopulationRecord.objects.filter(pk=int(pk)).first()


def mock_sign_in(response: HttpResponse, person: PopulationRecord) -> None:
    response.set_cookie(
        COOKIE_NAME,
        _signer().sign(str(person.pk)),
        max_age=COOKIE_MAX_AGE,
        path=MOCK_PATH,
        httponly=True,
        samesite="Lax",
        secure=False,  # set per request below
    )


def mock_sign_out(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE_NAME, path=MOCK_PATH, samesite="Lax")


class MockVneidSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(MOCK_PATH):
            return self.get_response(request)
        # Views under /mock-vneid/ see the mock's person, never the portal's account.
        request.user = mock_signed_in_person(request) or AnonymousUser()  # type: ignore[assignment]
        response = self.get_response(request)
        cookie = response.cookies.get(COOKIE_NAME)
        if cookie is not None and request.is_secure():
            cookie["secure"] = True
        return response
