"""Settings of the mock VNeID as its own process (`gunicorn identity.mock_vneid.wsgi`).

The same environment as the portal's processes (docs/adr/0001): the portal's settings, with the
mock mounted whatever MOCK_VNEID_ENABLED says and its issuer taken from VNEID_ISSUER, the
address the portal expects (so `make serve` and docker-compose give both processes one
environment). In-process mounting for tests stays what MOCK_VNEID_ENABLED does in the portal.
"""

from portal.settings import *  # noqa: F403
from portal.settings import (
    CONTENT_SECURITY_POLICY,
    MIDDLEWARE,
    MOCK_VNEID_REDIRECT_URIS,
    OAUTH2_PROVIDER,
    SITE_URL,
    VNEID_ISSUER,
)

MOCK_VNEID_ENABLED = True
# The portal's URL map, which mounts the mock at /mock-vneid/ when MOCK_VNEID_ENABLED: the mock's
# pages extend the portal's base layout and name its routes.
ROOT_URLCONF = "portal.urls"
OAUTH2_PROVIDER = {**OAUTH2_PROVIDER, "OIDC_ISS_ENDPOINT": VNEID_ISSUER}

# The consent form posts to the mock, which redirects the browser to the portal's callback:
# browsers hold that redirect to the page's CSP form-action, so the portal's origins (another
# port or host than the mock's own) are allowed there.
_PORTAL_ORIGINS = sorted(
    {"/".join(url.split("/")[:3]) for url in [SITE_URL, *MOCK_VNEID_REDIRECT_URIS]}
)
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "form-action": [
            *list(CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]),  # type: ignore[call-overload]
            *_PORTAL_ORIGINS,
        ],
    },
}

# A real VNeID answers on its own origin and never receives the portal's cookies. On one machine
# (make serve: 127.0.0.1, another port) browsers send every cookie of the host to both
# processes, since cookies ignore ports: under the same names the mock would load and rewrite
# the portal's session and share its CSRF secret. Its own names keep the two apart.
SESSION_COOKIE_NAME = "vneid_sessionid"
CSRF_COOKIE_NAME = "vneid_csrftoken"

# What the portal's middleware does for its own users and pages, which never reach this
# process (its URLs are the mock's, its `request.user` the mock's person or anonymous): staff
# MFA, simple_history's acting user (the mock's models keep no history). Security headers, CSRF,
# the locale, overload shedding, django-axes' lockout page and allauth's (its app refuses to
# start without it) stay.
_PORTAL_ONLY_MIDDLEWARE = {
    "identity.middleware.StaffMfaRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
}
MIDDLEWARE = [name for name in MIDDLEWARE if name not in _PORTAL_ONLY_MIDDLEWARE]
