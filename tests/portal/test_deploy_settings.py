"""Production settings pass `manage.py check --deploy`: HSTS (subdomains, preload), the https
redirect behind a configurable proxy header, secure cookies (issue 12)."""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from portal.stack import environment_without_shared_servers

ROOT = Path(__file__).resolve().parents[2]
#: The checks these settings answer (django.core.checks.security).
OURS = {
    "security.W004": "HSTS",
    "security.W005": "HSTS includeSubDomains",
    "security.W021": "HSTS preload",
    "security.W008": "SSL redirect",
    "security.W012": "session cookie secure",
    "security.W016": "CSRF cookie secure",
    "security.W009": "secret key",
    "security.W018": "DEBUG",
}


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = environment_without_shared_servers(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        VNEID_CLIENT_SECRET=secrets.token_urlsafe(32),
        SETTLEMENT_OFFICE_SECRET=secrets.token_urlsafe(32),
        SITE_URL="https://trocap.example.vn",
        ALLOWED_HOSTS="trocap.example.vn",
        TROCAP_VAR_DIR=str(tmp_path / "var"),
        **extra,
    )
    env.pop("DJANGO_DEBUG", None)
    # The browser tests' conftest sets it for Playwright's event loop in this process; a deployed
    # portal never has it (check --deploy's async.E001).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def run_python(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_none_of_the_transport_and_cookie_warnings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    found = {code: what for code, what in OURS.items() if code in output}
    assert not found, output
    assert result.returncode == 0, output


SHOW = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'portal.settings');"
    "from django.conf import settings as s;"
    "print('|'.join(map(repr, (s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT,"
    " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD,"
    " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG))))"
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ("HTTP_X_FORWARDED_SCHEME,https", "('HTTP_X_FORWARDED_SCHEME', 'https')"),
        ("", "None"),
    ],
)
def test_the_proxy_header_is_configurable(tmp_path, header, expected):
    extra = {} if header is None else {"SECURE_PROXY_SSL_HEADER": header}
    result = run_python(production_env(tmp_path, **extra), SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("|") == [
        expected,
        *"True 31536000 True True True True False".split(),
    ]


def test_a_malformed_proxy_header_stops_the_start_with_a_clear_message(tmp_path):
    result = run_python(
        production_env(tmp_path, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"), SHOW
    )
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER is 'HEADER,value'" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    env = environment_without_shared_servers(TROCAP_VAR_DIR=str(tmp_path / "var"))
    env.pop("DJANGO_DEBUG", None)
    code = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'portal.settings');"
        "from django.conf import settings; print(settings.DEBUG)"
    )
    assert run_python(env, code).stdout.strip() == "False"
    assert run_python({**env, "DJANGO_DEBUG": "true"}, code).stdout.strip() == "True"
