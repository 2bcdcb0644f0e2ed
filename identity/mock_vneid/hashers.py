"""The mock population's password hashing: cheap, because the real VNeID pays that cost itself.

A real identity provider checks its users' passwords on its own servers; the portal never sees
that cost. The mock runs next to the portal (often in the same process), so checking its
population's passwords with Django's PBKDF2 at a million iterations made every citizen login cost
the portal about half a second of CPU that production would never spend (issue 11). The mock
therefore uses its own hasher, outside settings.PASSWORD_HASHERS: staff passwords keep Django's
strong default, and a staff hash can never be of this cheap kind (Django does not know it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, identify_hasher


class MockPopulationPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 with 1,000 iterations: still salted and slow to brute-force by hand,
    about a millisecond to check, not the production cost of a real identity provider."""

    algorithm = "mock_vneid_pbkdf2_sha256"
    iterations = 1_000


HASHER = MockPopulationPasswordHasher()


def population_password_make(raw_password: str, *, salt: str | None = None) -> str:
    """The stored form of a mock person's password (a fixed salt for deterministic demo data)."""
    return HASHER.encode(raw_password, salt or HASHER.salt())


def population_password_check(
    raw_password: str, encoded: str, *, setter: Callable[[str], None] | None = None
) -> bool:
    """Whether `raw_password` matches `encoded`.

    A hash made before the mock had its own hasher (Django's PBKDF2 at a million iterations) is
    checked once the old way and, when it matches, `setter` stores the cheap form, so each
    person pays the old cost at most once.
    """
    if encoded.startswith(f"{HASHER.algorithm}$"):
        return HASHER.verify(raw_password, encoded)
    try:
        identify_hasher(encoded)
    except ValueError:
        return False  # unusable or unknown: never a match
    ok = check_password(raw_password, encoded)
    if ok and setter is not None:
        setter(population_password_make(raw_password))
    return ok


def population_password_dummy_check(raw_password: str) -> None:
    """Spend the same time as a real check when no person has that ID (no timing oracle)."""
    HASHER.encode(raw_password, HASHER.salt())
