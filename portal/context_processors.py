"""Values every page's layout needs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    return {"SERVICE_NAME": "TroCap"}
