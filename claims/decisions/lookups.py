"""Other apps' signed decisions on the public /verify/ page (a training-support decision has no
claim: training keeps its own decision table and registers its lookup here in its AppConfig's
ready, so this lower layer never imports it).

A lookup takes the typed number and code and returns the issued decision it finds (an object
with number, get_kind_display, issued_on, center, signer_name, signer_title, signed_at,
cert_fingerprint and sha256, as claims.decisions.models.Decision) and the full name of the
person it is about, or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Verifiable:
    decision: Any
    full_name: str


Lookup = Callable[[str, str], Verifiable | None]
_lookups: list[Lookup] = []


def register_verifiable(lookup: Lookup) -> Lookup:
    """Add a lookup for /verify/ (once; call from an AppConfig.ready)."""
    if lookup not in _lookups:
        _lookups.append(lookup)
    return lookup


def verifiable_lookup(number: str, code: str) -> Verifiable | None:
    """The first registered lookup's find for this number and code, or None."""
    for lookup in _lookups:
        found = lookup(number, code)
        if found is not None:
            return found
    return None
