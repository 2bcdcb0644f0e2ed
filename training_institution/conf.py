"""Reading this process's own settings (training_institution.settings).

The type checker runs once for the whole repository with the portal's settings, which do not
have these names; reading them through here keeps that single run honest.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def get(name: str) -> Any:
    return getattr(settings, name)
