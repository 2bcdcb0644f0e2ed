"""The citizen's API tokens (django-rest-knox): stored hashed, expiring, revoked at logout.

Only a digest of each token is stored (knox), so a copy of the database holds no usable token;
a token expires API_TOKEN_TTL_DAYS after it was issued (default 30); issuing a new one revokes
the old (rotation); and logging out of the portal in the browser revokes every API token of
that person, so "log out" on a shared phone really ends every way in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from knox.models import AuthToken

from identity.models import User


def api_token_issue(*, user: User) -> tuple[str, datetime | None, datetime | None]:
    """A new token for `user` (the previous ones revoked): (key, created, expires)."""
    with transaction.atomic():
        AuthToken.objects.filter(user=user).delete()
        instance, key = AuthToken.objects.create(user=user)
    return key, instance.created, instance.expiry


def api_tokens_revoke(*, user: User) -> int:
    """Revoke every API token of `user`; the number revoked."""
    deleted, _by_model = AuthToken.objects.filter(user=user).delete()
    return deleted


def on_user_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """user_logged_out receiver: the web logout ends the API tokens too."""
    if isinstance(user, User):
        api_tokens_revoke(user=user)
