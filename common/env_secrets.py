"""Secrets from the environment, shared by the portal's settings and the settlement office's.

Pure (django-environ and Django's ImproperlyConfigured only): the simulator, a separate process
with its own settings, reads its secret the same way as the portal.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured


def secret_from_env(env: environ.Env, name: str, dev_default: str, *, production: bool) -> str:
    """A secret from NAME or the file named by NAME_FILE; required in production."""
    file_name = env.str(f"{name}_FILE", default="")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name} cannot be read: {exc}") from exc
    value = env.str(name, default="")
    if value:
        return value
    if production:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set in production")
    return dev_default
