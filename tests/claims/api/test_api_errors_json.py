"""Under /api/ every error is JSON ({detail, code}), even when no API view answers (a malformed
id, an unknown path, a crash); the schema names the errors each operation can return."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/claims/not-a-uuid/",
        "/api/v1/claims/123/decision.pdf",
        "/api/v1/staff/claims/xyz/assign/",
        "/api/v1/khong-co/",
        "/api/v2/claims/",
    ],
)
def test_a_path_no_api_view_matches_is_a_json_404(citizen_api, path):
    response = citizen_api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy.", "code": "not_found"}


def test_the_json_404_speaks_english_to_an_english_client(citizen_api):
    citizen_api.cookies["trocap_language"] = "en"
    response = citizen_api.get("/api/v1/claims/not-a-uuid/")
    assert response.json()["detail"] == "Not found."


def test_a_crash_under_the_api_is_a_json_500(citizen_api, monkeypatch):
    import claims.tracking.api as claims_api

    def boom(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(claims_api.ClaimListView, "get", boom)
    citizen_api.raise_request_exception = False
    response = citizen_api.get("/api/v1/claims/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "server_error"
    assert "a bug" not in response.content.decode()


def test_pages_outside_the_api_keep_their_html_404(client):
    response = client.get("/ho-so-cua-toi/not-a-uuid/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_schema_names_the_errors_of_every_operation(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "code"}
    operations = [
        (path, method, op)
        for path, ops in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method, op in ops.items()
    ]
    assert len(operations) > 15
    public = []
    for path, method, op in operations:
        responses = set(op["responses"])
        # An operation open to anyone (the jobs catalogue's reads) lists an empty security
        # requirement and never answers 401 or 403; every other names both.
        if any(requirement for requirement in op.get("security", [{}])):
            assert {"401", "403", "429"} <= responses, (path, method)
        else:
            public.append(path)
            assert "429" in responses and not {"401", "403"} & responses, (path, method)
        if "{" in path:
            assert "404" in responses, (path, method)
        if method in {"post", "put", "patch"}:
            assert "400" in responses, (path, method)
        assert "Retry-After" in op["responses"]["429"]["headers"]
        error = "404" if "{" in path else ("429" if path in public else "401")
        assert op["responses"][error]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    # The only operations open to anyone are the public catalogue's reads.
    assert public and all(path.startswith("/api/v1/jobs/") for path in public), public
