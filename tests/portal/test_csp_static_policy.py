"""portal.csp: the header built once per process is the header django-csp builds, for every kind
of answer (plain, nonce, decorators, exempt, excluded prefix, report-only, debug 404)."""

from __future__ import annotations

import re

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory

from portal.csp import StaticPolicyCSPMiddleware

NONCE_VALUE = re.compile(r"'nonce-[^']+'")
HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def plain(request):
    return HttpResponse("ok")


def with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


@csp_update({"img-src": ["https://example.org"]})
def updated(request):
    return HttpResponse("ok")


@csp_replace({"script-src": [SELF]})
def replaced(request):
    return HttpResponse("ok")


@csp_exempt()
def exempt(request):
    return HttpResponse("ok")


def not_found(request):
    return HttpResponseNotFound("no")


VIEWS = [plain, with_nonce, updated, replaced, exempt, not_found]


def headers_of(middleware_class, view, path="/"):
    request = RequestFactory().get(path)
    response = middleware_class(view)(request)
    return {name: response.get(name) for name in HEADERS}, request


def without_nonce(headers):
    # A fresh nonce per request: the same header with each one's own nonce.
    return {k: NONCE_VALUE.sub("'nonce-N'", v) if v else v for k, v in headers.items()}


def same_headers(view, path="/"):
    ours, ours_request = headers_of(StaticPolicyCSPMiddleware, view, path)
    theirs, _ = headers_of(CSPMiddleware, view, path)
    if view is with_nonce and not path.startswith("/excluded/"):
        assert f"'nonce-{ours_request._csp_nonce}'" in ours["Content-Security-Policy"]
    assert without_nonce(ours) == without_nonce(theirs), view.__name__


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.__name__)
def test_the_portal_policy_is_the_header_django_csp_builds(view):
    same_headers(view)


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.__name__)
def test_a_report_only_policy_and_an_excluded_prefix_are_honoured_alike(view, settings):
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "EXCLUDE_URL_PREFIXES": ["/excluded/"],
    }
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}
    }
    same_headers(view)
    same_headers(view, "/excluded/page/")


def test_a_changed_setting_changes_the_kept_header(settings):
    before, _ = headers_of(StaticPolicyCSPMiddleware, plain)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    after, _ = headers_of(StaticPolicyCSPMiddleware, plain)
    assert after["Content-Security-Policy"] == "default-src 'none'" != before[HEADERS[0]]


def test_debug_error_pages_stay_without_a_header_as_with_django_csp(settings):
    settings.DEBUG = True
    same_headers(not_found)
    assert headers_of(StaticPolicyCSPMiddleware, not_found)[0][HEADERS[0]] is None


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    _, request = headers_of(StaticPolicyCSPMiddleware, plain)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
