"""Routes the social-security store's models to their own database, and nothing else there."""

from __future__ import annotations

from typing import Any

APP_LABEL = "social_security"
ALIAS = "social_security"


class SocialSecurityRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return ALIAS if model._meta.app_label == APP_LABEL else None  # type: ignore[attr-defined]

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return ALIAS if model._meta.app_label == APP_LABEL else None  # type: ignore[attr-defined]

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        in_store = {obj1._meta.app_label == APP_LABEL, obj2._meta.app_label == APP_LABEL}
        # Rows of the store relate only to each other; never across databases.
        return None if in_store == {False} else len(in_store) == 1

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool:
        return (app_label == APP_LABEL) == (db == ALIAS)
