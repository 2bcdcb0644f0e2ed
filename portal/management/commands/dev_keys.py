"""Create the mock VNeID's signing key (if missing) and register the portal as its client; create
the development CA and decision signing certificate (if no real one is configured)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from claims.decisions import signing
from eligibility import signed_extract
from identity.mock_vneid.keys import signing_key_ensure, signing_key_install
from identity.mock_vneid.services import client_application_register


class Command(BaseCommand):
    help = (
        "Idempotent: generate the mock VNeID RS256 key at MOCK_VNEID_KEY_FILE if missing and "
        "register/update the portal's OIDC client (VNEID_CLIENT_ID) in the mock."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--development-ca",
            action="store_true",
            help="create the development CA and signing certificate in DECISION_KEYS_DIR even "
            "in production or when DECISION_SIGNING_KEY names those very files (a demo stack "
            "such as docker-compose.yml; never for real decisions)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._decision_keys(force=options["development_ca"])
        self._agency_keys()
        if not settings.MOCK_VNEID_ENABLED:
            self.stdout.write("MOCK_VNEID_ENABLED is off: the portal uses an external issuer.")
            return
        _pem, created = signing_key_ensure(path=settings.MOCK_VNEID_KEY_FILE)
        signing_key_install()
        verb = "created" if created else "kept"
        self.stdout.write(f"Signing key {verb}: {settings.MOCK_VNEID_KEY_FILE}")
        app, app_created = client_application_register(
            client_id=settings.VNEID_CLIENT_ID,
            client_secret=settings.VNEID_CLIENT_SECRET,
            redirect_uris=settings.MOCK_VNEID_REDIRECT_URIS,
        )
        verb = "registered" if app_created else "updated"
        self.stdout.write(
            f"OIDC client {verb}: {app.client_id} -> {', '.join(settings.MOCK_VNEID_REDIRECT_URIS)}"
        )

    def _agency_keys(self) -> None:
        """The stand-in social-security agency's key pair for its signed extracts (ADR 0016)."""
        if not signed_extract.enabled():
            self.stdout.write("SOCIAL_SECURITY_SIGNED_EXTRACTS is off: no agency key needed.")
            return
        if getattr(settings, "SOCIAL_SECURITY_EXTRACT_SIGNING_KEY", "") or settings.PRODUCTION:
            self.stdout.write("Agency extract keys come from the settings: no development key.")
            return
        _private, public, created = signed_extract.dev_key_ensure()
        verb = "created" if created else "kept"
        self.stdout.write(
            f"Development key of the social-security stand-in {verb}: {public.parent}"
        )

    def _decision_keys(self, *, force: bool = False) -> None:
        if not force and signing.production_configured():
            self.stdout.write("Decision signing key configured: no development CA needed.")
            return
        if not force and settings.PRODUCTION:
            self.stdout.write(
                "Production without DECISION_SIGNING_PKCS12 / DECISION_SIGNING_KEY: decisions "
                "cannot be signed until one is set (no development CA in production)."
            )
            return
        directory = Path(settings.DECISION_KEYS_DIR)
        _paths, created = signing.dev_keys_ensure(directory=directory)
        verb = "created" if created else "kept"
        what = (
            "Development CA (forced)"
            if force
            else "Development CA and decision signing certificate"
        )
        self.stdout.write(f"{what} {verb}: {directory}")
