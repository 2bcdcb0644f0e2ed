"""The mock VNeID's only state changes outside the OAuth views: registering a client."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction

from identity.mock_vneid.models import (
    AccessToken,
    Application,
    OrganisationRecord,
    PopulationRecord,
    RefreshToken,
)


@transaction.atomic
def client_application_register(
    *,
    client_id: str,
    client_secret: str,
    redirect_uris: Sequence[str],
    post_logout_redirect_uris: Sequence[str] | None = None,
    name: str = "TroCap",
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
    # Where the mock may send the browser back after an RP-initiated logout (issue 12): by
    # default the portal's home page (SITE_URL) and MOCK_VNEID_POST_LOGOUT_REDIRECT_URIS.
    if post_logout_redirect_uris is None:
        post_logout_redirect_uris = list(
            dict.fromkeys(
                [
                    f"{settings.SITE_URL}/",
                    *getattr(settings, "MOCK_VNEID_POST_LOGOUT_REDIRECT_URIS", []),
                ]
            )
        )
    app.post_logout_redirect_uris = " ".join(post_logout_redirect_uris)
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


@transaction.atomic
def person_tokens_revoke(*, person: PopulationRecord, application: Application | None) -> int:
    """Revoke what the mock issued to `person` (for `application`, or every client): access
    tokens with their ID tokens, and refresh tokens. Returns how many access tokens went."""
    access = AccessToken.objects.filter(user=person)
    refresh = RefreshToken.objects.filter(user=person, revoked__isnull=True)
    if application is not None:
        access = access.filter(application=application)
        refresh = refresh.filter(application=application)
    refresh_tokens = list(refresh)  # before the access tokens they point at are deleted
    revoked = 0
    for token in access.select_related("id_token"):
        if token.id_token is not None:
            token.id_token.revoke()
        token.revoke()
        revoked += 1
    for refresh_token in refresh_tokens:
        refresh_token.revoke()
    return revoked


@transaction.atomic
def organisation_register(
    *, tax_code: str, name: str, representative: PopulationRecord, password: str
) -> OrganisationRecord:
    """Create or update the VNeID organisation account `tax_code` (the mock's population)."""
    organisation = OrganisationRecord.objects.select_for_update().filter(tax_code=tax_code).first()
    if organisation is None:
        organisation = OrganisationRecord(tax_code=tax_code)
    organisation.name = name
    organisation.representative = representative
    organisation.set_password(password)
    organisation.full_clean(exclude=["password"])
    organisation.save()
    return organisation
