"""The mock VNeID as its own process (portal.mock_vneid_settings, `make serve`, compose): it
is mounted whatever MOCK_VNEID_ENABLED says, its issuer is the portal's VNEID_ISSUER, and its
pages may send the browser back to the portal on another origin (CSP form-action), and its
session and CSRF cookies are its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from portal.stack import environment_without_shared_servers

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s;"
    "from django.urls import reverse;"
    "print(json.dumps([s.MOCK_VNEID_ENABLED, s.OAUTH2_PROVIDER['OIDC_ISS_ENDPOINT'],"
    " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'],"
    " reverse('oauth2_provider:authorize'), s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME]))"
)


def test_the_mock_process_serves_the_portals_issuer_and_may_send_the_browser_back(tmp_path):
    env = environment_without_shared_servers(
        DJANGO_SETTINGS_MODULE="portal.mock_vneid_settings",
        MOCK_VNEID_ENABLED="false",  # what the portal's web process gets in make serve
        SITE_URL="http://127.0.0.1:9300",
        VNEID_ISSUER="http://127.0.0.1:9301/mock-vneid",
        TROCAP_VAR_DIR=str(tmp_path / "var"),
    )
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    enabled, issuer, form_action, authorize, session_cookie, csrf_cookie = shown
    assert enabled is True
    assert issuer == "http://127.0.0.1:9301/mock-vneid"
    assert "http://127.0.0.1:9300" in form_action
    assert authorize == "/mock-vneid/authorize/"
    # On one host (cookies ignore ports) the mock must not read or rewrite the portal's session
    # or CSRF cookie: a real VNeID on its own origin never receives them.
    assert session_cookie != settings.SESSION_COOKIE_NAME
    assert csrf_cookie != settings.CSRF_COOKIE_NAME
