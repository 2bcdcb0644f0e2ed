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
from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken
from knox.signals import token_expired

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


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's token authentication without its read of all the person's tokens at every call.

    knox deletes the person's other expired tokens on each request (one more query per call);
    here a person never holds more than one token (api_token_issue revokes the others before
    it issues), so there are none. The token presented is still refused, and deleted, once it
    has expired, as knox does.
    """

    def _cleanup_token(self, auth_token: AuthToken) -> bool:
        if auth_token.expiry is None or auth_token.expiry >= timezone.now():
            return False
        username = auth_token.user.get_username()
        auth_token.delete()
        token_expired.send(sender=self.__class__, username=username, source="auth_token")
        return True


class TokenScheme(KnoxTokenScheme):
    """The schema's security scheme of TokenAuthentication: knox's (the same header and
    prefix), named apart from the knox class the employer and statistics APIs use."""

    target_class = "claims.api.tokens.TokenAuthentication"
    name = "citizenApiToken"
