"""API: the OpenAPI schema validates, and the interactive docs load only local assets."""

from __future__ import annotations

import re

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert "/api/v1/claims/" in paths
    assert "/api/v1/claims/{claim_id}/" in paths
    assert "/api/v1/me/record/" in paths
    assert "/api/v1/me/eligibility/" in paths
    schemes = schema["components"]["securitySchemes"]
    # API tokens are django-rest-knox tokens (stored as digests, expiring): knox names the scheme.
    assert {"knoxApiToken", "cookieAuth"} <= set(schemes)


def test_the_schema_is_served_to_anyone(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/claims/" in response.json()["paths"]


def test_the_docs_load_only_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the page references its assets"
    assert all(u.startswith("/") for u in urls), urls
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


def test_the_docs_assets_are_served(client):
    html = client.get("/api/docs/").content.decode()
    bundle = re.search(r'src="(/static/[^"]+swagger-ui-bundle\.js)"', html)
    assert bundle
    response = client.get(bundle.group(1))
    assert response.status_code == 200
