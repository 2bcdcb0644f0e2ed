"""The mock VNeID's RS256 signing key: read from MOCK_VNEID_KEY_FILE, generated there on first use."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def _generate_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )


def signing_key_ensure(*, path: Path) -> tuple[str, bool]:
    """The PEM private key at `path`, creating it (mode 0600) if missing. Returns (pem, created).

    Several processes (web, worker, a test run) may start at once: the key is written to a
    temporary file and linked into place, so exactly one key wins and nobody reads half a file.
    """
    path = Path(path)
    if path.exists():
        return path.read_text(encoding="ascii"), False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(_generate_pem())
    try:
        os.link(tmp, path)
        created = True
    except FileExistsError:
        created = False  # another process won the race; use its key
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_text(encoding="ascii"), created


def signing_key_install() -> bool:
    """Put the mock's key into OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"] unless one is configured.

    Returns True when a key was installed. Called when the app starts (apps.ready) and by
    `manage.py dev_keys`; a no-op when the mock is disabled (a real issuer is used).
    """
    # At call time: this module is loaded by the mock's AppConfig before settings are final.
    from django.conf import settings
    from oauth2_provider.settings import oauth2_settings  # (same reason)

    if not getattr(settings, "MOCK_VNEID_ENABLED", False):
        return False
    provider_settings = settings.OAUTH2_PROVIDER
    if provider_settings.get("OIDC_RSA_PRIVATE_KEY"):
        return False
    pem, _created = signing_key_ensure(path=settings.MOCK_VNEID_KEY_FILE)
    provider_settings["OIDC_RSA_PRIVATE_KEY"] = pem
    oauth2_settings.reload()
    return True
