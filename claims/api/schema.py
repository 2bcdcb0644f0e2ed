"""The OpenAPI schema names the errors each operation can return (drf-spectacular hook).

Every operation of /api/v1/ can answer 429 (the throttles); one that needs a signed-in caller
401 and 403; one whose path has an id, or that a permission scopes to its owner, 404; one with
a request body 400. All with the same body: `{detail, code}` (claims/api/errors.py), the
`Error` component.
"""

from __future__ import annotations

from typing import Any

ERROR_COMPONENT = {
    "type": "object",
    "description": "Every API error: a message for people (in the request's language) and a "
    "stable code for programs. A validation error adds one list of messages per field.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, safe to show."},
        "code": {"type": "string", "description": "Stable: not_found, throttled, ..."},
    },
    "required": ["detail", "code"],
    "additionalProperties": True,
}

_DESCRIPTIONS = {
    "400": "The request is not valid (per-field messages when a field is wrong).",
    "401": "No valid credentials (session or token).",
    "403": "Signed in, but not allowed (wrong role, identity level or CSRF).",
    "404": "No such object for this caller (another person's claim is not found either).",
    "429": "Too many requests: wait the number of seconds in Retry-After.",
}
_RETRY_AFTER = {
    "Retry-After": {
        "schema": {"type": "integer"},
        "description": "Seconds to wait before trying again.",
    }
}
_WITH_BODY = {"post", "put", "patch"}


def _error(status: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    if status == "429":
        response["headers"] = _RETRY_AFTER
    return response


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular POSTPROCESSING_HOOKS entry: add the error responses to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_COMPONENT
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = ["429"]
            # An operation open to anyone lists an empty security requirement ({}).
            if any(requirement for requirement in operation.get("security", [{}])):
                statuses += ["401", "403"]
            if "{" in path:
                statuses.append("404")
            if method in _WITH_BODY:
                statuses.append("400")
            for status in statuses:
                operation["responses"].setdefault(status, _error(status))
    return result
