"""The mock VNeID's only state changes outside the OAuth views: registering a client."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from identity.mock_vneid.models import Application


@transaction.atomic
def client_application_register(
    *, client_id: str, client_secret: str, redirect_uris: Sequence[str], name: str = "TroCap"
) -> tuple[Application, bool]:
    """Create or update the confidential RS256 authorization-code client `client_id`.

    Idempotent: running it again brings an existing registration in line with the
    arguments (secret, redirect URIs) and changes nothing else.
    """
    app = Application.objects.select_for_update().filter(client_id=client_id).first()
    created = app is None
    if app is None:
        app = Application(client_id=client_id)
    app.name = name
    app.client_type = Application.CLIENT_CONFIDENTIAL
    app.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
    app.algorithm = Application.RS256_ALGORITHM
    app.redirect_uris = " ".join(redirect_uris)
    app.skip_authorization = False
    # The secret is stored as given and compared in constant time: hashed, DOT checked it with
    # PBKDF2 at a million iterations at every token request, a cost the real VNeID carries on
    # its own servers, not the portal's (issue 11). The mock holds one registration, the
    # portal's, whose secret is in the portal's settings anyway.
    app.hash_client_secret = False
    # Set it every time so a changed secret in the settings (or an old hashed one) is replaced.
    app.client_secret = client_secret
    app.full_clean(exclude=["client_secret", "user"])
    app.save()
    return app, created
